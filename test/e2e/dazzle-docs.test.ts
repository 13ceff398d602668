/**
 * The examples of Dazzle's Processes docs page (test/fixtures/dazzle-docs/processes.dsl) run
 * locally with its stand-in service modules (dotted ones as `Fulfillment/ship.ts` or
 * `Reporting.daily_summary.ts`): the process and the schedule both named `daily_report` each run
 * their own steps, and the entity-triggered lifecycles start from one event.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Local, startLocal } from './harness.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/dazzle-docs');
const DSL = readFileSync(join(FIXTURES, 'processes.dsl'), 'utf8');

let local: Local;
beforeAll(async () => {
  local = await startLocal(DSL, {}, { servicesDir: join(FIXTURES, 'services') });
});
afterAll(() => local?.close());

describe("Dazzle's Processes docs page, locally", () => {
  it('runs process daily_report and schedule daily_report, each with its own steps', async () => {
    const process = await local.run('process:daily_report');
    const schedule = await local.run('schedule:daily_report');
    expect([process.status, schedule.status]).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(process.executionArn).toContain(':process-daily_report:');
    expect(schedule.executionArn).toContain(':schedule-daily_report:');
    expect(process.steps).not.toEqual(schedule.steps);
  });

  it('starts both order lifecycles from one confirmed Order, dotted services included', async () => {
    await local.rt.bus.deliver(
      local.rt.bus.event(
        'EntityStatusChanged',
        { entity: 'Order', id: 'o-1', from_status: 'pending', to_status: 'confirmed', data: {} },
        'dazzle.app',
        'evt-docs-1',
      ),
    );
    for (const name of ['order_lifecycle', 'order_lifecycle_v1']) {
      const done = await local.finish(
        `${local.rt.stateMachineArn(name).replace(':stateMachine:', ':execution:')}:evt-docs-1`,
      );
      expect(done.status, `${name}: ${done.error} ${done.cause}`).toBe('SUCCEEDED');
    }
  });
});
