/**
 * The execution input a rule target builds from the event that matched it (DESIGN.md §3, §5):
 * `{input, trigger}`. Entity events give the process `entity_id`, `entity_name`, `event_type`,
 * `old_status`, `new_status`, `<entity_snake>_id` and every field of `data`; the trigger is the
 * entity itself (its fields at top level) plus what happened to it.
 */
import type { ExecutionInput } from '../../compiler/contracts/runtime.ts';
import type { ManifestTrigger } from '../../compiler/manifest/schema.ts';
import type { BusEvent } from './bus.ts';

const EVENT_TYPES: Record<string, string> = {
  EntityCreated: 'created',
  EntityUpdated: 'updated',
  EntityDeleted: 'deleted',
  EntityStatusChanged: 'status_changed',
};

/** `ReturnRequest` → `return_request`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toLowerCase();
}

const record = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

export function entityEventInput(event: BusEvent): ExecutionInput {
  const d = event.detail;
  const entity = String(d.entity ?? '');
  const id = d.id === undefined ? undefined : String(d.id);
  const data = record(d.data);
  const eventType = EVENT_TYPES[event['detail-type']] ?? event['detail-type'];
  const input: Record<string, unknown> = {
    ...data,
    entity_id: id,
    entity_name: entity,
    event_type: eventType,
    ...(d.from_status !== undefined && { old_status: d.from_status }),
    ...(d.to_status !== undefined && { new_status: d.to_status }),
    ...(entity !== '' && id !== undefined && { [`${snakeCase(entity)}_id`]: id }),
  };
  const trigger: Record<string, unknown> = {
    ...data,
    id,
    kind: 'entity_event',
    entity,
    event_type: eventType,
    ...(d.from_status !== undefined && { from_status: d.from_status }),
    ...(d.to_status !== undefined && { to_status: d.to_status }),
    event_id: event.id,
    ...(typeof d.actor === 'string' && { current_user: d.actor }),
  };
  return { input, trigger };
}

export function signalInput(event: BusEvent): ExecutionInput {
  const d = event.detail;
  const payload = record(d.payload);
  const correlation = typeof d.correlation_id === 'string' ? d.correlation_id : undefined;
  return {
    input: { ...payload, ...(correlation !== undefined && { correlation_id: correlation }) },
    trigger: {
      ...payload,
      kind: 'signal',
      signal: d.name,
      ...(correlation !== undefined && { correlation_id: correlation }),
      event_id: event.id,
    },
  };
}

/** What a finished upstream execution hands on: its inputs, overlaid by its output fields. */
export interface Upstream {
  process: string;
  executionArn: string;
  input: Record<string, unknown>;
  output: Record<string, unknown>;
}

export function processCompletedInput(upstream: Upstream, event: BusEvent): ExecutionInput {
  return {
    input: { ...upstream.input, ...upstream.output },
    trigger: {
      ...upstream.output,
      kind: 'process_completed',
      process: upstream.process,
      execution: upstream.executionArn,
      event_id: event.id,
    },
  };
}

/**
 * The upstream execution of a process-completed event: the `on_complete` event the upstream emits
 * (`detail.execution.id`, `detail.output`) or a Step Functions status change (`detail.executionArn`).
 */
export function upstreamRef(
  trigger: Extract<ManifestTrigger, { kind: 'process_completed' }>,
  event: BusEvent,
): { arn: string; output: Record<string, unknown> } | undefined {
  const d = event.detail;
  if (trigger.via === 'on_complete_event') {
    const arn = record(d.execution).id;
    return typeof arn === 'string' ? { arn, output: record(record(d.status).output ?? d.output) } : undefined;
  }
  if (typeof d.executionArn !== 'string') return undefined;
  let output: unknown = {};
  try {
    output = typeof d.output === 'string' ? JSON.parse(d.output) : {};
  } catch {
    output = {};
  }
  return { arn: d.executionArn, output: record(output) };
}

/** An execution name from an event id: only the characters Step Functions allows, at most 80. */
export function executionNameFromEventId(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80);
}
