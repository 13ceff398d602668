import { describe, expect, it } from 'vitest';
import { PLACEHOLDER } from '../../../compiler/contracts/runtime.ts';
import { InvalidParam } from '../../../compiler/manifest/params.ts';
import { placeholderTargets } from '../../../compiler/manifest/placeholders.ts';
import type { Manifest } from '../../../compiler/manifest/schema.ts';
import { resolvePlaceholders, substitutionsFor } from '../../../local/names.ts';
import { scheduleConfigs } from '../../../local/schedule/recurring.ts';

/** `${key}` (spelled out so that no string literal looks like a forgotten template). */
const ph = (key: string) => `\${${key}}`;

/** The parts of a manifest placeholders are resolved against. */
const targets = placeholderTargets({
  workflows: [
    {
      kind: 'process',
      name: 'parent',
      references: { services: ['charge_card', 'Fulfillment.ship'], subprocesses: ['child'] },
    },
  ],
} as unknown as Manifest);

describe('local placeholders', () => {
  it('resolves every placeholder the compiler emits to a local ARN or name', () => {
    const text = JSON.stringify({
      a: ph('Service_charge_card'),
      a2: PLACEHOLDER.serviceFunction('Fulfillment.ship'),
      b: ph('Handler_taskRegister'),
      c: ph('StateMachine_process_child'),
      d: [ph('EventBusName'), ph('EventSource'), ph('StateTable')],
      e: ph('Unknown_thing'),
    });
    expect(substitutionsFor(text, 'dazzle.shop', targets)).toEqual({
      Service_charge_card: 'arn:aws:lambda:us-east-1:123456789012:function:service-charge_card',
      [PLACEHOLDER.serviceFunction('Fulfillment.ship').slice(2, -1)]:
        'arn:aws:lambda:us-east-1:123456789012:function:service-Fulfillment.ship',
      Handler_taskRegister: 'arn:aws:lambda:us-east-1:123456789012:function:dazzle-taskRegister',
      StateMachine_process_child: 'arn:aws:states:us-east-1:123456789012:stateMachine:process-child',
      EventBusName: 'dazzle-local',
      EventSource: 'dazzle.shop',
      StateTable: 'dazzle-state',
    });
  });

  it('resolves event patterns and leaves unknown placeholders for the engine to reject', () => {
    expect(
      resolvePlaceholders({ source: [ph('EventSource')], x: [ph('Nope')] }, 'dazzle.app', targets),
    ).toEqual({
      source: ['dazzle.app'],
      x: [ph('Nope')],
    });
  });
});

describe('scheduleConfigs', () => {
  const entry = { id: 's', source: '', timezone: 'Europe/London', catch_up: true, split: false };
  it('reads cron(…) and rate(…) expressions', () => {
    expect(scheduleConfigs('w', { ...entry, expression: 'cron(0 2 * * ? *)' }, 'arn')).toEqual({
      configs: [
        {
          id: 's',
          config: { stateMachineArn: 'arn', timezone: 'Europe/London', catch_up: true, cron: '0 2 * * ? *' },
        },
      ],
    });
    expect(scheduleConfigs('w', { ...entry, expression: 'rate(15 minutes)' }, 'arn')).toMatchObject({
      configs: [{ config: { interval_seconds: 900 } }],
    });
    expect(scheduleConfigs('w', { ...entry, expression: 'rate(1 day)' }, 'arn')).toMatchObject({
      configs: [{ config: { interval_seconds: 86_400 } }],
    });
  });

  it('skips a deploy-time parameter with no value, naming it', () => {
    expect(scheduleConfigs('w', { ...entry, expression: { param: 'cron_key' } }, 'arn')).toEqual({
      skipped: "its expression is the deploy-time parameter 'cron_key' (no value: pass --param cron_key=…)",
    });
    expect(
      scheduleConfigs('w', { ...entry, expression: { param: 'c' }, timezone: { param: 'tz' } }, 'arn', {
        c: '0 6 * * *',
      }),
    ).toEqual({ skipped: "its timezone is the deploy-time parameter 'tz' (no value: pass --param tz=…)" });
    expect(
      scheduleConfigs('w', { ...entry, expression: { param: 'c' }, timezone: { param: 'tz' } }, 'arn'),
    ).toEqual({
      skipped:
        "its expression is the deploy-time parameter 'c' and its timezone is the deploy-time parameter 'tz' (no value: pass --param c=… --param tz=…)",
    });
  });

  it('resolves params: a Unix cron splits into two schedules; a bad value throws', () => {
    const params = { cron_key: '0 9 1 * 1', tz: 'Asia/Tokyo' };
    const got = scheduleConfigs(
      'w',
      { ...entry, expression: { param: 'cron_key' }, timezone: { param: 'tz' } },
      'arn',
      params,
    );
    expect(got).toEqual({
      configs: [
        {
          id: 's',
          config: { stateMachineArn: 'arn', timezone: 'Asia/Tokyo', catch_up: true, cron: '0 9 1 * ? *' },
        },
        {
          id: 's.2',
          config: { stateMachineArn: 'arn', timezone: 'Asia/Tokyo', catch_up: true, cron: '0 9 ? * 2 *' },
        },
      ],
    });
    expect(() =>
      scheduleConfigs('w', { ...entry, expression: { param: 'cron_key' } }, 'arn', { cron_key: 'nope' }),
    ).toThrow(InvalidParam);
  });
});
