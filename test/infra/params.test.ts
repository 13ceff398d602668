/**
 * Deploy-time params, physical names and the nested-stack placement rule. The trigger router's own
 * definition is the compiler's: test/compiler/emit/router.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { ManifestSchedule } from '../../compiler/manifest/schema.ts';
import { placeWorkflows } from '../../infra/dazzle-processes.ts';
import { physicalName } from '../../infra/names.ts';
import { Params } from '../../infra/params.ts';

describe('params', () => {
  const entry = (e: Partial<ManifestSchedule>): ManifestSchedule => ({
    id: 'report',
    expression: 'rate(1 hour)',
    source: '3600s',
    timezone: 'UTC',
    catch_up: false,
    split: false,
    ...e,
  });
  const params = new Params({
    cron: '0 9 1 * 1',
    tz: 'Asia/Tokyo',
    aws: 'cron(0 9 * * ? *)',
    bad: '61 * * * *',
    t: '2h',
  });

  it('converts a param cron like the compiler (a dom/dow OR splits into two schedules)', () => {
    expect(
      params.schedules('r', entry({ expression: { param: 'cron' }, timezone: { param: 'tz' } })),
    ).toEqual([
      {
        id: 'report',
        expression: 'cron(0 9 1 * ? *)',
        timezone: 'Asia/Tokyo',
        catchUp: false,
        cron: '0 9 1 * ? *',
      },
      {
        id: 'report.2',
        expression: 'cron(0 9 ? * 2 *)',
        timezone: 'Asia/Tokyo',
        catchUp: false,
        cron: '0 9 ? * 2 *',
      },
    ]);
    expect(params.schedules('r', entry({ expression: { param: 'aws' } }))[0].expression).toBe(
      'cron(0 9 * * ? *)',
    );
    expect(params.schedules('r', entry({}))[0]).toMatchObject({
      expression: 'rate(1 hour)',
      intervalSeconds: 3600,
    });
  });

  it('rejects a bad cron, an unknown key and a bad duration, naming the param', () => {
    expect(() => params.schedules('r', entry({ expression: { param: 'bad' } }))).toThrow(
      /param 'bad' = '61 \* \* \* \*' \(cron of r\) is not a valid cron/,
    );
    expect(() => params.schedules('r', entry({ expression: { param: 'nope' } }))).toThrow(
      /params has no 'nope'/,
    );
    expect(params.timeoutSeconds('r', 'param("t")')).toBe(7200);
    expect(() => new Params({ t: 'soon' }).timeoutSeconds('r', 't')).toThrow(
      /param 't' = 'soon' \(timeout of r\) is not a duration/,
    );
  });
});

describe('names and placement', () => {
  it('shortens long physical names with a stable hash', () => {
    const name = physicalName(
      'dazzle-shop-prod',
      'a_really_long_process_name_that_goes_on_and_on_and_on',
      64,
    );
    expect(name).toHaveLength(64);
    expect(name).toBe(
      physicalName('dazzle-shop-prod', 'a_really_long_process_name_that_goes_on_and_on_and_on', 64),
    );
    expect(physicalName('p', 'short', 64)).toBe('p-short');
  });

  const planned = (resources: number, bytes = 1000) =>
    ({ workflow: { name: `w${resources}` }, asl: '', schedules: [], resources, bytes }) as never;

  it('keeps workflows in the stack while everything fits', () => {
    expect(placeWorkflows([planned(10), planned(10)], 100, 450)).toEqual([
      { nested: false, items: [planned(10), planned(10)] },
    ]);
  });

  it('spreads workflows over nested stacks by resources and definition bytes', () => {
    const groups = placeWorkflows(
      Array.from({ length: 100 }, () => planned(7)),
      100,
      450,
    );
    expect(groups.every((g) => g.nested)).toBe(true);
    expect(groups.map((g) => g.items.length)).toEqual([64, 36]);
    const heavy = placeWorkflows(
      Array.from({ length: 4 }, () => planned(5, 200_000)),
      0,
      450,
    );
    expect(heavy.map((g) => g.items.length)).toEqual([2, 2]);
  });
});
