/**
 * Deploy-time params (`param("key")` in a schedule's cron, timezone and timeout) on the local
 * runtime: given values, the schedule is armed in the param timezone and the execution times out
 * at the param timeout; with no values it is skipped with a warning; a bad value fails start.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidParam } from '../../compiler/manifest/params.ts';
import { documentClient } from '../../lambdas/shared/adapters/dynamo.ts';
import { DynamoScheduleRuns } from '../../lambdas/shared/adapters/dynamo-schedule-runs.ts';
import { VirtualClock } from '../../local/asl/index.ts';
import { LOCAL_TABLES } from '../../local/dynamo.ts';
import { LocalRuntime } from '../../local/runtime.ts';
import { compile, type Local, ok, startLocal, T0 } from './harness.ts';

// The nap outlasts any timeout the params give, so each execution ends TIMED_OUT at exactly it.
const DSL = `
schedule report "Report":
  cron: param("report_cron")
  timezone: param("report_tz")
  timeout: param("report_timeout")
  overlap: allow
  steps:
    - step nap:
        wait: 3h
    - step build:
        service: build
`;

const PARAMS = { report_cron: '0 6 * * 1-5', report_tz: 'America/New_York', report_timeout: '30m' };

describe('param schedules and timeouts with values', () => {
  let local: Local;
  beforeAll(async () => {
    // T0 is Monday 2026-01-05T09:00Z = 04:00 in New York (EST, UTC-5).
    local = await startLocal(DSL, { build: ok() }, { autoAdvance: false, schedules: true, params: PARAMS });
  });
  afterAll(() => local?.close());

  it('arms the param cron in the param timezone and fires on the virtual clock', async () => {
    expect(local.rt.upcomingSchedules()).toEqual([
      { id: 'schedule-report', workflow: 'schedule-report', next: new Date('2026-01-05T11:00:00.000Z') },
    ]);
    await local.clock.advance(2 * 86_400_000);
    await local.rt.bus.idle();
    const runs = local.rt.engine.listExecutions().sort((a, b) => a.name.localeCompare(b.name));
    expect(runs.map((d) => d.name)).toEqual([
      'schedule-report-20260105T110000Z',
      'schedule-report-20260106T110000Z',
    ]);
    const slots = new DynamoScheduleRuns(documentClient(), LOCAL_TABLES.state);
    expect(await slots.lastSlot('schedule-report')).toBe('2026-01-06T11:00:00.000Z');
  });

  it('applies timeout: param(…) to the state machine: executions time out at 30m', async () => {
    for (const d of local.rt.engine.listExecutions()) {
      const done = await local.rt.awaitExecution(d.executionArn);
      expect(done.status).toBe('TIMED_OUT');
      expect((done.stopDate?.getTime() ?? 0) - done.startDate.getTime()).toBe(30 * 60 * 1000);
    }
    expect(local.calls('build')).toEqual([]);
  });
});

describe('param schedules and timeouts without values', () => {
  const warnings: string[] = [];
  let local: Local;
  beforeAll(async () => {
    local = await startLocal(
      DSL,
      { build: ok() },
      { schedules: true, log: { info() {}, warn: (line) => warnings.push(line) } },
    );
  });
  afterAll(() => local?.close());

  it('skips the schedule and keeps the compiled timeout, each with a warning naming the param', async () => {
    expect(local.rt.upcomingSchedules()).toEqual([]);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^schedule:report is not run locally: its expression is the deploy-time parameter 'report_cron' and its timezone .* \(no value: pass --param report_cron=… --param report_tz=…\)$/,
        ),
        expect.stringMatching(
          /^schedule:report runs with its compiled timeout \(3600s\) locally: .*'report_timeout'/,
        ),
      ]),
    );
    const done = await local.run('report');
    expect(done.status).toBe('TIMED_OUT');
    expect((done.stopDate?.getTime() ?? 0) - done.startDate.getTime()).toBe(3600_000);
  });
});

describe('an invalid param value', () => {
  it.each([
    [{ ...PARAMS, report_tz: 'America/New_Yrok' }, 'report_tz'],
    [{ ...PARAMS, report_cron: '0 25 * * *' }, 'report_cron'],
    [{ ...PARAMS, report_timeout: '30 minutes' }, 'report_timeout'],
  ])('fails start: %j', async (params, key) => {
    const start = LocalRuntime.start({
      artifacts: compile(DSL),
      clock: new VirtualClock({ start: T0 }),
      schedules: true,
      params,
    });
    await expect(start).rejects.toBeInstanceOf(InvalidParam);
    await expect(start).rejects.toMatchObject({ param: key, workflow: 'schedule:report' });
  });
});
