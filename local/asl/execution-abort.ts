/**
 * An execution's abort signal and its controller in one object, without Node's `EventTarget`:
 * an `AbortController` and its signal cost about 1.5 KB per execution (the signal's listener map,
 * its first listener's records), as much as a Task's own work. It is what of `AbortSignal` the
 * runtime uses — `aborted`, `reason`, `throwIfAborted()`, `addEventListener` /
 * `removeEventListener` of `'abort'` — told in the order added, a listener added twice told once,
 * one added after the abort never, as `EventTarget` does.
 *
 * It stays inside the runtime: an integration that wants a signal gets its Task's own
 * `AbortController` (task-state.ts), Parallel branches and Map iterations real child controllers
 * (interrupt.ts). Code that checks for a real `AbortSignal` (`AbortSignal.any`) must not get it.
 */
type Listener = ((this: AbortSignal, event: AbortEvent) => void) | { handleEvent(event: AbortEvent): void };

/** What a listener is called with: the `Event` fields a listener may read. */
interface AbortEvent {
  readonly type: 'abort';
  readonly target: AbortSignal;
  readonly currentTarget: AbortSignal;
}

/** Listeners kept in an array up to this many (a Set beyond: removing one from it is not a search). */
const FEW = 16;

export class ExecutionAbort {
  aborted = false;
  reason: unknown = undefined;
  private listeners: Listener[] | Set<Listener> | undefined = undefined;

  /** This object, as the signal the interpreter is given. */
  get signal(): AbortSignal {
    return this as unknown as AbortSignal;
  }

  throwIfAborted(): void {
    if (this.aborted) throw this.reason;
  }

  addEventListener(type: string, listener: Listener | null): void {
    if (type !== 'abort' || !listener || this.aborted) return;
    const listeners = this.listeners;
    if (!listeners) this.listeners = [listener];
    else if (!Array.isArray(listeners)) listeners.add(listener);
    else if (!listeners.includes(listener)) {
      if (listeners.length < FEW) listeners.push(listener);
      else this.listeners = new Set(listeners).add(listener);
    }
  }

  removeEventListener(type: string, listener: Listener | null): void {
    const listeners = this.listeners;
    if (type !== 'abort' || !listeners || !listener) return;
    if (!Array.isArray(listeners)) listeners.delete(listener);
    else {
      const i = listeners.indexOf(listener);
      if (i >= 0) listeners.splice(i, 1);
    }
  }

  /**
   * Aborts with `reason` (the first abort only) and tells the listeners, each once; one removed
   * by an earlier one is not told. A listener that throws does not stop the others: its error is
   * thrown on the next tick, as `EventTarget` reports it.
   */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.listeners;
    if (!listeners) return;
    const signal = this.signal;
    const event: AbortEvent = { type: 'abort', target: signal, currentTarget: signal };
    // A Set is walked as it is (one removed before its turn is not visited); an array as it was,
    // each listener looked for again (one removed by an earlier one is not told).
    for (const listener of Array.isArray(listeners) ? [...listeners] : listeners) {
      if (Array.isArray(this.listeners) && !this.listeners.includes(listener)) continue;
      try {
        if (typeof listener === 'function') listener.call(signal, event);
        else listener.handleEvent(event);
      } catch (error) {
        process.nextTick(() => {
          throw error;
        });
      }
    }
    this.listeners = undefined;
  }
}
