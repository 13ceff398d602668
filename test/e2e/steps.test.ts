/** Each step kind and the flow constructs, through compiled ASL, the real handlers and dynalite. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LambdaHandler } from '../../local/functions/services.ts';
import { flaky, type Local, startLocal } from './harness.ts';

const DSL = `
process kinds "Every step kind":
  trigger: manual
  input:
    amount: int required
    customer: str = "acme"
  output:
    label: str
  steps:
    - step charge:
        service: charge
        inputs:
          - amount -> amount
          - customer -> who
    - step announce:
        channel: billing
        message: Charged
        inputs:
          - charge.payment_id -> payment_id
    - step pause:
        wait: 2h
    - step classify:
        llm_intent: classify
        input_map:
          amount: input.amount
    - step record:
        effects:
          - create AuditLog:
              set:
                - AuditLog.note -> "charged"
                - AuditLog.amount -> input.amount
    - step describe:
        service: describe
        inputs:
          - charge.payment_id -> payment
          - classify.intent -> intent
  timeout: 1d
  overlap: allow

process branches "Condition branches":
  trigger: manual
  input:
    amount: int
    note: str
  steps:
    - step route:
        condition: amount > 100 or note = "urgent"
        on_true: big
        on_false: small
    - step big:
        service: mark
        on_success: complete
    - step small:
        service: mark
    - step negated:
        condition: not (note = "urgent")
        on_true: after
        on_false: fail
    - step after:
        service: mark
  overlap: allow

process flow "on_failure, goto, complete and fail":
  trigger: manual
  input:
    mode: str required
  steps:
    - step first:
        service: maybe
        inputs:
          - mode -> mode
        on_failure: rescue
    - step jump:
        condition: mode = "finish"
        on_true: done_early
        on_false: give_up
    - step done_early:
        service: mark
        goto: complete
    - step give_up:
        service: mark
        on_success: fail
    - step rescue:
        service: mark
        on_success: complete
  overlap: allow

process fanout "Foreach over a query":
  trigger: manual
  steps:
    - step open_invoices:
        query: Invoice
        filter:
          status: open
          total__gte: 100
        limit: 50
    - step remind_each:
        foreach: open_invoices
        concurrency: 2
        steps:
          - step remind:
              service: remind
              inputs:
                - item.id -> invoice_id
                - item.total -> total
  overlap: allow

process child "Child":
  trigger: manual
  input:
    order_id: str required
  output:
    tracking_number: str
  steps:
    - step ship:
        service: ship
        inputs:
          - order_id -> order_id
  overlap: allow

process parent "Parent":
  trigger: manual
  input:
    order_id: str required
  steps:
    - step run_child:
        subprocess: child
        timeout: 1h
        inputs:
          - order_id -> order_id
    - step use_it:
        service: mark
        inputs:
          - run_child.tracking_number -> tracking
  overlap: allow

process saga "Compensation order":
  trigger: manual
  steps:
    - step one:
        service: step_one
        compensate: undo_one
    - step two:
        service: step_two
        compensate: undo_two
    - step three:
        service: boom
  compensations:
    - undo_one:
        service: undo_one
    - undo_two:
        service: undo_two
  overlap: allow
`;

const order: string[] = [];
const track =
  (name: string, result: unknown = { ok: true }): LambdaHandler =>
  async () => {
    order.push(name);
    return result;
  };

let local: Local;
beforeAll(async () => {
  local = await startLocal(DSL, {
    charge: async (event) => ({ payment_id: `pay-${(event as { input: { amount: number } }).input.amount}` }),
    describe: async (event) => ({
      label: `seen ${Object.keys((event as { input: object }).input).join(',')}; context ${Object.keys((event as { context: object }).context).join(',')}`,
    }),
    mark: async (event) => ({
      step: (event as { step: string }).step,
      input: (event as { input: unknown }).input,
    }),
    maybe: async (event) => {
      if ((event as { input: { mode: string } }).input.mode === 'crash') {
        const e = new Error('crashed');
        e.name = 'Risk.Failed';
        throw e;
      }
      return { ok: true };
    },
    remind: async (event) => ({ reminded: (event as { input: { invoice_id: string } }).input.invoice_id }),
    ship: async (event) => ({
      tracking_number: `T-${(event as { input: { order_id: string } }).input.order_id}`,
    }),
    step_one: track('step_one'),
    step_two: track('step_two'),
    boom: flaky(99, 'Boom'),
    undo_one: track('undo_one'),
    undo_two: track('undo_two'),
  });
});
afterAll(() => local?.close());

describe('step kinds', () => {
  it('runs service, send, wait, llm_intent, side_effect in order with their outputs', async () => {
    const done = await local.run('kinds', { amount: 150 });
    expect(done.status).toBe('SUCCEEDED');
    // Step outputs arrive through the mappings; the context is the inputs and the trigger.
    expect(done.output).toEqual({ label: 'seen payment,intent; context input,trigger' });
    expect(done.steps).toContain('pause');
    // The service got its mapped inputs, the input default applied.
    expect(local.calls('charge')[0].payload).toMatchObject({
      process: 'kinds',
      step: 'charge',
      input: { amount: 150, who: 'acme' },
      context: { input: { amount: 150, customer: 'acme' } },
    });
    // send: the event on the bus; wait: two virtual hours passed between charge and describe.
    const sent = local.events.find((e) => e['detail-type'] === 'Charged');
    expect(sent?.detail).toMatchObject({ channel: 'billing', process: 'kinds', step: 'announce' });
    expect((local.calls('describe')[0].at - local.calls('charge')[0].at) / 1000).toBe(7200);
    // llm_intent: the real llm-intent core over the deterministic local model.
    expect(local.calls('describe')[0].payload).toMatchObject({ input: { intent: 'classify' } });
    // side_effect wrote through the entity store.
    const audit = await local.rows('AuditLog');
    expect(audit).toEqual([expect.objectContaining({ note: 'charged', amount: 150 })]);
  });

  it('fails at once with Process.InvalidInput naming a missing required input', async () => {
    const done = await local.run('kinds', {});
    expect([done.status, done.error]).toEqual(['FAILED', 'Process.InvalidInput']);
    expect(done.cause).toContain('amount');
    expect(local.calls('charge')).toHaveLength(1);
  });

  it('takes condition branches, treating a missing field as false', async () => {
    expect((await local.run('branches', { amount: 500 })).steps).toContain('big');
    const small = await local.run('branches', { amount: 5 });
    expect(small.steps).toEqual(expect.arrayContaining(['small', 'negated', 'after']));
    expect(small.steps).not.toContain('big');
    const missing = await local.run('branches', {});
    expect(missing.status).toBe('SUCCEEDED');
    expect(missing.steps).toEqual(expect.arrayContaining(['route', 'small', 'negated', 'after']));
    const urgent = await local.run('branches', { amount: 5, note: 'urgent' });
    expect(urgent.steps).toContain('big');
  });

  it('follows on_failure, goto/complete and on_success: fail', async () => {
    const rescued = await local.run('flow', { mode: 'crash' });
    expect(rescued.status).toBe('SUCCEEDED');
    expect(rescued.steps).toContain('rescue');
    expect(rescued.steps).not.toContain('jump');
    const early = await local.run('flow', { mode: 'finish' });
    expect(early.status).toBe('SUCCEEDED');
    expect(early.steps).toContain('done_early');
    expect(early.steps).not.toEqual(expect.arrayContaining(['give_up']));
    expect(early.steps).not.toContain('rescue');
    const stopped = await local.run('flow', { mode: 'stop' });
    expect(stopped.status).toBe('FAILED');
    expect(stopped.steps).toContain('give_up');
    expect(stopped.steps).not.toContain('rescue');
  });

  it('runs foreach over a query result', async () => {
    await local.seed('Invoice', 'inv-1', { status: 'open', total: 120 });
    await local.seed('Invoice', 'inv-2', { status: 'open', total: 80 });
    await local.seed('Invoice', 'inv-3', { status: 'paid', total: 300 });
    await local.seed('Invoice', 'inv-4', { status: 'open', total: 400 });
    const done = await local.run('fanout');
    expect(done.status).toBe('SUCCEEDED');
    const reminded = local.calls('remind').map((c) => (c.payload as { input: unknown }).input);
    expect(reminded).toEqual(
      expect.arrayContaining([
        { invoice_id: 'inv-1', total: 120 },
        { invoice_id: 'inv-4', total: 400 },
      ]),
    );
    expect(reminded).toHaveLength(2);
  });

  it('returns a subprocess output to the parent', async () => {
    const done = await local.run('parent', { order_id: 'o-7' });
    expect(done.status).toBe('SUCCEEDED');
    const used = local.calls('mark').at(-1)?.payload as { step: string; input: unknown };
    expect(used).toMatchObject({ step: 'use_it', input: { tracking: 'T-o-7' } });
  });

  it('runs compensations in reverse completion order, then fails with the original error', async () => {
    const done = await local.run('saga');
    expect([done.status, done.error]).toEqual(['FAILED', 'Boom']);
    expect(order).toEqual(['step_one', 'step_two', 'undo_two', 'undo_one']);
  });
});
