/**
 * Every example of Dazzle's Processes docs page (test/fixtures/dazzle-docs/processes.dsl) runs
 * locally to its end, with its stand-in service modules (dotted ones as `Fulfillment/ship.ts` or
 * `Reporting.daily_summary.ts`), started the way they are in production: entity events through the
 * trigger rules, human tasks completed through the task API, cron and interval schedules on the
 * clock. The process and the schedule both named `daily_report` each run their own steps.
 * Compile: test/compiler/dazzle-docs.test.ts; synth: test/infra/dazzle-docs.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCS_DSL, DOCS_SERVICES, DOCS_WORKFLOWS } from '../fixtures/dazzle-docs/docs-page.ts';
import { type Local, startLocal } from './harness.ts';

describe("Dazzle's Processes docs page, locally: every process and schedule to its end", () => {
  let local: Local;
  const manager = { user: 'mia', roles: ['manager'] };
  beforeAll(async () => {
    local = await startLocal(
      DOCS_DSL,
      {},
      {
        servicesDir: DOCS_SERVICES,
        autoAdvance: false,
        schedules: true,
        catchUp: false,
        start: Date.parse('2026-01-06T07:30:00.000Z'), // Europe/London is on UTC in January
      },
    );
  });
  afterAll(() => local?.close());

  const ended = () =>
    local.rt.engine
      .listExecutions()
      .map((d) => `${local.rt.workflowOfArn(d.stateMachineArn)?.id} ${d.name} ${d.status}`)
      .sort();
  const statusChanged = (entity: string, id: string, to: string) =>
    local.rt.bus.event(
      'EntityStatusChanged',
      { entity, id, from_status: 'draft', to_status: to, data: {} },
      'dazzle.app',
      `evt-${id}`,
    );

  it('an Order confirmed starts both order lifecycles, which succeed', async () => {
    await local.rt.bus.deliver(statusChanged('Order', 'o-1', 'confirmed'));
    await local.settled();
    expect(ended()).toEqual([
      'process-order_lifecycle evt-o-1 SUCCEEDED',
      'process-order_lifecycle_v1 evt-o-1 SUCCEEDED',
    ]);
    expect(local.calls('Fulfillment.ship')).toHaveLength(1);
    expect(local.calls('ship_order')).toHaveLength(1);
  });

  it('an expense report submitted waits for a manager; approve completes, reject fails', async () => {
    for (const [id, outcome] of [
      ['e-1', 'approve'],
      ['e-2', 'reject'],
    ]) {
      await local.rt.bus.deliver(statusChanged('ExpenseReport', id, 'submitted'));
      const tasks = await local.until(async () => {
        const res = await local.call('tasks', 'GET', '/tasks?status=open', manager);
        const open = res.body.tasks as { id: string; execution: { id: string } }[];
        return open.length === 2 ? open : undefined;
      }, 'both expense approvals to open their task');
      for (const task of tasks) {
        const res = await local.call('tasks', 'POST', `/tasks/${task.id}/complete`, manager, {
          outcome,
          data: {},
        });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
      }
      await local.settled();
    }
    expect(ended().filter((line) => line.includes('expense'))).toEqual([
      'process-expense_approval evt-e-1 SUCCEEDED',
      'process-expense_approval evt-e-2 FAILED',
      'process-expense_approval_v1 evt-e-1 SUCCEEDED',
      'process-expense_approval_v1 evt-e-2 FAILED',
    ]);
    expect(local.calls('validate_expense')).toHaveLength(4);
  });

  it('at 08:00 the daily reports run, and each hourly sync within the hour; all succeed', async () => {
    await local.clock.advance(60 * 60_000); // 07:30 → 08:30
    await local.settled();
    const timed = ended().filter((line) => !/order|expense/.test(line));
    expect(timed.map((line) => line.replace(/ .* /, ' '))).toEqual([
      'process-daily_report SUCCEEDED',
      'schedule-daily_report SUCCEEDED',
      'schedule-daily_report_v1 SUCCEEDED',
      'schedule-daily_report_v2 SUCCEEDED',
      'schedule-hourly_sync SUCCEEDED',
      'schedule-hourly_sync_v1 SUCCEEDED',
    ]);
    // process daily_report and schedule daily_report each ran their own steps (services).
    expect(local.calls('Reporting.daily_summary')).toHaveLength(1);
    expect(local.calls('daily_summary')).toHaveLength(1);
    expect(local.calls('generate_report')).toHaveLength(2); // daily_report_v1 and _v2
    // Every workflow of the page has run to its end at least once.
    const ran = new Set(ended().map((line) => line.split(' ')[0]));
    expect([...ran].sort()).toEqual(DOCS_WORKFLOWS);
    expect(local.rt.engine.listExecutions({ status: 'RUNNING' })).toEqual([]);
  });
});
