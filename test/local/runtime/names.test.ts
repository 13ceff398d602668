import { describe, expect, it } from 'vitest';
import { resolvePlaceholders, substitutionsFor } from '../../../local/names.ts';
import { scheduleConfig } from '../../../local/schedule/recurring.ts';

/** `${key}` (spelled out so that no string literal looks like a forgotten template). */
const ph = (key: string) => `\${${key}}`;

describe('local placeholders', () => {
  it('resolves every placeholder the compiler emits to a local ARN or name', () => {
    const text = JSON.stringify({
      a: ph('Service_charge_card'),
      b: ph('Handler_taskRegister'),
      c: ph('StateMachine_child'),
      d: [ph('EventBusName'), ph('EventSource'), ph('StateTable')],
      e: ph('Unknown_thing'),
    });
    expect(substitutionsFor(text, 'dazzle.shop')).toEqual({
      Service_charge_card: 'arn:aws:lambda:us-east-1:123456789012:function:service-charge_card',
      Handler_taskRegister: 'arn:aws:lambda:us-east-1:123456789012:function:dazzle-taskRegister',
      StateMachine_child: 'arn:aws:states:us-east-1:123456789012:stateMachine:child',
      EventBusName: 'dazzle-local',
      EventSource: 'dazzle.shop',
      StateTable: 'dazzle-state',
    });
  });

  it('resolves event patterns and leaves unknown placeholders for the engine to reject', () => {
    expect(resolvePlaceholders({ source: [ph('EventSource')], x: [ph('Nope')] }, 'dazzle.app')).toEqual({
      source: ['dazzle.app'],
      x: [ph('Nope')],
    });
  });
});

describe('scheduleConfig', () => {
  const entry = { id: 's', source: '', timezone: 'Europe/London', catch_up: true, split: false };
  it('reads cron(…) and rate(…) expressions', () => {
    expect(scheduleConfig({ ...entry, expression: 'cron(0 2 * * ? *)' }, 'arn')).toEqual({
      config: { stateMachineArn: 'arn', timezone: 'Europe/London', catch_up: true, cron: '0 2 * * ? *' },
    });
    expect(scheduleConfig({ ...entry, expression: 'rate(15 minutes)' }, 'arn')).toMatchObject({
      config: { interval_seconds: 900 },
    });
    expect(scheduleConfig({ ...entry, expression: 'rate(1 day)' }, 'arn')).toMatchObject({
      config: { interval_seconds: 86_400 },
    });
  });

  it('skips deploy-time parameters with the reason', () => {
    expect(scheduleConfig({ ...entry, expression: { param: 'cron_key' } }, 'arn')).toEqual({
      skipped: "its expression is the deploy-time parameter 'cron_key'",
    });
  });
});
