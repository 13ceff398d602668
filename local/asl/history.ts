/** Execution history in the shape of AWS `GetExecutionHistory` events. */
import type { Position } from './snapshot.ts';

export type HistoryEventType =
  | 'ExecutionStarted'
  | 'ExecutionSucceeded'
  | 'ExecutionFailed'
  | 'ExecutionAborted'
  | 'ExecutionTimedOut'
  | 'EvaluationFailed'
  | `${'Task' | 'Pass' | 'Choice' | 'Wait' | 'Parallel' | 'Map' | 'Succeed' | 'Fail'}State${'Entered' | 'Exited'}`
  | 'TaskScheduled'
  | 'TaskStarted'
  | 'TaskSubmitted'
  | 'TaskSucceeded'
  | 'TaskFailed'
  | 'TaskTimedOut'
  | `LambdaFunction${'Scheduled' | 'Started' | 'Succeeded' | 'Failed' | 'TimedOut'}`
  | `ParallelState${'Started' | 'Succeeded' | 'Failed' | 'Aborted'}`
  | `MapState${'Started' | 'Succeeded' | 'Failed' | 'Aborted'}`
  | `MapIteration${'Started' | 'Succeeded' | 'Failed' | 'Aborted'}`
  | `MapRun${'Started' | 'Succeeded' | 'Failed'}`;

/** One event as `getExecutionHistory` returns it: `<lowerType>EventDetails` holds the details. */
export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: Date;
  type: HistoryEventType;
  [details: string]: unknown;
}

export interface StoredEvent {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: HistoryEventType;
  details?: Record<string, unknown>;
}

/** The last event of one thread of control (the execution, a branch, an iteration). */
export interface Thread {
  last: number;
  /** Where the thread is (set as it enters each state): what a snapshot saves (snapshot.ts). */
  at?: Position;
}

/** Fields AWS reports as JSON strings. */
const JSON_FIELDS = new Set(['input', 'output', 'parameters']);

export class HistoryRecorder {
  private readonly events: StoredEvent[] = [];
  private count = 0;

  constructor(
    private readonly now: () => number,
    private readonly enabled: boolean,
    /** Told of every event as it is added (recorded or not). */
    private readonly onEvent?: (type: HistoryEventType, details?: Record<string, unknown>) => void,
  ) {}

  /** Records an event; returns its id (ids are counted even when history is off). */
  add(thread: Thread, type: HistoryEventType, details?: Record<string, unknown>): number {
    this.onEvent?.(type, details);
    const id = ++this.count;
    if (this.enabled)
      this.events.push({ id, previousEventId: thread.last, timestamp: this.now(), type, details });
    thread.last = id;
    return id;
  }

  get length(): number {
    return this.events.length;
  }

  /** The events as stored (for a snapshot). */
  dump(): readonly StoredEvent[] {
    return this.events;
  }

  /** Takes the events of a snapshot (before any other event is added). */
  load(events: readonly StoredEvent[]): void {
    for (const e of events) this.events.push(e);
    this.count = Math.max(this.count, events.at(-1)?.id ?? 0);
  }

  list(): HistoryEvent[] {
    return this.events.map((e) => {
      const out: HistoryEvent = {
        id: e.id,
        previousEventId: e.previousEventId,
        timestamp: new Date(e.timestamp),
        type: e.type,
      };
      if (e.details) {
        const details: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(e.details)) {
          if (v === undefined) continue;
          details[k] = JSON_FIELDS.has(k) ? JSON.stringify(v) : v;
        }
        out[detailsKey(e.type)] = details;
      }
      return out;
    });
  }
}

function detailsKey(type: HistoryEventType): string {
  if (type.endsWith('StateEntered')) return 'stateEnteredEventDetails';
  if (type.endsWith('StateExited')) return 'stateExitedEventDetails';
  return `${type[0].toLowerCase()}${type.slice(1)}EventDetails`;
}
