/** Cron and interval schedules on virtual time, and catch-up through the schedule-catch-up handler. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../lambdas/shared/adapters/dynamo.ts';
import { DynamoScheduleRuns } from '../../lambdas/shared/adapters/dynamo-schedule-runs.ts';
import { LOCAL_TABLES } from '../../local/dynamo.ts';
import { type Local, ok, startLocal } from './harness.ts';

const DSL = `
schedule nightly "Nightly":
  cron: "0 2 * * *"
  timezone: "Europe/London"
  catch_up: true
  overlap: allow
  steps:
    - step tick:
        service: tick

schedule six_hourly "Every 6 hours":
  interval: 6h
  overlap: allow
  steps:
    - step tock:
        service: tick
`;

let local: Local;
beforeAll(async () => {
  // T0 is 2026-01-05T09:00Z; the clock only moves when the test says so.
  local = await startLocal(DSL, { tick: ok({ ticked: true }) }, { autoAdvance: false });
});
afterAll(() => local?.close());

const names = (workflow: string) =>
  local.rt.engine
    .listExecutions()
    .filter((d) => d.stateMachineArn === local.rt.stateMachineArn(workflow))
    .map((d) => d.name)
    .sort();

describe('schedules', () => {
  it('catches up the slots missed since the last recorded run, each named after its slot (and its kind)', async () => {
    const runs = new DynamoScheduleRuns(documentClient(), LOCAL_TABLES.state);
    await runs.record('schedule-nightly', '2026-01-01T02:00:00.000Z', '2026-01-01T02:00:01.000Z');
    await local.rt.armSchedules();
    await local.settled();
    expect(names('nightly')).toEqual([
      'schedule-nightly-20260102T020000Z',
      'schedule-nightly-20260103T020000Z',
      'schedule-nightly-20260104T020000Z',
      'schedule-nightly-20260105T020000Z',
    ]);
    expect(await runs.lastSlot('schedule-nightly')).toBe('2026-01-05T02:00:00.000Z');
    // A second catch-up starts nothing new.
    await local.rt.catchUp();
    await local.settled();
    expect(names('nightly')).toHaveLength(4);
  });

  it('fires cron slots (in the schedule timezone) and interval slots as virtual time passes', async () => {
    await local.clock.advance(2 * 86_400_000);
    await local.settled();
    expect(names('nightly').slice(4)).toEqual([
      'schedule-nightly-20260106T020000Z',
      'schedule-nightly-20260107T020000Z',
    ]);
    expect(names('six_hourly')).toHaveLength(8);
    const executions = local.rt.engine.listExecutions();
    expect(executions.every((d) => d.status === 'SUCCEEDED')).toBe(true);
    const first = executions.find((d) => d.name === 'schedule-nightly-20260106T020000Z');
    expect(first?.input).toMatchObject({
      trigger: { kind: 'schedule', schedule: 'nightly', scheduled_time: '2026-01-06T02:00:00.000Z' },
    });
  });
});

describe('schedules across the DST change', () => {
  let dst: Local;
  beforeAll(async () => {
    dst = await startLocal(
      DSL.split('schedule six_hourly')[0],
      { tick: ok() },
      {
        autoAdvance: false,
        schedules: true,
        start: Date.parse('2026-03-27T09:00:00Z'),
      },
    );
  });
  afterAll(() => dst?.close());

  it('keeps London wall time: 02:00 GMT, then 02:00 BST = 01:00Z', async () => {
    await dst.clock.advance(4 * 86_400_000);
    await dst.rt.bus.idle();
    const got = dst.rt.engine
      .listExecutions()
      .map((d) => d.name)
      .sort();
    expect(got).toEqual([
      'schedule-nightly-20260328T020000Z',
      'schedule-nightly-20260329T010000Z',
      'schedule-nightly-20260330T010000Z',
      'schedule-nightly-20260331T010000Z',
    ]);
  });
});
