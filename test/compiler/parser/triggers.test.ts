import { describe, expect, it } from 'vitest';
import { codes, expectClean, onlyProcess, parse } from './harness.ts';

const triggerOf = (line: string) =>
  onlyProcess(expectClean(`process p:\n  trigger:\n    when: ${line}\n`)).trigger;

describe('process triggers', () => {
  it.each([
    ['entity Order created', { kind: 'entity_event', entity_name: 'Order', event_type: 'created' }],
    ['entity Order updated', { kind: 'entity_event', entity_name: 'Order', event_type: 'updated' }],
    ['entity Order deleted', { kind: 'entity_event', entity_name: 'Order', event_type: 'deleted' }],
    [
      'entity Order status -> confirmed',
      { kind: 'entity_status_transition', entity_name: 'Order', to_status: 'confirmed' },
    ],
    [
      'entity Task status pending -> overdue',
      { kind: 'entity_status_transition', entity_name: 'Task', from_status: 'pending', to_status: 'overdue' },
    ],
    ['manual', { kind: 'manual' }],
    ['signal payment_received', { kind: 'signal', process_name: 'payment_received' }],
    ['process order_fulfillment completed', { kind: 'process_completed', process_name: 'order_fulfillment' }],
    ['cron "0 8 * * *"', { kind: 'schedule_cron', cron: '0 8 * * *' }],
    ['interval 1h', { kind: 'schedule_interval', interval_seconds: 3600 }],
  ])('when: %s', (line, expected) => {
    expect(triggerOf(line)).toEqual({ ...expected, timezone: 'UTC' });
  });

  it('accepts the one-line form', () => {
    const p = onlyProcess(expectClean('process p:\n  trigger: entity Customer created\n'));
    expect(p.trigger).toEqual({
      kind: 'entity_event',
      entity_name: 'Customer',
      event_type: 'created',
      timezone: 'UTC',
    });
  });

  it('takes a timezone in the block form', () => {
    const p = onlyProcess(
      expectClean('process p:\n  trigger:\n    when: cron "0 3 * * 0"\n    timezone: "America/New_York"\n'),
    );
    expect(p.trigger).toEqual({ kind: 'schedule_cron', cron: '0 3 * * 0', timezone: 'America/New_York' });
  });

  it('reports a trigger block without when:', () => {
    const { diagnostics, ir } = parse('process p:\n  trigger:\n    timezone: "UTC"\n  timeout: 1m\n');
    expect(codes(diagnostics)).toEqual([['DZ103', 2, 3]]);
    expect(ir.processes[0].trigger).toBeUndefined();
    expect(ir.processes[0].timeout_seconds).toBe(60);
  });

  it('reports unknown trigger words and entity events, located', () => {
    expect(codes(parse('process p:\n  trigger:\n    when: webhook x\n').diagnostics)).toEqual([
      ['DZ204', 3, 11],
    ]);
    expect(codes(parse('process p:\n  trigger:\n    when: entity Order archived\n').diagnostics)).toEqual([
      ['DZ204', 3, 24],
    ]);
  });

  it('reports a status transition without an arrow', () => {
    expect(codes(parse('process p:\n  trigger:\n    when: entity Order status a b\n').diagnostics)).toEqual([
      ['DZ103', 3, 33],
    ]);
  });
});
