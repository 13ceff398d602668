/**
 * Why a running branch must stop: the execution was stopped or timed out, or a sibling branch /
 * iteration failed. Not a `StatesError`, so Retry and Catch never see it. (Not an `Error` either:
 * these are expected control flow, and capturing a stack for each would cost.)
 */
export class Interrupt {
  static readonly stopped = new Interrupt('stopped');
  static readonly timedOut = new Interrupt('timedOut');
  static readonly siblingFailed = new Interrupt('siblingFailed');

  private constructor(readonly reason: 'stopped' | 'timedOut' | 'siblingFailed') {}

  toString(): string {
    return `Interrupt(${this.reason})`;
  }
}

/** A child signal that aborts when `parent` does (with the parent's reason) or on its own. */
export function childController(parent: AbortSignal): { controller: AbortController; dispose(): void } {
  const controller = new AbortController();
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { controller, dispose: () => {} };
  }
  const onAbort = () => controller.abort(parent.reason);
  parent.addEventListener('abort', onAbort, { once: true });
  return { controller, dispose: () => parent.removeEventListener('abort', onAbort) };
}

/** Rejects with the signal's reason as soon as it aborts; otherwise settles like `promise`. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/** Something told when a signal aborts. */
export interface AbortListener {
  handleEvent(): void;
}

const hubs = new WeakMap<AbortSignal, Set<AbortListener>>();

/**
 * Listens to `signal`'s abort through one real listener per signal and a set: a Task listens to
 * its execution's signal for as long as it runs, and Node's `addEventListener` /
 * `removeEventListener` cost more than the task's own work. Listeners are told in the order they
 * started listening.
 */
export function onAbort(signal: AbortSignal, listener: AbortListener): void {
  let set = hubs.get(signal);
  if (!set) {
    const listeners = new Set<AbortListener>();
    set = listeners;
    hubs.set(signal, listeners);
    signal.addEventListener(
      'abort',
      () => {
        const told = [...listeners];
        listeners.clear();
        for (const l of told) l.handleEvent();
      },
      { once: true },
    );
  }
  set.add(listener);
}

export function offAbort(signal: AbortSignal, listener: AbortListener): void {
  hubs.get(signal)?.delete(listener);
}
