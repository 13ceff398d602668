/**
 * The trigger router's JSONata (evaluated with the AWS functions of the local runtime), its ASL
 * (asl-validator), deploy-time params, and the nested-stack placement rule.
 */
import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { scheduleTriggerInput, snakeCase } from '../../compiler/contracts/trigger-input.ts';
import type { ManifestSchedule } from '../../compiler/manifest/schema.ts';
import { aslValidator } from '../../host/asl-validator.ts';
import { placeWorkflows } from '../../infra/dazzle-processes.ts';
import { physicalName } from '../../infra/names.ts';
import { Params } from '../../infra/params.ts';
import { ROUTES, routerDefinition } from '../../infra/trigger-router.ts';
import { slotExecutionName } from '../../lambdas/schedule-catch-up/slots.ts';
import { awsFunctions } from '../../local/asl/functions.ts';
import { seededRandom } from '../../local/asl/random.ts';

async function route(
  body: string,
  input: unknown,
): Promise<{ name: string; payload: { input: unknown; trigger: unknown } }> {
  const bindings = { ...awsFunctions(() => 0, seededRandom(1)), states: { input } };
  return jsonata(body).evaluate({}, bindings);
}

const entityEvent = (detailType: string, detail: Record<string, unknown>) => ({
  id: '6f1c0d52-5a3e-4d3a-9a55-2f0c2b9c1e11',
  source: 'dazzle.shop',
  'detail-type': detailType,
  detail,
});

describe('trigger router', () => {
  it('is valid ASL', () => {
    const result = aslValidator()(routerDefinition());
    expect(result.isValid, result.errorsText('\n')).toBe(true);
  });

  it('names an event-triggered execution after the event id (the input: test/compiler/contracts)', async () => {
    const event = entityEvent('EntityCreated', { entity: 'Customer', id: 'c-1' });
    for (const [body, input] of [
      [ROUTES.entity, { kind: 'entity_event', event }],
      [ROUTES.signal, { kind: 'signal', event }],
      [ROUTES.onCompleteEvent, { kind: 'process_completed', watched: 'p', event }],
      [ROUTES.statusChange, { kind: 'process_completed', watched: 'p', event }],
    ] as const)
      expect((await route(body, input)).name).toBe(event.id);
  });

  it('snake-cases entity names as the local runtime does', async () => {
    for (const entity of ['HTTPRequestLog', 'ReturnRequest', 'Order', 'order-line 2', 'aBcD', 'X']) {
      const out = await route(ROUTES.entity, {
        kind: 'entity_event',
        event: entityEvent('EntityCreated', { entity, id: 'i-1' }),
      });
      expect(out.payload.input).toHaveProperty([`${snakeCase(entity)}_id`], 'i-1');
    }
  });

  it('names a schedule slot exactly as schedule-catch-up names a missed one', async () => {
    for (const schedule of ['overdue_invoice_reminders', 'x'.repeat(90)]) {
      const time = '2026-11-25T02:00:00Z';
      const workflow = `schedule-${schedule}`;
      const out = await route(ROUTES.schedule, {
        kind: 'schedule',
        workflow,
        schedule,
        scheduled_time: time,
      });
      expect(out.name).toBe(slotExecutionName(workflow, new Date(time)));
      expect(out.payload).toEqual(scheduleTriggerInput(schedule, new Date(time)));
    }
  });
});

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
