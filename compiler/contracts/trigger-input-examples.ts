import type { TriggerEvent, TriggerInputExample } from './trigger-input.ts';

/*
 * The example table of the trigger-input contract (see trigger-input.ts), kept apart from the
 * contract's code so the handler Lambdas that import the contract never bundle it.
 */

const EVENT_ID = '6f1c0d52-5a3e-4d3a-9a55-2f0c2b9c1e11';
const ARN = 'arn:aws:states:eu-west-1:123456789012:execution:dazzle-shop-expense_approval:run-1';

const event = (
  detailType: string,
  detail: Record<string, unknown>,
  source = 'dazzle.shop',
): TriggerEvent => ({
  id: EVENT_ID,
  'detail-type': detailType,
  source,
  detail,
});

/** Example events and the execution input both implementations must build from them. */
export const TRIGGER_INPUT_EXAMPLES: readonly TriggerInputExample[] = [
  {
    name: 'entity status change',
    route: { kind: 'entity_status_transition' },
    event: event('EntityStatusChanged', {
      entity: 'ExpenseReport',
      id: 'e-1',
      data: { amount: 1200, manager_id: 'm-7', status: 'pending_approval' },
      from_status: 'submitted',
      to_status: 'pending_approval',
    }),
    expected: {
      input: {
        amount: 1200,
        manager_id: 'm-7',
        status: 'pending_approval',
        entity_id: 'e-1',
        entity_name: 'ExpenseReport',
        event_type: 'status_changed',
        old_status: 'submitted',
        new_status: 'pending_approval',
        expense_report_id: 'e-1',
      },
      trigger: {
        kind: 'entity_status_transition',
        event_id: EVENT_ID,
        entity: 'ExpenseReport',
        event_type: 'status_changed',
        from_status: 'submitted',
        to_status: 'pending_approval',
        amount: 1200,
        manager_id: 'm-7',
        status: 'pending_approval',
        id: 'e-1',
      },
    },
  },
  {
    name: 'entity created: no data, no statuses, an acronym in the entity name',
    route: { kind: 'entity_event' },
    event: event('EntityCreated', { entity: 'HTTPRequestLog', id: 'h-1' }),
    expected: {
      input: {
        entity_id: 'h-1',
        entity_name: 'HTTPRequestLog',
        event_type: 'created',
        http_request_log_id: 'h-1',
      },
      trigger: {
        kind: 'entity_event',
        event_id: EVENT_ID,
        entity: 'HTTPRequestLog',
        event_type: 'created',
        id: 'h-1',
      },
    },
  },
  {
    name: 'entity updated: entity fields win over trigger metadata in trigger, event fields win in input',
    route: { kind: 'entity_event' },
    event: event('EntityUpdated', {
      entity: 'Order',
      id: 'o-1',
      data: { id: 'stale', kind: 'express', entity_id: 'x', note: null },
    }),
    expected: {
      input: {
        id: 'stale',
        kind: 'express',
        note: null,
        entity_id: 'o-1',
        entity_name: 'Order',
        event_type: 'updated',
        order_id: 'o-1',
      },
      trigger: {
        kind: 'express',
        event_id: EVENT_ID,
        entity: 'Order',
        event_type: 'updated',
        entity_id: 'x',
        note: null,
        id: 'o-1',
      },
    },
  },
  {
    name: 'entity deleted with a non-object data and a null from_status',
    route: { kind: 'entity_event' },
    event: event('EntityDeleted', { entity: 'Customer', id: 'c-1', data: 'gone', from_status: null }),
    expected: {
      input: {
        entity_id: 'c-1',
        entity_name: 'Customer',
        event_type: 'deleted',
        old_status: null,
        customer_id: 'c-1',
      },
      trigger: {
        kind: 'entity_event',
        event_id: EVENT_ID,
        entity: 'Customer',
        event_type: 'deleted',
        from_status: null,
        id: 'c-1',
      },
    },
  },
  {
    name: 'signal with a correlation id',
    route: { kind: 'signal' },
    event: event('Signal', {
      name: 'chargeback_received',
      correlation_id: 'o-1',
      payload: { order_id: 'o-1', amount: 5 },
    }),
    expected: {
      input: { order_id: 'o-1', amount: 5, correlation_id: 'o-1' },
      trigger: {
        kind: 'signal',
        event_id: EVENT_ID,
        signal: 'chargeback_received',
        correlation_id: 'o-1',
        payload: { order_id: 'o-1', amount: 5 },
        order_id: 'o-1',
        amount: 5,
      },
    },
  },
  {
    name: 'signal without a correlation id; a payload field hides the trigger kind at top level',
    route: { kind: 'signal' },
    event: event('Signal', { name: 'refund_requested', correlation_id: null, payload: { kind: 'partial' } }),
    expected: {
      input: { kind: 'partial' },
      trigger: {
        kind: 'partial',
        event_id: EVENT_ID,
        signal: 'refund_requested',
        payload: { kind: 'partial' },
      },
    },
  },
  {
    name: 'signal with a payload that is not an object',
    route: { kind: 'signal' },
    event: event('Signal', { name: 'ping', payload: 'hello' }),
    expected: {
      input: {},
      trigger: { kind: 'signal', event_id: EVENT_ID, signal: 'ping', payload: {} },
    },
  },
  {
    name: 'process completed, from its on_complete event',
    route: { kind: 'process_completed', via: 'on_complete_event', process: 'expense_approval' },
    event: event('ExpenseSettled', {
      process: 'expense_approval',
      execution: { id: ARN, name: 'run-1', start_time: '2026-11-25T09:00:00.000Z' },
      status: 'completed',
      input: { expense_id: 'x-1', decision: 'pending' },
      output: { decision: 'approved' },
    }),
    expected: {
      input: { expense_id: 'x-1', decision: 'approved' },
      trigger: {
        kind: 'process_completed',
        event_id: EVENT_ID,
        process: 'expense_approval',
        execution: { id: ARN, name: 'run-1', start_time: '2026-11-25T09:00:00.000Z' },
        input: { expense_id: 'x-1', decision: 'pending' },
        output: { decision: 'approved' },
        decision: 'approved',
      },
    },
  },
  {
    name: 'process completed, from an on_complete event without input (an upstream compiled earlier)',
    route: { kind: 'process_completed', via: 'on_complete_event', process: 'expense_approval' },
    event: event('ExpenseSettled', {
      process: 'expense_approval',
      execution: { id: ARN },
      status: 'completed',
      output: { decision: 'approved' },
    }),
    expected: {
      input: { decision: 'approved' },
      trigger: {
        kind: 'process_completed',
        event_id: EVENT_ID,
        process: 'expense_approval',
        execution: { id: ARN },
        input: {},
        output: { decision: 'approved' },
        decision: 'approved',
      },
    },
  },
  {
    name: 'process completed, from the Step Functions status change',
    route: { kind: 'process_completed', via: 'execution_status_change', process: 'expense_approval' },
    event: event(
      'Step Functions Execution Status Change',
      {
        executionArn: ARN,
        name: 'run-1',
        status: 'SUCCEEDED',
        startDate: Date.UTC(2026, 10, 25, 9, 0, 0, 123),
        input: JSON.stringify({ input: { expense_id: 'x-1' }, trigger: { kind: 'manual' } }),
        output: JSON.stringify({ decision: 'approved' }),
      },
      'aws.states',
    ),
    expected: {
      input: { expense_id: 'x-1', decision: 'approved' },
      trigger: {
        kind: 'process_completed',
        event_id: EVENT_ID,
        process: 'expense_approval',
        execution: { id: ARN, name: 'run-1', start_time: '2026-11-25T09:00:00.123Z' },
        input: { expense_id: 'x-1' },
        output: { decision: 'approved' },
        decision: 'approved',
      },
    },
  },
  {
    name: 'process completed, from a status change whose output is not an object',
    route: { kind: 'process_completed', via: 'execution_status_change', process: 'expense_approval' },
    event: event(
      'Step Functions Execution Status Change',
      {
        executionArn: ARN,
        name: 'run-1',
        status: 'SUCCEEDED',
        startDate: Date.UTC(2026, 10, 25, 9, 0, 0),
        input: JSON.stringify({ input: { expense_id: 'x-1' } }),
        output: JSON.stringify('done'),
      },
      'aws.states',
    ),
    expected: {
      input: { expense_id: 'x-1' },
      trigger: {
        kind: 'process_completed',
        event_id: EVENT_ID,
        process: 'expense_approval',
        execution: { id: ARN, name: 'run-1', start_time: '2026-11-25T09:00:00.000Z' },
        input: { expense_id: 'x-1' },
        output: 'done',
      },
    },
  },
  {
    name: 'schedule slot (Scheduler sends the time without milliseconds)',
    route: {
      kind: 'schedule',
      schedule: 'overdue_invoice_reminders',
      scheduled_time: '2026-11-25T02:00:00Z',
    },
    expected: {
      input: {},
      trigger: {
        kind: 'schedule',
        schedule: 'overdue_invoice_reminders',
        scheduled_time: '2026-11-25T02:00:00.000Z',
      },
    },
  },
  {
    name: 'missed schedule slot started by catch-up',
    route: {
      kind: 'schedule',
      schedule: 'overdue_invoice_reminders',
      scheduled_time: '2026-11-24T02:00:00.000Z',
      catch_up: true,
    },
    expected: {
      input: {},
      trigger: {
        kind: 'schedule',
        schedule: 'overdue_invoice_reminders',
        scheduled_time: '2026-11-24T02:00:00.000Z',
        catch_up: true,
      },
    },
  },
];
