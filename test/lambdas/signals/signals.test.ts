import { describe, expect, it } from 'vitest';
import type { SignalRegisterEvent } from '../../../compiler/contracts/runtime.ts';
import { sha256Hex } from '../../../lambdas/shared/hash.ts';
import { deliverSignal } from '../../../lambdas/signal-deliver/core.ts';
import { fromEventBridge, handle } from '../../../lambdas/signal-deliver/handler.ts';
import { registerSignalWait } from '../../../lambdas/signal-register/core.ts';
import { FakeCallbacks, FakeClock, FakeSignalStore, RecordingLog } from '../helpers/fakes.ts';
import { parse, request } from '../helpers/http.ts';

const waitEvent = (token: string, correlation_id?: string): SignalRegisterEvent => ({
  token,
  process: 'order_flow',
  step: 'await_payment',
  execution: { id: 'arn:exec:run', name: 'run', start_time: '2026-11-25T09:00:00.000Z' },
  signal: 'order_paid',
  ...(correlation_id !== undefined && { correlation_id }),
  timeout_seconds: 3600,
});

function setup() {
  return {
    signals: new FakeSignalStore(),
    callbacks: new FakeCallbacks(),
    clock: new FakeClock(),
    log: new RecordingLog(),
  };
}

describe('signal waits and delivery', () => {
  it('stores the wait under signal + correlation, keyed by the token hash', async () => {
    const deps = setup();
    await registerSignalWait(waitEvent('tok-1', 'order-7'), deps);
    expect(await deps.signals.waitHashes('order_paid', 'order-7')).toEqual([sha256Hex('tok-1')]);
    expect(deps.log.text()).not.toContain('tok-1');
  });

  it('resumes the matching correlated waits and the uncorrelated ones, each once', async () => {
    const deps = setup();
    await registerSignalWait(waitEvent('a', 'order-7'), deps);
    await registerSignalWait(waitEvent('b', 'order-8'), deps);
    await registerSignalWait(waitEvent('c'), deps);
    const result = await deliverSignal(
      { name: 'order_paid', correlation_id: 'order-7', payload: { amount: 5 } },
      deps,
    );
    expect(result).toEqual({ delivered: 2 });
    expect(deps.callbacks.sent.map((s) => s.token).sort()).toEqual(['a', 'c']);
    expect(deps.callbacks.sent[0].output).toEqual({
      signal: 'order_paid',
      correlation_id: 'order-7',
      payload: { amount: 5 },
    });
    expect(await deliverSignal({ name: 'order_paid', correlation_id: 'order-7', payload: {} }, deps)).toEqual(
      { delivered: 0 },
    );
  });

  it('a delivery without correlation id resumes only uncorrelated waits', async () => {
    const deps = setup();
    await registerSignalWait(waitEvent('a', 'order-7'), deps);
    await registerSignalWait(waitEvent('c'), deps);
    expect(await deliverSignal({ name: 'order_paid', payload: {} }, deps)).toEqual({ delivered: 1 });
    expect(deps.callbacks.sent.map((s) => s.token)).toEqual(['c']);
  });

  it('the same delivery id twice resumes nothing the second time, not even a newer wait', async () => {
    const deps = setup();
    await registerSignalWait(waitEvent('a', 'o'), deps);
    const signal = { name: 'order_paid', correlation_id: 'o', payload: {}, delivery_id: 'event:1' };
    expect(await deliverSignal(signal, deps)).toEqual({ delivered: 1 });
    await registerSignalWait(waitEvent('a2', 'o'), deps);
    expect(await deliverSignal(signal, deps)).toEqual({ delivered: 1, duplicate: true });
    expect(deps.callbacks.sent.map((s) => s.token)).toEqual(['a']);
  });

  it('a duplicate arriving while the first delivery is still running is a Conflict (retry later)', async () => {
    const deps = setup();
    await deps.signals.beginDelivery('order_paid', 'event:2');
    await expect(
      deliverSignal({ name: 'order_paid', payload: {}, delivery_id: 'event:2' }, deps),
    ).rejects.toMatchObject({ code: 'Conflict' });
  });

  it('accepts a numeric correlation id as its string', async () => {
    const deps = setup();
    const { parseSignalRegister } = await import('../../../lambdas/shared/schemas.ts');
    await registerSignalWait(parseSignalRegister({ ...waitEvent('n'), correlation_id: 42 }), deps);
    expect(await deliverSignal({ name: 'order_paid', correlation_id: '42', payload: {} }, deps)).toEqual({
      delivered: 1,
    });
  });

  it('does not count waits whose execution is gone', async () => {
    const deps = setup();
    await registerSignalWait(waitEvent('a', 'o'), deps);
    deps.callbacks.gone.add('a');
    expect(await deliverSignal({ name: 'order_paid', correlation_id: 'o', payload: {} }, deps)).toEqual({
      delivered: 0,
    });
  });

  it('puts a wait back when resuming it fails, so a retry can deliver', async () => {
    const deps = setup();
    await registerSignalWait(waitEvent('a', 'o'), deps);
    deps.callbacks.failWith = new Error('throttled');
    await expect(
      deliverSignal({ name: 'order_paid', correlation_id: 'o', payload: {} }, deps),
    ).rejects.toMatchObject({ code: 'Upstream' });
    deps.callbacks.failWith = undefined;
    expect(await deliverSignal({ name: 'order_paid', correlation_id: 'o', payload: {} }, deps)).toEqual({
      delivered: 1,
    });
  });

  it('POST /signals/{name} → 202 {delivered}; Idempotency-Key dedupes; bad bodies are 400', async () => {
    const deps = setup();
    const ctx = {
      ...deps,
      auth: { rolesClaim: 'cognito:groups', devAuth: false },
      access: { signals: { order_paid: ['payments'] } },
    };
    const claims = { sub: 'u-1', 'cognito:groups': ['payments'] };
    await registerSignalWait(waitEvent('a', 'o'), deps);
    const post = (body: unknown, headers = {}) =>
      handle(request('POST', '/signals/order_paid', { body, claims, headers }), ctx);
    const res = await post({ correlation_id: 'o', payload: { ok: true } }, { 'Idempotency-Key': 'k1' });
    expect(res.statusCode).toBe(202);
    expect(parse(res)).toEqual({ delivered: 1 });
    expect(parse(await post({ correlation_id: 'o', payload: {} }, { 'Idempotency-Key': 'k1' }))).toEqual({
      delivered: 1,
      duplicate: true,
    });
    expect((await post({ correlation_id: { x: 1 } })).statusCode).toBe(400);
    expect(
      (await handle(request('POST', '/signals/order_paid', { rawBody: 'nope', claims }), ctx)).statusCode,
    ).toBe(400);
  });

  it('reads EventBridge Signal events, deduping on the event id', () => {
    const signal = fromEventBridge({
      id: 'ev-1',
      'detail-type': 'Signal',
      detail: { name: 'order_paid', payload: { a: 1 } },
    });
    expect(signal).toEqual({ name: 'order_paid', payload: { a: 1 }, delivery_id: 'event:ev-1' });
    expect(() => fromEventBridge({ id: 'x', 'detail-type': 'Signal', detail: { payload: {} } })).toThrow(
      /name/,
    );
  });
});
