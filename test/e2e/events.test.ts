/** The event bus: entity events → rules → executions, duplicates, emitted events, chaining, signals. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Local, startLocal } from './harness.ts';

const DSL = `
process on_confirm "Order confirmed":
  trigger:
    when: entity Order status pending -> confirmed
  input:
    order_id: str required
    amount: int
  steps:
    - step note:
        service: note
        inputs:
          - order_id -> order_id
          - amount -> amount
          - trigger.customer -> customer
    - step tell:
        channel: orders
        message: OrderNoted
  overlap: allow
  emits:
    on_start: ConfirmStarted
    on_complete: ConfirmDone

process follow_up "After on_confirm":
  trigger: process on_confirm completed
  input:
    order_id: str required
  steps:
    - step again:
        service: note
        inputs:
          - order_id -> order_id
  overlap: allow

process plain "No on_complete event":
  trigger: manual
  steps:
    - step one:
        service: note
  overlap: allow

process after_plain "After plain, via the status change":
  trigger: process plain completed
  steps:
    - step two:
        service: note
  overlap: allow

process refund "Started by a signal":
  trigger: signal refund_requested
  input:
    order_id: str required
  steps:
    - step refund_it:
        service: note
        inputs:
          - order_id -> order_id
  overlap: allow

process waiter "Waits for a signal":
  trigger: manual
  input:
    order_id: str required
  steps:
    - step paid:
        wait: payment_received
        correlation: input.order_id
        timeout: 2d
        on_failure: chase
    - step done:
        service: note
        inputs:
          - paid.payload.amount -> amount
        on_success: complete
    - step chase:
        service: note
  timeout: 3d
  overlap: allow
`;

let local: Local;
beforeAll(async () => {
  local = await startLocal(
    DSL,
    { note: async (event) => ({ noted: (event as { input: unknown }).input }) },
    // The stage lets the payments role deliver payment_received over HTTP.
    { access: { signals: { payment_received: ['payments'] } } },
  );
});
afterAll(() => local?.close());

const executionsOf = (workflow: string) =>
  local.rt.engine.listExecutions().filter((d) => d.stateMachineArn === local.rt.stateMachineArn(workflow));

const confirmed = (id: string, eventId: string, to = 'confirmed') =>
  local.rt.bus.event(
    'EntityStatusChanged',
    { entity: 'Order', id, from_status: 'pending', to_status: to, data: { amount: 40, customer: 'c-9' } },
    'dazzle.app',
    eventId,
  );

describe('entity events', () => {
  it('starts the matching process, named after the event id, with the input built from the event', async () => {
    await local.rt.bus.deliver(confirmed('o-1', 'evt-1'));
    await local.settled();
    const [run] = executionsOf('on_confirm');
    expect(run.name).toBe('evt-1');
    expect(run.status).toBe('SUCCEEDED');
    expect(run.input).toMatchObject({
      input: {
        order_id: 'o-1',
        amount: 40,
        entity_id: 'o-1',
        new_status: 'confirmed',
        old_status: 'pending',
      },
      trigger: { id: 'o-1', customer: 'c-9' },
    });
    expect(local.calls('note')[0].payload).toMatchObject({
      input: { order_id: 'o-1', amount: 40, customer: 'c-9' },
    });
  });

  it('starts one execution for a duplicate delivery of the same event', async () => {
    const before = executionsOf('on_confirm').length;
    await local.rt.bus.deliver(confirmed('o-2', 'evt-2'));
    await local.rt.bus.deliver(confirmed('o-2', 'evt-2'));
    await local.settled();
    await local.rt.bus.deliver(confirmed('o-2', 'evt-2'));
    await local.settled();
    expect(executionsOf('on_confirm').length).toBe(before + 1);
  });

  it('ignores events the pattern does not match', async () => {
    const before = executionsOf('on_confirm').length;
    await local.rt.bus.deliver(confirmed('o-3', 'evt-3', 'cancelled'));
    await local.settled();
    expect(executionsOf('on_confirm').length).toBe(before);
  });

  it('puts emitted events on the bus: on_start, send, on_complete', async () => {
    const types = local.events.filter((e) => e.detail.process === 'on_confirm').map((e) => e['detail-type']);
    expect(types.slice(0, 3)).toEqual(['ConfirmStarted', 'OrderNoted', 'ConfirmDone']);
    const done = local.events.find((e) => e['detail-type'] === 'ConfirmDone');
    expect(done?.source).toBe('dazzle.app');
    expect(done?.detail).toMatchObject({ process: 'on_confirm', status: 'completed' });
  });
});

describe('process completed triggers', () => {
  it('chains through the on_complete event, handing on the upstream inputs', async () => {
    await local.settled();
    const downstream = executionsOf('follow_up');
    expect(downstream.length).toBeGreaterThanOrEqual(1);
    expect(downstream.every((d) => d.status === 'SUCCEEDED')).toBe(true);
    expect(downstream[0].input).toMatchObject({
      input: { order_id: 'o-1' },
      trigger: { process: 'on_confirm' },
    });
  });

  it('chains through the Step Functions status change when the upstream emits nothing', async () => {
    await local.run('plain');
    await local.settled();
    expect(executionsOf('after_plain').map((d) => d.status)).toEqual(['SUCCEEDED']);
  });
});

/** A `waiter` execution registered on its signal, with the clock held until `release()`. */
async function waiting(orderId: string) {
  const release = local.clock.hold();
  const arn = local.start('waiter', { order_id: orderId });
  const registered = () =>
    local.rt.invocations.some((i) => i.execution === arn && i.function === 'dazzle-signalRegister');
  await local.until(() => (registered() ? true : undefined), 'the signal wait');
  return { arn, release };
}

