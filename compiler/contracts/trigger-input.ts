/**
 * The execution input of a triggered process: `{input, trigger}` (DESIGN.md §3, §5), built from the
 * event (or schedule slot) that started it. One implementation builds it from events and Scheduler
 * slots: the trigger router's JSONata (`compiler/emit/router.ts`), deployed by infra and run by the
 * local runtime on its interpreter; catch-up and local `run` use `scheduleTriggerInput` below. Both
 * are tested against `TRIGGER_INPUT_EXAMPLES` (trigger-input-examples.ts).
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
 *   without `input` (AWS leaves it out when too large for the event) hands on `{}`.
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
