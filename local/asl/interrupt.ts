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
