import { Cron } from 'croner';
import { describe, expect, it } from 'vitest';
import { parseCron, toAwsSchedules } from '../../../compiler/schedule/cron.ts';

/**
 * The AWS expression(s) must fire exactly when the Unix expression does. croner evaluates both:
 * the Unix form in its 5-part mode (day-of-month OR day-of-week when both are restricted), the AWS
 * form as a 7-part pattern (seconds prepended) with Quartz weekday numbering (1 = SUN), `?`, `L`,
 * `W`, `#`, and `a/n` steps (`sloppyRanges`).
 */
const at = { file: 'app.dsl', line: 1, column: 1 };
const RUNS = 50;

function unixRuns(unix: string, timezone: string, from: Date): number[] {
  return new Cron(unix, { timezone, mode: '5-part' }).nextRuns(RUNS, from).map((d) => d.getTime());
}

function awsRuns(unix: string, timezone: string, from: Date): number[] {
  const { cron, diagnostics } = parseCron(unix, at);
  expect(diagnostics).toEqual([]);
  const all = new Set<number>();
  for (const expression of toAwsSchedules(cron!).expressions) {
    const fields = /^cron\((.*)\)$/.exec(expression)![1];
    const job = new Cron(`0 ${fields}`, {
      timezone,
      mode: '7-part',
      alternativeWeekdays: true,
      sloppyRanges: true,
    });
    for (const run of job.nextRuns(RUNS, from)) all.add(run.getTime());
  }
  return [...all].sort((a, b) => a - b).slice(0, RUNS);
}

const EXPRESSIONS = [
  '0 9 * * MON',
  '0 9 * * *',
  '0 8 * * *',
  '0 2 * * 0',
  '0 * * * *',
  '*/15 * * * *',
  '*/7 */5 * * *',
  '30 2 * * *',
  '0 1-3 * * *',
  '5,35 8-17 * * 1-5',
  '0-30/10 1-7/3 * * *',
  '0 0 */2 * *',
  '0 0 1 */3 *',
  '0 12 1 JAN,JUL *',
  '0 9 * * 5-7',
  '0 9 * * */2',
  '0 9 * * 1-5/2',
  '0 9 * * 7',
  '0 0 L * *',
  '0 0 LW * *',
  '0 0 15W * *',
  '0 0 * * 5L',
  '0 0 * * MON#2',
  '0 6 * * SUN#1',
  '0 9 1,15 * MON-FRI',
  '30 4 1 * 5',
  '0 0 L * 5L',
  '0 0 */2 * MON',
  '0 0 13 * FRI',
  '0 0 * * *,5',
  '@weekly',
  '@monthly',
];

/** Each starts a few days before a DST change in that zone (spring forward and fall back). */
const ZONES: readonly [string, string][] = [
  ['UTC', '2026-02-25T00:00:00Z'],
  ['Europe/London', '2026-03-27T00:00:00Z'],
  ['Europe/London', '2026-10-23T00:00:00Z'],
  ['America/New_York', '2026-03-06T00:00:00Z'],
  ['America/New_York', '2026-10-30T00:00:00Z'],
  ['Australia/Sydney', '2026-04-02T00:00:00Z'],
];

describe('AWS schedules fire exactly when the Unix cron does (croner, across DST changes)', () => {
  for (const [timezone, start] of ZONES) {
    it.each(EXPRESSIONS)(`%s in ${timezone} from ${start}`, (unix) => {
      const from = new Date(start);
      const expected = unixRuns(unix, timezone, from);
      expect(expected).toHaveLength(RUNS);
      expect(awsRuns(unix, timezone, from)).toEqual(expected);
    });
  }

  it('the split case really needs both schedules', () => {
    const from = new Date('2026-03-01T00:00:00Z');
    const unix = '0 9 1,15 * MON-FRI';
    const runs = unixRuns(unix, 'UTC', from);
    const { cron } = parseCron(unix, at);
    const [domOnly] = toAwsSchedules(cron!).expressions;
    const fields = /^cron\((.*)\)$/.exec(domOnly)![1];
    const partial = new Cron(`0 ${fields}`, { timezone: 'UTC', mode: '7-part', alternativeWeekdays: true })
      .nextRuns(RUNS, from)
      .map((d) => d.getTime());
    expect(partial).not.toEqual(runs);
  });
});
