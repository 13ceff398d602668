/**
 * Notices executions as they start and end — also the ones the engine starts itself (subprocesses,
 * distributed Map iterations) — to emit Step Functions "Execution Status Change" events and to log
 * transitions. The engine has no observer API, so the watcher scans it: on demand (the runtime scans
 * whenever something happens: a start, a Lambda invoke, an event) and on a slow real-time timer.
 */
import type { AslEngine, ExecutionDescription, HistoryEvent } from './asl/index.ts';

export interface WatcherListener {
  started?(execution: ExecutionDescription): void;
  /** States entered since the last scan (only when asked for transitions). */
  entered?(execution: ExecutionDescription, states: HistoryEvent[]): void;
  ended?(execution: ExecutionDescription): void;
}

export class ExecutionWatcher {
  private readonly seen = new Map<string, { historyLength: number; ended: boolean }>();
  private timer?: NodeJS.Timeout;

  private engine?: AslEngine;

  constructor(
    private readonly listener: WatcherListener,
    private readonly transitions: boolean,
  ) {}

  /** Watch another engine (after a reload); executions of the old one are forgotten. */
  attach(engine: AslEngine): void {
    this.engine = engine;
    this.seen.clear();
  }

  /** Scan every `ms` of real time until `stop()`. */
  poll(ms: number): void {
    this.stop();
    this.timer = setInterval(() => this.scan(), ms);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  scan(): void {
    const engine = this.engine;
    if (!engine) return;
    for (const d of engine.listExecutions()) {
      let s = this.seen.get(d.executionArn);
      if (!s) {
        s = { historyLength: 0, ended: false };
        this.seen.set(d.executionArn, s);
        this.listener.started?.(d);
        const arn = d.executionArn;
        engine.awaitExecution(arn).then(
          (done) => {
            if (this.engine !== engine) return;
            this.flushHistory(done);
            const state = this.seen.get(arn);
            if (state && !state.ended) {
              state.ended = true;
              this.listener.ended?.(done);
            }
          },
          () => {},
        );
      }
      if (d.status === 'RUNNING') this.flushHistory(d);
    }
  }

  private flushHistory(d: ExecutionDescription): void {
    if (!this.transitions || !this.listener.entered) return;
    const s = this.seen.get(d.executionArn);
    if (!s || !this.engine) return;
    const history = this.engine.getExecutionHistory(d.executionArn);
    if (history.length <= s.historyLength) return;
    const fresh = history.slice(s.historyLength).filter((e) => e.type.endsWith('StateEntered'));
    s.historyLength = history.length;
    if (fresh.length > 0) this.listener.entered(d, fresh);
  }
}
