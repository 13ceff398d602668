/**
 * The trigger router's JSONata (evaluated with the AWS functions of the local runtime), its ASL
 * (asl-validator), deploy-time params, and the nested-stack placement rule.
 */
import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { defaultAslValidator } from '../../compiler/emit/aslValidator.ts';
import type { ManifestSchedule } from '../../compiler/manifest/schema.ts';
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
    const result = defaultAslValidator!(routerDefinition());
    expect(result.isValid, result.errorsText('\n')).toBe(true);
  });

  it('builds {input, trigger} from an entity event (DESIGN §5) and names the execution after the event id', async () => {
    const event = entityEvent('EntityStatusChanged', {
      entity: 'ExpenseReport',
      id: 'e-1',
      data: { amount: 1200, manager_id: 'm-7' },
      from_status: 'submitted',
      to_status: 'pending_approval',
    });
    const out = await route(ROUTES.entity, { kind: 'entity_status_transition', event });
    expect(out.name).toBe(event.id);
    expect(out.payload.input).toEqual({
      amount: 1200,
      manager_id: 'm-7',
      entity_id: 'e-1',
      entity_name: 'ExpenseReport',
      event_type: 'status_changed',
      old_status: 'submitted',
      new_status: 'pending_approval',
      expense_report_id: 'e-1',
    });
    expect(out.payload.trigger).toEqual({
      kind: 'entity_status_transition',
      event_id: event.id,
      entity: 'ExpenseReport',
      event_type: 'status_changed',
      from_status: 'submitted',
      to_status: 'pending_approval',
      amount: 1200,
      manager_id: 'm-7',
      id: 'e-1',
    });
  });

  it('maps created events without statuses and tolerates a missing data object', async () => {
    const out = await route(ROUTES.entity, {
      kind: 'entity_event',
      event: entityEvent('EntityCreated', { entity: 'Customer', id: 'c-1' }),
    });
    expect(out.payload.input).toEqual({
      entity_id: 'c-1',
      entity_name: 'Customer',
      event_type: 'created',
      customer_id: 'c-1',
    });
  });

  it('starts signal-triggered processes with the payload as input', async () => {
    const event = entityEvent('Signal', {
      name: 'chargeback_received',
      correlation_id: 'o-1',
      payload: { order_id: 'o-1' },
    });
    const out = await route(ROUTES.signal, { kind: 'signal', event });
    expect(out.payload).toEqual({
      input: { order_id: 'o-1' },
      trigger: {
        kind: 'signal',
        event_id: event.id,
        signal: 'chargeback_received',
        correlation_id: 'o-1',
        payload: { order_id: 'o-1' },
      },
    });
  });

  it('starts after a process completed: from its on_complete event or its status change', async () => {
    const done = entityEvent('ExpenseSettled', {
      process: 'expense_approval',
      execution: { id: 'arn:x', name: 'n' },
      status: 'completed',
      output: { decision: 'approved' },
    });
    const fromEvent = await route(ROUTES.onCompleteEvent, { kind: 'process_completed', event: done });
    expect(fromEvent.payload.input).toEqual({ decision: 'approved' });
    const change = {
      id: 'a1b2',
      detail: {
        executionArn: 'arn:aws:states:eu-west-1:1:execution:m:run-1',
        name: 'run-1',
        status: 'SUCCEEDED',
        startDate: 1,
        input: JSON.stringify({ input: { expense_id: 'x-1' }, trigger: {} }),
        output: JSON.stringify({ decision: 'approved' }),
      },
    };
    const fromChange = await route(ROUTES.statusChange, {
      kind: 'process_completed',
      watched: 'expense_approval',
      event: change,
    });
    expect(fromChange).toEqual({
      name: 'a1b2',
      payload: {
        input: { expense_id: 'x-1', decision: 'approved' },
        trigger: {
          kind: 'process_completed',
          event_id: 'a1b2',
          process: 'expense_approval',
          execution: { id: change.detail.executionArn, name: 'run-1', start_time: 1 },
          output: { decision: 'approved' },
        },
      },
    });
  });

  it('names a schedule slot exactly as schedule-catch-up names a missed one', async () => {
    for (const schedule of ['overdue_invoice_reminders', 'x'.repeat(90)]) {
      const time = '2026-11-25T02:00:00Z';
      const out = await route(ROUTES.schedule, { kind: 'schedule', schedule, scheduled_time: time });
      expect(out.name).toBe(slotExecutionName(schedule, new Date(time)));
      expect(out.payload).toEqual({
        input: {},
        trigger: { kind: 'schedule', schedule, scheduled_time: time },
      });
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
        id: 'report-2',
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
