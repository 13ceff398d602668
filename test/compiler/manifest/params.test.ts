import { describe, expect, it } from 'vitest';
import {
  InvalidParam,
  MissingParam,
  type ParamError,
  paramKeys,
  resolveSchedules,
  resolveTimeoutSeconds,
  timeoutParamKey,
} from '../../../compiler/manifest/params.ts';
import type { ManifestSchedule, ManifestWorkflow } from '../../../compiler/manifest/schema.ts';

const entry = (e: Partial<ManifestSchedule> = {}): ManifestSchedule => ({
  id: 'report',
  expression: { param: 'cron' },
  source: 'param("cron")',
  timezone: { param: 'tz' },
  catch_up: true,
  split: false,
  ...e,
});

/** The error `fn` throws (it must throw a ParamError). */
function thrown(fn: () => unknown): ParamError {
  try {
    fn();
  } catch (error) {
    return error as ParamError;
  }
  throw new Error('expected a ParamError');
}

describe('resolveSchedules', () => {
  it('compiles a Unix 5-field param cron to one AWS expression, in the param timezone', () => {
    expect(resolveSchedules('r', entry(), { cron: '0 6 * * 1-5', tz: 'Europe/London' })).toEqual([
      {
        id: 'report',
        expression: 'cron(0 6 ? * 2-6 *)',
        timezone: 'Europe/London',
        catchUp: true,
        cron: '0 6 ? * 2-6 *',
      },
    ]);
  });

  it('splits a day-of-month OR day-of-week cron into two schedules, the second `.2`', () => {
    const got = resolveSchedules('r', entry(), { cron: '0 9 1 * 1', tz: 'UTC' });
    expect(got.map((s) => [s.id, s.expression])).toEqual([
      ['report', 'cron(0 9 1 * ? *)'],
      ['report.2', 'cron(0 9 ? * 2 *)'],
    ]);
  });

  it('takes an AWS cron(…) or rate(…) value as it is', () => {
    const values = { cron: 'rate(15 minutes)', tz: 'UTC' };
    expect(resolveSchedules('r', entry(), values)).toEqual([
      { id: 'report', expression: 'rate(15 minutes)', timezone: 'UTC', catchUp: true, intervalSeconds: 900 },
    ]);
    expect(resolveSchedules('r', entry(), { cron: 'cron(0 9 * * ? *)', tz: 'UTC' })[0].cron).toBe(
      '0 9 * * ? *',
    );
  });

  it('needs no values for literal expressions and timezones', () => {
    expect(resolveSchedules('r', entry({ expression: 'rate(1 day)', timezone: 'UTC' }), {})).toEqual([
      { id: 'report', expression: 'rate(1 day)', timezone: 'UTC', catchUp: true, intervalSeconds: 86_400 },
    ]);
  });

  it('a missing or empty value is a MissingParam naming the key, the workflow and the keys given', () => {
    const e = thrown(() => resolveSchedules('r', entry(), { tz: 'UTC', other: 'x' }));
    expect(e).toBeInstanceOf(MissingParam);
    expect([e.param, e.workflow]).toEqual(['cron', 'r']);
    expect(e.message).toMatch(/given: other, tz/);
    expect(thrown(() => resolveSchedules('r', entry(), { cron: '0 6 * * *', tz: '' }))).toMatchObject({
      name: 'MissingParam',
      param: 'tz',
    });
  });

  it('an invalid cron or timezone is an InvalidParam quoting the value', () => {
    const cron = thrown(() => resolveSchedules('r', entry(), { cron: '61 * * * *', tz: 'UTC' }));
    expect(cron).toBeInstanceOf(InvalidParam);
    expect(cron.param).toBe('cron');
    expect(cron.message).toMatch(/param 'cron' = '61 \* \* \* \*' \(cron of r\) is not a valid cron/);
    const tz = thrown(() => resolveSchedules('r', entry(), { cron: '0 6 * * *', tz: 'Europe/Londn' }));
    expect(tz).toBeInstanceOf(InvalidParam);
    expect(tz.param).toBe('tz');
    expect(tz.message).toMatch(
      /'Europe\/Londn', which is not an IANA timezone \(did you mean Europe\/London/,
    );
  });
});

describe('resolveTimeoutSeconds', () => {
  it('reads seconds or a duration, by key or by the param("key") text', () => {
    expect(resolveTimeoutSeconds('r', 't', { t: '1800' })).toBe(1800);
    expect(resolveTimeoutSeconds('r', 'param("t")', { t: '30m' })).toBe(1800);
    expect(resolveTimeoutSeconds('r', "param('t')", { t: ' 2h ' })).toBe(7200);
  });

  it('rejects a missing value and a value that is not a positive duration', () => {
    expect(thrown(() => resolveTimeoutSeconds('r', 't', {}))).toBeInstanceOf(MissingParam);
    for (const bad of ['soon', '0', '1.5h', '30min']) {
      const e = thrown(() => resolveTimeoutSeconds('r', 't', { t: bad }));
      expect(e).toBeInstanceOf(InvalidParam);
      expect(e.message).toContain(`param 't' = '${bad}' (timeout of r) is not a duration`);
    }
  });
});

describe('paramKeys', () => {
  it('lists the keys a workflow uses once, schedules first', () => {
    const w = {
      schedules: [entry(), entry({ id: 'report-2', expression: 'rate(1 day)' })],
      timeout_param: 'param("limit")',
    } as unknown as ManifestWorkflow;
    expect(paramKeys(w)).toEqual(['cron', 'tz', 'limit']);
    expect(timeoutParamKey('limit')).toBe('limit');
  });
});
