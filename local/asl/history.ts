/** Execution history in the shape of AWS `GetExecutionHistory` events. */
import type { Position } from './snapshot.ts';

export type HistoryEventType =
  | 'ExecutionStarted'
  | 'ExecutionSucceeded'
  | 'ExecutionFailed'
  | 'ExecutionAborted'
  | 'ExecutionTimedOut'
  | 'ExecutionRedriven'
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

/**
 * How to build a value again, identically, from a few inputs (a `lambda:invoke` result with its
 * HTTP metadata is ~1.5 KB of objects; its recipe a few fields). An event that holds such a value as
 * its input or output keeps the recipe instead and builds the value when the history is read. The
 * value flows on through the execution as itself; only the history's copy is compact. The
 * recorder remembers the last few values declared so (`rebuildable`), by identity.
 */
export abstract class Recipe {
  abstract build(): unknown;
}

/** How many recent rebuildable values a recorder recognizes (parallel branches interleave). */
const REMEMBERED = 4;

/** The details with every value kept as a recipe built. */
function built(details: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const key of REBUILT_FIELDS) {
    const v = details[key];
    if (v instanceof Recipe) {
      out ??= { ...details };
      out[key] = v.build();
    }
  }
  return out ?? details;
}

const REBUILT_FIELDS = ['input', 'output'] as const;

/** Slots of one event in `HistoryRecorder.data`: id, previous id, time offset, type, details. */
const STRIDE = 5;

/**
 * The most events a recorder makes room for at its creation (`expected`): V8 gives an array
 * created longer than 100,000 elements dictionary elements (slow, and more memory), and a rare long
 * run should not make every later one start with that much room.
 */
const MAX_EXPECTED_EVENTS = 4096;

/**
 * An execution's events, kept compactly: every finished execution keeps its history (AWS keeps it
 * for 90 days), so its size is most of what an engine holds and what the garbage collector walks.
 * The events sit in one flat array (no object per event), their times as offsets from the
 * recorder's creation (small integers, where absolute clock times would each be a boxed number),
 * and the AWS-shaped events are built on read (`list()`).
 */
export class HistoryRecorder {
  private readonly data: unknown[];
  /** The slots of `data` in use (the rest is room made for the events expected). */
  private size = 0;
  private count = 0;
  private readonly base: number;
  /** Recent rebuildable values and their recipes, in turn. */
  private readonly remembered: (object | Recipe | undefined)[] = [];
  private turn = 0;

  constructor(
    private readonly now: () => number,
    private readonly enabled: boolean,
    /** Told of every event as it is added (recorded or not). */
    private readonly onEvent?: (type: HistoryEventType, details?: Record<string, unknown>) => void,
    /**
     * How many events to make room for (the length of the state machine's previous run): an
     * array grown by `push` copies itself each time it grows, which was most of what recording
     * a history allocated. `forget()` gives back the room left unused.
     */
    expected = 0,
  ) {
    this.base = enabled ? now() : 0;
    this.data = enabled && expected > 0 ? new Array(Math.min(expected, MAX_EXPECTED_EVENTS) * STRIDE) : [];
  }

  /** Records an event; returns its id (ids are counted even when history is off). */
  add(thread: Thread, type: HistoryEventType, details?: Record<string, unknown>): number {
    this.onEvent?.(type, details);
    const id = ++this.count;
    if (this.enabled)
      this.store(id, thread.last, this.now() - this.base, type, details && this.compacted(details));
    thread.last = id;
    return id;
  }

  private store(id: number, previous: number, time: number, type: HistoryEventType, details: unknown): void {
    const data = this.data;
    const at = this.size;
    if (at + STRIDE <= data.length) {
      data[at] = id;
      data[at + 1] = previous;
      data[at + 2] = time;
      data[at + 3] = type;
      data[at + 4] = details;
    } else data.push(id, previous, time, type, details);
    this.size = at + STRIDE;
  }

  /** Declares that `recipe.build()` returns a value equal to `value` (never changed afterwards). */
  rebuildable(value: object, recipe: Recipe): void {
    if (!this.enabled) return;
    this.remembered[2 * this.turn] = value;
    this.remembered[2 * this.turn + 1] = recipe;
    this.turn = (this.turn + 1) % REMEMBERED;
  }

  /**
   * Forgets the remembered values and gives back the room made for events that did not happen
   * (the execution has ended: nothing more is recorded, but for a redrive). V8 shrinks the array in
   * place.
   */
  forget(): void {
    this.remembered.length = 0;
    if (this.data.length > this.size) this.data.length = this.size;
  }

  private compacted(details: Record<string, unknown>): Record<string, unknown> {
    const remembered = this.remembered;
    if (remembered.length === 0) return details;
    let out: Record<string, unknown> | undefined;
    for (const key of REBUILT_FIELDS) {
      const v = details[key];
      if (v === null || typeof v !== 'object') continue;
      for (let i = 0; i < remembered.length; i += 2) {
        if (remembered[i] === v) {
          out ??= { ...details };
          out[key] = remembered[i + 1];
          break;
        }
      }
    }
    return out ?? details;
  }

  get length(): number {
    return this.size / STRIDE;
  }

  /** The events as stored (for a snapshot). */
  dump(): StoredEvent[] {
    const out: StoredEvent[] = [];
    for (let i = 0; i < this.size; i += STRIDE) {
      const d = this.data;
      const event: StoredEvent = {
        id: d[i] as number,
        previousEventId: d[i + 1] as number,
        timestamp: this.base + (d[i + 2] as number),
        type: d[i + 3] as HistoryEventType,
      };
      if (d[i + 4] !== undefined) event.details = built(d[i + 4] as Record<string, unknown>);
      out.push(event);
    }
    return out;
  }

  /** Takes the events of a snapshot (before any other event is added). */
  load(events: readonly StoredEvent[]): void {
    for (const e of events) this.store(e.id, e.previousEventId, e.timestamp - this.base, e.type, e.details);
    this.count = Math.max(this.count, events.at(-1)?.id ?? 0);
  }

  list(): HistoryEvent[] {
    return this.dump().map((e) => {
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
