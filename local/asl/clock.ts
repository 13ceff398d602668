/**
 * Time for the interpreter behind one interface: the real clock for the dev server, and a virtual
 * clock for tests and `dazzle-sfn run`, on which waits, retry delays and timeouts of days pass at
 * once, in order, deterministically.
 */

/** A scheduled callback; `cancel()` is idempotent. */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason when `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Calls `callback` after `ms`. */
  setTimer(ms: number, callback: () => void): TimerHandle;
  /**
   * Marks outside work in progress (an integration call): the virtual clock does not move while any
   * hold is open, so a slow handler never makes a timeout fire early. Returns the release function.
   */
  hold(): () => void;
}

/** The largest delay `setTimeout` accepts; longer sleeps are chained. */
const MAX_TIMEOUT_MS = 2_147_483_647;

export class RealClock implements Clock {
  now(): number {
    return Date.now();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }

  setTimer(ms: number, callback: () => void): TimerHandle {
    let handle: NodeJS.Timeout | undefined;
    let cancelled = false;
    const due = Date.now() + Math.max(0, ms);
    const arm = () => {
      const left = due - Date.now();
      handle = setTimeout(
        () => {
          if (cancelled) return;
          if (due - Date.now() > 0) arm();
          else callback();
        },
        Math.min(Math.max(0, left), MAX_TIMEOUT_MS),
      );
    };
    arm();
    return {
      cancel: () => {
        cancelled = true;
        if (handle) clearTimeout(handle);
      },
    };
  }

  hold(): () => void {
    return () => {};
  }
}

class VirtualTimer implements TimerHandle {
  cancelled = false;

  constructor(
    private readonly clock: VirtualClock,
    readonly due: number,
    readonly seq: number,
    readonly callback: () => void,
  ) {}

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.clock.cancelledOne();
  }
}

export interface VirtualClockOptions {
  /** Start time, ms since the epoch. @default Date.parse('2025-01-01T00:00:00.000Z') */
  start?: number;
  /**
   * Advance time by itself whenever nothing is running (no pending promise work, no open hold).
   * Turn off to drive time by hand with `advance()` / `runAll()`.
   * @default true
   */
  autoAdvance?: boolean;
}

/**
 * Deterministic clock: timers fire in (due time, creation order). With `autoAdvance`, when the
 * process is idle (checked from `setImmediate`, i.e. after all pending promise work) and no hold is
 * open, time jumps to the next timer and fires it.
 */
export class VirtualClock implements Clock {
  private current: number;
  private readonly heap: VirtualTimer[] = [];
  private seq = 0;
  private cancelled = 0;
  private holds = 0;
  private checkScheduled = false;
  private autoAdvance: boolean;

  constructor(options: VirtualClockOptions = {}) {
    this.current = options.start ?? Date.parse('2025-01-01T00:00:00.000Z');
    this.autoAdvance = options.autoAdvance ?? true;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }

  setTimer(ms: number, callback: () => void): TimerHandle {
    // The timer is its own handle (no closure per timer: a Task with TimeoutSeconds makes one).
    const timer = new VirtualTimer(this, this.current + Math.max(0, ms), this.seq++, callback);
    heapPush(this.heap, timer);
    this.scheduleCheck();
    return timer;
  }

  /** A timer was cancelled: drop cancelled timers in bulk so that long runs do not grow the heap. */
  cancelledOne(): void {
    if (++this.cancelled > 1024 && this.cancelled * 2 > this.heap.length) this.compact();
  }

  private compact(): void {
    const live = this.heap.filter((t) => !t.cancelled);
    this.heap.length = 0;
    for (const t of live) heapPush(this.heap, t);
    this.cancelled = 0;
  }

  hold(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      this.scheduleCheck();
    };
  }

  /** Number of live (not cancelled) timers. */
  pendingTimers(): number {
    return this.heap.filter((t) => !t.cancelled).length;
  }

  /** Moves time forward by `ms`, firing every timer due on the way, in order. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      await settle();
      const next = this.peek();
      if (!next || next.due > target) break;
      this.fireNext();
    }
    this.current = Math.max(this.current, target);
    await settle();
  }

  /** Fires timers until none is left (or `limit` have fired). */
  async runAll(limit = 1_000_000): Promise<void> {
    for (let fired = 0; fired < limit; fired++) {
      await settle();
      if (!this.peek()) return;
      this.fireNext();
    }
  }

  setAutoAdvance(on: boolean): void {
    this.autoAdvance = on;
    this.scheduleCheck();
  }

  private peek(): VirtualTimer | undefined {
    while (this.heap.length > 0 && this.heap[0].cancelled) heapPop(this.heap);
    return this.heap[0];
  }

  private fireNext(): void {
    const timer = heapPop(this.heap);
    if (!timer || timer.cancelled) return;
    this.current = Math.max(this.current, timer.due);
    timer.cancelled = true;
    timer.callback();
  }

  private scheduleCheck(): void {
    if (!this.autoAdvance || this.checkScheduled) return;
    this.checkScheduled = true;
    setImmediate(() => {
      this.checkScheduled = false;
      if (!this.autoAdvance || this.holds > 0 || !this.peek()) return;
      this.fireNext();
      this.scheduleCheck();
    });
  }
}

/** Lets pending promise work run to completion (one macrotask turn). */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function sleepOn(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      timer.cancel();
      reject(signal?.reason);
    };
    const timer = clock.setTimer(ms, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function before(a: VirtualTimer, b: VirtualTimer): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}

function heapPush(heap: VirtualTimer[], item: VirtualTimer): void {
  heap.push(item);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(heap[i], heap[parent])) break;
    [heap[i], heap[parent]] = [heap[parent], heap[i]];
    i = parent;
  }
}

function heapPop(heap: VirtualTimer[]): VirtualTimer | undefined {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length > 0 && last) {
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l], heap[m])) m = l;
      if (r < heap.length && before(heap[r], heap[m])) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  }
  return top;
}
