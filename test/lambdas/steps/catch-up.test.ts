import { describe, expect, it } from 'vitest';
import { catchUp } from '../../../lambdas/schedule-catch-up/core.ts';
import { missedSlots, slotExecutionName } from '../../../lambdas/schedule-catch-up/slots.ts';
import { FakeClock, FakeExecutions, FakeScheduleRuns, RecordingLog } from '../helpers/fakes.ts';

const SM = 'arn:aws:states:eu-west-1:123456789012:stateMachine:daily_report';
const iso = (ds: Date[]) => ds.map((d) => d.toISOString());

describe('missedSlots', () => {
  const daily = (cron: string, timezone: string) => ({ stateMachineArn: SM, cron, timezone, catch_up: true });

  it('daily 08:00 London across the autumn DST change', () => {
    const { slots } = missedSlots(
      daily('0 8 * * ? *', 'Europe/London'),
      new Date('2026-10-23T12:00:00Z'),
      new Date('2026-10-27T00:00:00Z'),
      100,
    );
    expect(iso(slots)).toEqual([
      '2026-10-24T07:00:00.000Z',
      '2026-10-25T08:00:00.000Z',
      '2026-10-26T08:00:00.000Z',
    ]);
  });

  it('skips a local time the spring change removes and runs a repeated one once', () => {
    const s = daily('30 1 * * ? *', 'Europe/London');
    const spring = missedSlots(s, new Date('2026-03-27T12:00:00Z'), new Date('2026-03-31T00:00:00Z'), 100);
    expect(iso(spring.slots)).toEqual(['2026-03-28T01:30:00.000Z', '2026-03-30T00:30:00.000Z']);
    const autumn = missedSlots(s, new Date('2026-10-24T12:00:00Z'), new Date('2026-10-26T12:00:00Z'), 100);
    expect(iso(autumn.slots)).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
    const everyHalfHour = missedSlots(
      daily('0/30 * * * ? *', 'Europe/London'),
      new Date('2026-10-25T00:10:00Z'),
      new Date('2026-10-25T02:10:00Z'),
      100,
    );
    // Local 01:30 happens twice (00:30Z BST, 01:30Z GMT): it runs once, as Scheduler does.
    expect(iso(everyHalfHour.slots)).toEqual([
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T01:00:00.000Z',
      '2026-10-25T02:00:00.000Z',
    ]);
  });

  it('AWS day-of-week numbering (1 = Sunday) and the cap keeps the most recent slots', () => {
    const sundays = missedSlots(
      daily('0 9 ? * 1 *', 'UTC'),
      new Date('2026-11-01T00:00:00Z'),
      new Date('2026-11-25T00:00:00Z'),
      2,
    );
    expect(iso(sundays.slots)).toEqual(['2026-11-15T09:00:00.000Z', '2026-11-22T09:00:00.000Z']);
    expect(sundays.truncated).toBe(true);
  });

  it('interval schedules count from the last slot, excluding now', () => {
    const s = { stateMachineArn: SM, interval_seconds: 3600, timezone: 'UTC', catch_up: true };
    const { slots } = missedSlots(s, new Date('2026-11-25T07:00:00Z'), new Date('2026-11-25T10:00:00Z'), 100);
    expect(iso(slots)).toEqual(['2026-11-25T08:00:00.000Z', '2026-11-25T09:00:00.000Z']);
  });

  it('names executions after the slot time', () => {
    expect(slotExecutionName('daily_report', new Date('2026-11-25T08:00:00Z'))).toBe(
      'daily_report-20261125T080000Z',
    );
    expect(slotExecutionName('x'.repeat(100), new Date(0)).length).toBe(80);
  });
});

describe('catchUp', () => {
  function setup() {
    return {
      schedules: {
        daily_report: { stateMachineArn: SM, cron: '0 8 * * ? *', timezone: 'UTC', catch_up: true },
        no_catch_up: { stateMachineArn: SM, cron: '0 8 * * ? *', timezone: 'UTC', catch_up: false },
      },
      executions: new FakeExecutions(),
      runs: new FakeScheduleRuns(),
      clock: new FakeClock(new Date('2026-11-25T10:00:00Z')),
      log: new RecordingLog(),
      maxSlots: 100,
    };
  }

  it('records the first run and starts nothing', async () => {
    const deps = setup();
    expect(await catchUp(deps)).toEqual([
      { schedule: 'daily_report', started: 0, existing: 0, truncated: false, first_run: true },
    ]);
    expect(deps.runs.last.get('daily_report')).toBe('2026-11-25T10:00:00.000Z');
  });

  it('starts each missed slot once, even when run twice', async () => {
    const deps = setup();
    deps.runs.last.set('daily_report', '2026-11-22T08:00:00.000Z');
    const first = await catchUp(deps);
    deps.runs.last.set('daily_report', '2026-11-22T08:00:00.000Z'); // as if the record write was lost
    const second = await catchUp(deps);
    expect(first[0]).toMatchObject({ started: 3, existing: 0 });
    expect(second[0]).toMatchObject({ started: 0, existing: 3 });
    expect(deps.executions.started().map((e) => e.name)).toEqual([
      'daily_report-20261123T080000Z',
      'daily_report-20261124T080000Z',
      'daily_report-20261125T080000Z',
    ]);
    expect(JSON.parse(deps.executions.starts[0].input)).toEqual({
      input: {},
      trigger: {
        kind: 'schedule',
        schedule: 'daily_report',
        scheduled_time: '2026-11-23T08:00:00.000Z',
        catch_up: true,
      },
    });
    expect(deps.runs.last.get('daily_report')).toBe('2026-11-25T08:00:00.000Z');
  });

  it('the two halves of a split cron start a slot they both match once', async () => {
    // Unix `0 8 1 * MON` (day 1 OR a Monday) is two AWS schedules; 2026-06-01 is both.
    const half = (cron: string) => ({
      stateMachineArn: SM,
      workflow: 'monthly_report',
      cron,
      timezone: 'UTC',
      catch_up: true,
    });
    const deps = {
      ...setup(),
      schedules: { monthly_report: half('0 8 1 * ? *'), 'monthly_report-2': half('0 8 ? * 2 *') },
      clock: new FakeClock(new Date('2026-06-02T00:00:00Z')),
    };
    deps.runs.last.set('monthly_report', '2026-05-31T00:00:00.000Z');
    deps.runs.last.set('monthly_report-2', '2026-05-31T00:00:00.000Z');
    const reports = await catchUp(deps);
    expect(reports.map((r) => r.started + r.existing)).toEqual([1, 1]);
    expect(deps.executions.started().map((e) => e.name)).toEqual(['monthly_report-20260601T080000Z']);
  });

  it('caps the slots with a log line', async () => {
    const deps = { ...setup(), maxSlots: 2 };
    deps.runs.last.set('daily_report', '2026-11-01T08:00:00.000Z');
    expect((await catchUp(deps))[0]).toMatchObject({ started: 2, truncated: true });
    expect(deps.log.lines.some((l) => l.level === 'warn' && l.message.includes('cap'))).toBe(true);
  });
});
