/**
 * The execution input of a triggered process: `{input, trigger}` (DESIGN.md §3, §5), built from the
 * event (or schedule slot) that started it. Two implementations build it and must agree exactly:
 * the trigger router's JSONata in AWS (`infra/trigger-router.ts`) and TypeScript locally
 * (`local/bus/trigger-input.ts`; schedule slots: `scheduleTriggerInput` below). Both are tested
 * against `TRIGGER_INPUT_EXAMPLES`.
 *
 * Two rules hold for every kind:
 * - `input` is the subject's fields (entity `data`, signal `payload`, upstream input + output)
 *   overlaid by the fields the event names (`entity_id`, …, `correlation_id`): these are the
 *   documented process inputs, so a stray field of the same name cannot replace them.
 * - `trigger` is the event's metadata overlaid by the subject's fields at top level (entity `id`
 *   excepted: always the event's `id`). Decided so because `trigger.f` / `self.f` / `entity.f` and a
 *   bare name that is no declared input read the trigger (DESIGN.md §3): an entity field `kind`
 *   must read as the entity's `kind`, not as the trigger kind (constant per process anyway). A
 *   metadata field a subject field hides is not available at top level.
 * A field the event does not carry is absent (never `undefined`); `null` is kept as `null`.
 *
 * Entity events (`EntityCreated|Updated|Deleted|StatusChanged`, detail `{entity, id, data,
 * from_status?, to_status?}`):
 *   input   = {...data, entity_id: id, entity_name: entity, event_type, old_status?: from_status,
 *              new_status?: to_status, <snake(entity)>_id: id}
 *   trigger = {kind, event_id, entity, event_type, from_status?, to_status?, ...data, id}
 *   `kind` is the manifest trigger kind that matched (`entity_event` | `entity_status_transition`);
 *   `event_type` is `created|updated|deleted|status_changed`; `snake` is `snakeCase` below
 *   (`HTTPRequestLog` → `http_request_log`); `data` that is not an object counts as `{}`; the id is
 *   passed on as it came. Decided: no `current_user` (the event contract carries no actor, and
 *   `current_user()` is documented as missing for events).
 *
 * Signals (`Signal`, detail `{name, correlation_id?, payload}`):
 *   input   = {...payload, correlation_id?}
 *   trigger = {kind: 'signal', event_id, signal: name, correlation_id?, payload, ...payload}
 *   `correlation_id` only when it is a string; a payload that is not an object counts as `{}`.
 *
 * Process completed (`process P completed`), either from P's `on_complete` event (detail
 * `{process, execution: {id, name, start_time}, status: 'completed', input, output}`) or, when P
 * emits none, from the Step Functions "Execution Status Change" (detail `{executionArn, name,
 * startDate (epoch ms), input: JSON of P's {input, trigger}, output: JSON}`):
 *   input   = {...upstream input, ...output when it is an object}
 *   trigger = {kind: 'process_completed', event_id, process: P, execution: {id, name?, start_time?},
 *              input: upstream input, output, ...output when it is an object}
 *   `start_time` is ISO 8601 (a status change's epoch ms converted) like `$states.context`;
 *   `output` is `null` when the event carries none. The upstream input is its process inputs (after
 *   defaults in the on_complete event, as started in a status change). Decided: a status change
 *   without `input` (AWS leaves it out when too large for the event) hands on `{}` in AWS; the local runtime looks
 *   the upstream execution up instead (it always has it) — the one place the two may differ.
 *
 * Schedule slots (cron / interval, and missed slots started by catch-up):
 *   input   = {}
 *   trigger = {kind: 'schedule', schedule: <workflow name>, scheduled_time, catch_up?: true}
 *   `scheduled_time` is ISO 8601 UTC with milliseconds (`2026-11-25T02:00:00.000Z`; Scheduler's
 *   `…T02:00:00Z` is normalised). `catch_up: true` only on slots started by catch-up.
 *
 * Pure: no I/O.
 */
import type { ExecutionInput } from './runtime.ts';

/** EventBridge `detail-type` of an entity event → the `event_type` a process sees. */
export const ENTITY_EVENT_TYPES: Readonly<Record<string, string>> = {
  EntityCreated: 'created',
  EntityUpdated: 'updated',
  EntityDeleted: 'deleted',
  EntityStatusChanged: 'status_changed',
};

/** `ReturnRequest` → `return_request`, `HTTPRequestLog` → `http_request_log` (the router does the same). */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toLowerCase();
}

/** The input of a schedule slot; `catchUp` for a missed slot started by catch-up. */
export function scheduleTriggerInput(workflow: string, slot: Date, catchUp = false): ExecutionInput {
  return {
    input: {},
    trigger: {
      kind: 'schedule',
      schedule: workflow,
      scheduled_time: slot.toISOString(),
      ...(catchUp ? { catch_up: true } : {}),
    },
  };
}

/** The parts of an EventBridge event the input is built from. */
export interface TriggerEvent {
  id: string;
  'detail-type': string;
  source: string;
  detail: Record<string, unknown>;
}

/** What the rule that matched knows (the manifest trigger; in AWS, the router's input). */
export type TriggerRoute =
  | { kind: 'entity_event' | 'entity_status_transition' }
  | { kind: 'signal' }
  | { kind: 'process_completed'; via: 'on_complete_event' | 'execution_status_change'; process: string };

export type TriggerInputExample =
  | { name: string; route: TriggerRoute; event: TriggerEvent; expected: ExecutionInput }
  /** A schedule slot: `scheduled_time` as Scheduler sends it (the router) or the slot (catch-up). */
  | {
      name: string;
      route: { kind: 'schedule'; schedule: string; scheduled_time: string; catch_up?: true };
      expected: ExecutionInput;
    };

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
