import { describe, expect, it } from 'vitest';
import type { BusEvent } from '../../../local/bus/bus.ts';
import {
  entityEventInput,
  executionNameFromEventId,
  processCompletedInput,
  signalInput,
  snakeCase,
} from '../../../local/bus/trigger-input.ts';

const event = (detailType: string, detail: Record<string, unknown>): BusEvent => ({
  version: '0',
  id: 'ev-1',
  'detail-type': detailType,
  source: 'dazzle.app',
  account: '123456789012',
  time: '2026-01-01T00:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail,
});

describe('trigger inputs (DESIGN.md §5)', () => {
  it('builds the process input and trigger from an entity status event', () => {
    const got = entityEventInput(
      event('EntityStatusChanged', {
        entity: 'ReturnRequest',
        id: 'r1',
        data: { reason: 'broken', amount: 3 },
        from_status: 'draft',
        to_status: 'open',
      }),
    );
    expect(got.input).toEqual({
      reason: 'broken',
      amount: 3,
      entity_id: 'r1',
      entity_name: 'ReturnRequest',
      event_type: 'status_changed',
      old_status: 'draft',
      new_status: 'open',
      return_request_id: 'r1',
    });
    expect(got.trigger).toMatchObject({
      id: 'r1',
      reason: 'broken',
      entity: 'ReturnRequest',
      to_status: 'open',
      event_id: 'ev-1',
    });
  });

  it('names created/updated/deleted events and snake-cases entity names', () => {
    expect(
      entityEventInput(event('EntityCreated', { entity: 'Order', id: 'o1', data: {} })).input.event_type,
    ).toBe('created');
    expect(snakeCase('HTTPRequestLog')).toBe('http_request_log');
    expect(snakeCase('Order')).toBe('order');
  });

  it('hands a signal payload to the process as its input', () => {
    const got = signalInput(event('Signal', { name: 'paid', correlation_id: 'o1', payload: { amount: 5 } }));
    expect(got.input).toEqual({ amount: 5, correlation_id: 'o1' });
    expect(got.trigger).toMatchObject({ kind: 'signal', signal: 'paid', correlation_id: 'o1' });
  });

  it('hands on the upstream inputs overlaid by its output', () => {
    const got = processCompletedInput(
      { process: 'a', executionArn: 'arn:x', input: { id: 1, x: 'in' }, output: { x: 'out' } },
      event('ACompleted', {}),
    );
    expect(got.input).toEqual({ id: 1, x: 'out' });
    expect(got.trigger).toMatchObject({ kind: 'process_completed', process: 'a', execution: 'arn:x' });
  });

  it('derives valid execution names from event ids', () => {
    expect(executionNameFromEventId('a:b/c')).toBe('a_b_c');
    expect(executionNameFromEventId('x'.repeat(100))).toHaveLength(80);
  });
});
