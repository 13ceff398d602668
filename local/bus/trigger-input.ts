/**
 * The execution input a rule target builds from the event that matched it: the contract of
 * `compiler/contracts/trigger-input.ts`, which the trigger router's JSONata implements in AWS.
 * Change both together; `TRIGGER_INPUT_EXAMPLES` pins them to each other.
 */
import type { ExecutionInput } from '../../compiler/contracts/runtime.ts';
import {
  ENTITY_EVENT_TYPES,
  snakeCase,
  type TriggerEvent,
  type TriggerRoute,
} from '../../compiler/contracts/trigger-input.ts';

type Json = Record<string, unknown>;

const record = (v: unknown): Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};

/** `{key: value}`, or `{}` when the value is absent (JSONata leaves such a key out). */
const present = (key: string, value: unknown): Json => (value === undefined ? {} : { [key]: value });

export function entityEventInput(
  kind: Extract<TriggerRoute, { kind: 'entity_event' | 'entity_status_transition' }>['kind'],
  event: TriggerEvent,
): ExecutionInput {
  const d = event.detail;
  const data = record(d.data);
  const eventType = ENTITY_EVENT_TYPES[event['detail-type']];
  const entity = typeof d.entity === 'string' ? d.entity : undefined;
  return {
    input: {
      ...data,
      ...present('entity_id', d.id),
      ...present('entity_name', d.entity),
      ...present('event_type', eventType),
      ...present('old_status', d.from_status),
      ...present('new_status', d.to_status),
      ...(entity === undefined ? {} : present(`${snakeCase(entity)}_id`, d.id)),
    },
    trigger: {
      kind,
      event_id: event.id,
      ...present('entity', d.entity),
      ...present('event_type', eventType),
      ...present('from_status', d.from_status),
      ...present('to_status', d.to_status),
      ...data,
      ...present('id', d.id),
    },
  };
}

export function signalInput(event: TriggerEvent): ExecutionInput {
  const d = event.detail;
  const payload = record(d.payload);
  const correlation = typeof d.correlation_id === 'string' ? { correlation_id: d.correlation_id } : {};
  return {
    input: { ...payload, ...correlation },
    trigger: {
      kind: 'signal',
      event_id: event.id,
      ...present('signal', d.name),
      ...correlation,
      payload,
      ...payload,
    },
  };
}

/**
 * The process inputs an upstream execution was started with, for a status change that does not
 * carry them (the local runtime has every execution; in AWS such an event hands on `{}`).
 */
export type InputOf = (executionArn: string) => Record<string, unknown> | undefined;

export function processCompletedInput(
  trigger: Extract<TriggerRoute, { kind: 'process_completed' }>,
  event: TriggerEvent,
  inputOf: InputOf = () => undefined,
): ExecutionInput {
  const upstream =
    trigger.via === 'on_complete_event'
      ? fromOnCompleteEvent(event.detail)
      : fromStatusChange(event.detail, inputOf);
  const spread = record(upstream.output);
  return {
    input: { ...upstream.input, ...spread },
    trigger: {
      kind: 'process_completed',
      event_id: event.id,
      process: trigger.process,
      execution: upstream.execution,
      input: upstream.input,
      output: upstream.output,
      ...spread,
    },
  };
}

interface Upstream {
  execution: Json;
  input: Json;
  /** `null` when the event carries none. */
  output: unknown;
}

function fromOnCompleteEvent(d: Json): Upstream {
  const execution = record(d.execution);
  return {
    execution: {
      ...present('id', execution.id),
      ...present('name', execution.name),
      ...present('start_time', execution.start_time),
    },
    input: record(d.input),
    output: d.output ?? null,
  };
}

/** Parses like the router's `$parse`: malformed JSON fails the delivery (and dead-letters it). */
function fromStatusChange(d: Json, inputOf: InputOf): Upstream {
  const arn = d.executionArn;
  const input =
    typeof d.input === 'string'
      ? record(JSON.parse(d.input)).input
      : typeof arn === 'string'
        ? inputOf(arn)
        : undefined;
  return {
    execution: {
      ...present('id', arn),
      ...present('name', d.name),
      ...present(
        'start_time',
        typeof d.startDate === 'number' ? new Date(d.startDate).toISOString() : d.startDate,
      ),
    },
    input: record(input),
    output: typeof d.output === 'string' ? JSON.parse(d.output) : null,
  };
}

/** An execution name from an event id: only the characters Step Functions allows, at most 80. */
export function executionNameFromEventId(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80);
}
