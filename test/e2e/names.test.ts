/**
 * A process and a schedule of one name in the local runtime: both register, both are armed, their
 * slots run apart (executions and run records named with the kind), and a bare name is refused.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../lambdas/shared/adapters/dynamo.ts';
import { DynamoRunStore } from '../../lambdas/shared/adapters/dynamo-run-store.ts';
import { LOCAL_TABLES } from '../../local/dynamo.ts';
import { UnknownWorkflow } from '../../local/workflows.ts';
import { type Local, ok, startLocal } from './harness.ts';

const DSL = readFileSync(join(import.meta.dirname, '../fixtures/names/clash.dsl'), 'utf8');

let local: Local;
beforeAll(async () => {
  // T0 is 2026-01-05T09:00Z; the clock moves only when the test says so.
  local = await startLocal(
    DSL,
    {
      'Reporting.daily_summary': ok({ from: 'process' }),
      generate_report: ok({ from: 'schedule' }),
      'Fulfillment.ship': ok({ shipped: 'dotted' }),
      Fulfillment_ship: ok({ shipped: 'underscored' }),
    },
    { autoAdvance: false, schedules: true, catchUp: false },
  );
});
afterAll(() => local?.close());

describe('process daily_report and schedule daily_report, locally', () => {
  it('arm one schedule each', () => {
    expect(local.rt.upcomingSchedules().map((s) => [s.id, s.workflow])).toEqual([
      ['process-daily_report', 'process-daily_report'],
      ['schedule-daily_report', 'schedule-daily_report'],
    ]);
  });

  it('run their own slot at 08:00, each in its own machine, named with its kind', async () => {
    await local.clock.advance(23 * 3_600_000); // to 2026-01-06T08:00Z, the first slot of both
    await local.rt.bus.idle();
    for (const d of local.rt.engine.listExecutions({ status: 'RUNNING' }))
      await local.rt.awaitExecution(d.executionArn);
    const runs = local.rt.engine.listExecutions().map((d) => `${d.name} ${d.status}`);
    expect(runs.sort()).toEqual([
      'process-daily_report-20260106T080000Z SUCCEEDED',
      'schedule-daily_report-20260106T080000Z SUCCEEDED',
    ]);
    expect(local.calls('Reporting.daily_summary')).toHaveLength(1);
    expect(local.calls('generate_report')).toHaveLength(1);
    // Run records are keyed by execution name: the kind keeps the two apart.
    const store = new DynamoRunStore(documentClient(), LOCAL_TABLES.state);
    await local.until(
      async () =>
        (await store.get('schedule-daily_report-20260106T080000Z'))?.status === 'SUCCEEDED' || undefined,
      'the run record',
    );
    expect(await store.get('process-daily_report-20260106T080000Z')).toMatchObject({
      process: 'daily_report',
      kind: 'process',
    });
    expect(await store.get('schedule-daily_report-20260106T080000Z')).toMatchObject({
      process: 'daily_report',
      kind: 'schedule',
    });
  });

  it('are started by process:x / schedule:x; the bare name is refused, naming both', async () => {
    expect(local.rt.stateMachineArn('schedule:daily_report')).toMatch(/:stateMachine:schedule-daily_report$/);
    expect(() => local.rt.stateMachineArn('daily_report')).toThrow(UnknownWorkflow);
    expect(() => local.rt.stateMachineArn('daily_report')).toThrow(
      "'daily_report' names both process:daily_report and schedule:daily_report",
    );
    const done = await local.run('process:daily_report');
    expect(done.status).toBe('SUCCEEDED');
    expect(done.stateMachineArn).toMatch(/:stateMachine:process-daily_report$/);
  });

  it('dotted and underscored services stay two functions', async () => {
    const done = await local.run('order_lifecycle', { order_id: 'o-1' });
    expect(done.status).toBe('SUCCEEDED');
    expect(local.calls('Fulfillment.ship')).toHaveLength(1);
    expect(local.calls('Fulfillment_ship')).toHaveLength(1);
  });
});
