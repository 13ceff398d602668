/**
 * `dev --state-dir DIR`: what the local runtime keeps on disk so that a restart carries on (the
 * Temporal dev server's `--db-filename` is the model).
 *
 *   DIR/dynamodb/        dynalite's LevelDB: tasks, signal waits, locks, run records, entities
 *   DIR/running.json     the running executions, where they are (AslEngine.snapshot), rewritten
 *                        within a second of any change and at a clean stop
 *   DIR/finished.jsonl   finished executions, one line each, appended as they finish (compacted to
 *                        the newest `keep` when it has twice as many)
 *   DIR/schedules.json   one-time schedules not fired yet (task escalations)
 *
 * Files are replaced by rename, so a crash leaves the previous version whole; what changed in the
 * last second before a crash may be lost (a clean stop loses nothing).
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineSnapshot, ExecutionSnapshot } from './asl/index.ts';
import type { ScheduleRequest } from './aws/scheduler.ts';

export class StateDirError extends Error {
  override readonly name = 'StateDirError';
}

export class StateDir {
  private finishedLines = 0;

  constructor(readonly dir: string) {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      throw new StateDirError(`cannot use ${dir} as the state directory: ${(error as Error).message}`);
    }
  }

  get dynamoPath(): string {
    return join(this.dir, 'dynamodb');
  }

  /** The saved executions (finished ones, newest `keep`, then the running ones) and schedules. */
  load(keep: number): { snapshot?: EngineSnapshot; schedules: ScheduleRequest[] } {
    const running = this.readJson<EngineSnapshot>('running.json');
    const finished = new Map<string, ExecutionSnapshot>();
    const file = join(this.dir, 'finished.jsonl');
    if (existsSync(file)) {
      const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
      this.finishedLines = lines.length;
      for (const line of lines) {
        try {
          const e = JSON.parse(line) as ExecutionSnapshot;
          finished.delete(e.arn);
          finished.set(e.arn, e);
        } catch {
          // A line cut short by a crash: the rest stays readable.
        }
      }
    }
    const kept = [...finished.values()].slice(-keep);
    const executions = [...kept, ...(running?.executions ?? []).filter((e) => !finished.has(e.arn))];
    const snapshot =
      executions.length > 0
        ? { version: 1 as const, definitions: running?.definitions ?? [], executions }
        : undefined;
    return { snapshot, schedules: this.readJson<ScheduleRequest[]>('schedules.json') ?? [] };
  }

  /** Rewrites the running executions (the finished ones of `snapshot` are left out). */
  saveRunning(snapshot: EngineSnapshot): void {
    const executions = snapshot.executions.filter((e) => e.status === 'RUNNING');
    this.writeJson('running.json', { ...snapshot, executions });
  }

  /** Appends one finished execution; compacts the file to the newest `keep` when it has 2×keep lines. */
  appendFinished(execution: ExecutionSnapshot, keep: number): void {
    const file = join(this.dir, 'finished.jsonl');
    appendFileSync(file, `${JSON.stringify(execution)}\n`);
    if (++this.finishedLines <= Math.max(2 * keep, 100)) return;
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(-keep);
    this.writeText('finished.jsonl', lines.length > 0 ? `${lines.join('\n')}\n` : '');
    this.finishedLines = lines.length;
  }

  saveSchedules(schedules: readonly ScheduleRequest[]): void {
    this.writeJson('schedules.json', schedules);
  }

  private readJson<T>(name: string): T | undefined {
    const file = join(this.dir, name);
    if (!existsSync(file)) return undefined;
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as T;
    } catch (error) {
      throw new StateDirError(
        `${file} is not readable JSON (${(error as Error).message}); move it away to start afresh`,
      );
    }
  }

  private writeJson(name: string, value: unknown): void {
    this.writeText(name, JSON.stringify(value));
  }

  private writeText(name: string, text: string): void {
    const file = join(this.dir, name);
    writeFileSync(`${file}.tmp`, text);
    renameSync(`${file}.tmp`, file);
  }
}
