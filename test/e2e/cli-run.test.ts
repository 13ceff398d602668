/** `dazzle-sfn run`: one execution of the example app on the virtual clock, and its exit codes. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './harness.ts';

const scratch = mkdtempSync(join(tmpdir(), 'dz-run-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const RETURN = ['run', 'examples/dsl', 'return_request', '--services', 'examples/services'];
const INPUT = JSON.stringify({
  return_request_id: '7d0e2a3c-5b14-4f6e-9c2d-1a8b3e4f5d60',
  order_id: '3f9c1b2a-8e47-4d05-b6a1-92c3d4e5f607',
});

describe('dazzle-sfn run', () => {
  it('answers a human task from --task and exits 0 with {status, output, error, transitions, steps}', async () => {
    const trigger = JSON.stringify({ id: '7d0e2a3c-5b14-4f6e-9c2d-1a8b3e4f5d60', reason: 'arrived broken' });
    const r = await cli(...RETURN, '--input', INPUT, '--trigger', trigger, '--task', 'inspect_return=accept');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    // return_request declares no outputs: its output is {} (never the steps' raw results).
    expect(report).toMatchObject({ status: 'SUCCEEDED', error: null, output: {} });
    expect(report.steps).not.toContain('notify_declined');
    // No retries or maps here: one billed transition per state entered.
    expect(report.transitions).toBe(report.steps.length);
    expect(report.steps).toEqual(
      expect.arrayContaining(['summarise_reason', 'inspect_return', 'issue_refund']),
    );
  });

  it('--task inspect_return=decline goes straight to notify_declined: 4 transitions', async () => {
    const trigger = JSON.stringify({ id: '7d0e2a3c-5b14-4f6e-9c2d-1a8b3e4f5d60', reason: 'arrived broken' });
    const r = await cli(
      ...RETURN,
      '--input',
      INPUT,
      '--trigger',
      trigger,
      '--task',
      'inspect_return=decline',
    );
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ status: 'SUCCEEDED', error: null });
    expect(report.steps).toEqual([
      'Start check input',
      'summarise_reason',
      'inspect_return',
      'notify_declined',
    ]);
    expect(report.transitions).toBe(4);
    expect(report.events.map((e: { 'detail-type': string }) => e['detail-type'])).toContain('ReturnDeclined');
  });

  it('times an unanswered human task out as AWS would (virtual time), exit 3', async () => {
    const r = await cli(...RETURN, '--input', INPUT);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.out)).toMatchObject({
      status: 'FAILED',
      error: 'States.Timeout',
      duration_seconds: 172800,
    });
  });

  it('delivers --signal payloads to signal waits, after a one-day wait that passes at once', async () => {
    const r = await cli(
      'run',
      'examples/dsl',
      'await_bank_transfer',
      '--services',
      'examples/services',
      '--input',
      '{"order_id":"9e1d7c3b-2a5f-4b8e-a6d0-4c3b2a1f0e99"}',
      '--signal',
      'bank_transfer_received={"amount":120}',
    );
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    // The signal arrived: the order is marked paid, not cancelled.
    expect(report.steps).toEqual(expect.arrayContaining(['transfer_received', 'mark_paid']));
    expect(report.steps).not.toContain('cancel_unpaid_order');
    expect(report.duration_seconds).toBe(86_400);
  });

  it('runs sagas and retries of the example: a declined card compensates and fails', async () => {
    const r = await cli(
      'run',
      'examples/dsl',
      'order_fulfillment',
      '--services',
      'examples/services',
      '--input',
      '{"order_id":"3f9c1b2a-8e47-4d05-b6a1-92c3d4e5f607","customer_id":"c4a8e2f1-6b3d-4e9a-8f70-2d1c5b9e3a48","amount":9000}',
    );
    expect(r.code).toBe(3);
    const report = JSON.parse(r.out);
    expect(report.steps).toEqual(
      expect.arrayContaining(['reserve_stock', 'charge_payment', 'notify_payment_failed']),
    );
    expect(report.events.map((e: { 'detail-type': string }) => e['detail-type'])).toEqual(
      expect.arrayContaining(['OrderFulfillmentStarted', 'PaymentFailed', 'OrderFulfillmentFailed']),
    );
  });

  it('exits 1 on compile errors and 2 on usage errors', async () => {
    const bad = join(scratch, 'bad.dsl');
    writeFileSync(bad, 'process broken "Broken":\n  steps:\n    - step a:\n        goto: nowhere\n');
    expect((await cli('run', bad, 'broken')).code).toBe(1);
    expect((await cli(...RETURN, '--input', 'not json')).code).toBe(2);
    expect((await cli('run', 'examples/dsl', 'no_such_process')).code).toBe(2);
    expect((await cli(...RETURN, '--task', 'oops')).code).toBe(2);
  });
});
