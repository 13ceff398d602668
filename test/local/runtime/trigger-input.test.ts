/**
 * What only the local trigger inputs do; the contract itself (shared with the trigger router) is
 * tested against its examples in test/compiler/contracts/trigger-input.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { snakeCase, type TriggerEvent } from '../../../compiler/contracts/trigger-input.ts';
import { executionNameFromEventId, processCompletedInput } from '../../../local/bus/trigger-input.ts';

const ARN = 'arn:aws:states:us-east-1:123456789012:execution:upstream:run-1';
const statusChange = (detail: Record<string, unknown>): TriggerEvent => ({
  id: 'ev-1',
  'detail-type': 'Step Functions Execution Status Change',
  source: 'aws.states',
  detail: { executionArn: ARN, name: 'run-1', status: 'SUCCEEDED', ...detail },
});
const route = { kind: 'process_completed', via: 'execution_status_change', process: 'upstream' } as const;

describe('local trigger inputs', () => {
  it('looks up the upstream inputs of a status change that does not carry them', () => {
    const inputOf = (arn: string) => (arn === ARN ? { id: 1, x: 'in' } : undefined);
    const got = processCompletedInput(route, statusChange({ output: '{"x":"out"}' }), inputOf);
    expect(got.input).toEqual({ id: 1, x: 'out' });
    expect(got.trigger.input).toEqual({ id: 1, x: 'in' });
  });

  it('uses the inputs a status change carries, not the lookup', () => {
    const inputOf = () => ({ stale: true });
    const got = processCompletedInput(
      route,
      statusChange({ input: '{"input":{"id":2}}', output: '{}' }),
      inputOf,
    );
    expect(got.input).toEqual({ id: 2 });
  });

  it('fails on a malformed status change, as the router does (the bus dead-letters it)', () => {
    expect(() => processCompletedInput(route, statusChange({ input: '{', output: '{}' }))).toThrow(
      SyntaxError,
    );
  });

  it('snake-cases entity names', () => {
    expect(snakeCase('HTTPRequestLog')).toBe('http_request_log');
    expect(snakeCase('ReturnRequest')).toBe('return_request');
    expect(snakeCase('Order')).toBe('order');
    expect(snakeCase('order-line 2')).toBe('order_line_2');
  });

  it('derives valid execution names from event ids', () => {
    expect(executionNameFromEventId('a:b/c')).toBe('a_b_c');
    expect(executionNameFromEventId('x'.repeat(100))).toHaveLength(80);
  });
});
