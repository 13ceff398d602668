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

/**
 * Something told when a signal aborts. The two links are the signal's listener list's, kept on
 * the listener itself (set and read by `onAbort` / `offAbort` only).
 */
export interface AbortListener {
  handleEvent(): void;
  abortPrev?: AbortListener;
  abortNext?: AbortListener;
}

/** A signal's listeners, first to last. */
interface Listeners {
  head?: AbortListener;
  tail?: AbortListener;
}

const LISTENERS = Symbol('abort listeners');

type Listened = AbortSignal & { [LISTENERS]?: Listeners };

/**
 * Listens to `signal`'s abort through one real listener per signal and a list linked through the
 * listeners: a Task listens to its execution's signal for as long as it runs, and Node's
 * `addEventListener` / `removeEventListener` (or a Set entry) cost more than the task's own work.
 * Listeners are told in the order they started listening. A listener is on one list at a time.
 */
export function onAbort(signal: AbortSignal, listener: AbortListener): void {
  const s = signal as Listened;
  let list = s[LISTENERS];
  if (!list) {
    const created: Listeners = {};
    list = created;
    s[LISTENERS] = created;
    signal.addEventListener(
      'abort',
      () => {
        const told: AbortListener[] = [];
        for (let l = created.head; l; ) {
          const next = l.abortNext;
          l.abortPrev = l.abortNext = undefined;
          told.push(l);
          l = next;
        }
        created.head = created.tail = undefined;
        for (const l of told) l.handleEvent();
      },
      { once: true },
    );
  }
  listener.abortPrev = list.tail;
  listener.abortNext = undefined;
  if (list.tail) list.tail.abortNext = listener;
  else list.head = listener;
  list.tail = listener;
}

export function offAbort(signal: AbortSignal, listener: AbortListener): void {
  const list = (signal as Listened)[LISTENERS];
  if (!list || (listener.abortPrev === undefined && list.head !== listener)) return;
  const { abortPrev: prev, abortNext: next } = listener;
  if (prev) prev.abortNext = next;
  else list.head = next;
  if (next) next.abortPrev = prev;
  else list.tail = prev;
  listener.abortPrev = listener.abortNext = undefined;
}