describe('signals', () => {
  it('starts a signal-triggered process from a Signal event', async () => {
    await local.rt.bus.deliver(
      local.rt.bus.event(
        'Signal',
        { name: 'refund_requested', payload: { order_id: 'o-5' } },
        'dazzle.app',
        'sig-1',
      ),
    );
    await local.settled();
    const [run] = executionsOf('refund');
    expect(run.status).toBe('SUCCEEDED');
    expect(run.input).toMatchObject({ input: { order_id: 'o-5' } });
  });

  it('resumes a waiting execution through POST /signals/{name} with its correlation id', async () => {
    const { arn, release } = await waiting('o-6');
    const payments = { user: 'pat', roles: ['payments'] };
    const other = await local.call('signals', 'POST', '/signals/payment_received', payments, {
      correlation_id: 'o-999',
      payload: { amount: 1 },
    });
    expect(other).toEqual({ status: 202, body: { delivered: 0 } });
    const forged = await local.call('signals', 'POST', '/signals/payment_received', undefined, {
      correlation_id: 'o-6',
      payload: { amount: 1_000_000 },
    });
    expect(forged.status).toBe(403);
    const res = await local.call('signals', 'POST', '/signals/payment_received', payments, {
      correlation_id: 'o-6',
      payload: { amount: 75 },
    });
    expect(res).toEqual({ status: 202, body: { delivered: 1 } });
    release();
    const done = await local.finish(arn);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.steps).toContain('done');
    expect(local.calls('note').at(-1)?.payload).toMatchObject({ step: 'done', input: { amount: 75 } });
  });

  it('resumes a wait from a Signal event on the bus, once for a redelivered event', async () => {
    const { arn, release } = await waiting('o-7');
    const event = local.rt.bus.event(
      'Signal',
      { name: 'payment_received', correlation_id: 'o-7', payload: { amount: 5 } },
      'dazzle.app',
      'sig-7',
    );
    await local.rt.bus.deliver(event);
    await local.rt.bus.deliver(event);
    release();
    const done = await local.finish(arn);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.steps).toContain('done');
  });

  it('times a signal wait out after its timeout and follows on_failure', async () => {
    const arn = local.start('waiter', { order_id: 'o-8' });
    const done = await local.finish(arn);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.steps).toContain('chase');
    expect((done.stopDate?.getTime() ?? 0) - done.startDate.getTime()).toBe(2 * 86_400_000);
  });
});
