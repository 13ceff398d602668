/**
 * An execution's abort signal (execution-abort.ts) tells its listeners as Node's AbortController
 * does: the same script of adds, removes and aborts run on both gives the same calls.
 */
import { describe, expect, it } from 'vitest';
import { ExecutionAbort } from '../../../local/asl/execution-abort.ts';

type Step =
  | { op: 'add'; listener: number }
  | { op: 'remove'; listener: number }
  | { op: 'abort'; reason: string }
  | { op: 'addOnce'; listener: number };

/** Runs `steps` on a controller; listener `i`, when told, may remove listener `removes[i]`. */
function play(
  controller: { signal: AbortSignal; abort(reason: unknown): void },
  steps: Step[],
  removes: Map<number, number>,
) {
  const log: string[] = [];
  const { signal } = controller;
  const listeners: (EventListener | { handleEvent: EventListener })[] = [];
  const listener = (i: number) => {
    listeners[i] ??= (() => {
      const call = (event: Event) => {
        log.push(`${i}:${event.type}:${String(signal.reason)}:${signal.aborted}:${event.target === signal}`);
        const other = removes.get(i);
        if (other !== undefined) signal.removeEventListener('abort', listener(other));
      };
      return i % 3 === 2 ? { handleEvent: call } : call;
    })();
    return listeners[i];
  };
  for (const step of steps) {
    if (step.op === 'add') signal.addEventListener('abort', listener(step.listener));
    else if (step.op === 'addOnce') signal.addEventListener('abort', listener(step.listener), { once: true });
    else if (step.op === 'remove') signal.removeEventListener('abort', listener(step.listener));
    else controller.abort(step.reason);
    log.push(`after ${step.op}: ${signal.aborted} ${String(signal.reason)}`);
  }
  return log;
}

/** A small seeded generator, so a failure replays. */
function random(seed: number) {
  let a = seed;
  return (n: number) => {
    a = (a * 1103515245 + 12345) % 2147483648;
    return a % n;
  };
}

describe('ExecutionAbort', () => {
  it('tells listeners as AbortController does, on random scripts', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      // Over 16 listeners, they are kept in a Set rather than an array.
      const many = next(2) === 0 ? 6 : 24;
      const steps: Step[] = [];
      for (let k = next(60) + 1; k > 0; k--) {
        const r = next(10);
        if (r < 6) steps.push({ op: next(2) ? 'add' : 'addOnce', listener: next(many) });
        else if (r < 8) steps.push({ op: 'remove', listener: next(many) });
        else steps.push({ op: 'abort', reason: `r${next(3)}` });
      }
      steps.push({ op: 'abort', reason: 'last' });
      const removes = new Map<number, number>();
      for (let k = next(6) + 1; k > 0; k--) removes.set(next(many), next(many));
      const ours = new ExecutionAbort();
      const node = new AbortController();
      expect(play(ours, steps, removes), `seed ${seed}`).toEqual(play(node, steps, removes));
    }
  });

  it('throws its reason from throwIfAborted once aborted', () => {
    const ours = new ExecutionAbort();
    expect(() => ours.signal.throwIfAborted()).not.toThrow();
    const reason = { why: 'stopped' };
    ours.abort(reason);
    ours.abort('again');
    expect(ours.signal.reason).toBe(reason);
    expect(() => ours.signal.throwIfAborted()).toThrow(expect.objectContaining(reason));
  });
});
