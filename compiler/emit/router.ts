/**
 * The trigger router: one Express state machine (JSONata) between EventBridge / Scheduler and the
 * process machines. Neither an EventBridge rule target nor a Scheduler Step Functions target can
 * set the execution name, so they start the router, which calls StartExecution on the workflow's
 * machine:
 *   - named after the event id (events) or `<workflow id>-<yyyymmddThhmmssZ>` (schedule slots, the
 *     name schedule-catch-up gives a missed slot), so a repeated delivery starts nothing new
 *     (ExecutionAlreadyExists ends the router successfully);
 *   - with the execution input `{input, trigger}` built from the event as
 *     compiler/contracts/trigger-input.ts specifies (an input transformer cannot merge the entity's
 *     `data` fields into the input, JSONata can).
 *
 * This is the one implementation of the trigger-input contract: infra deploys this definition,
 * and the local runtime runs the same definition on its interpreter for bus deliveries and
 * schedule slots. Pure and deterministic, like every emitted definition.
 *
 * Router input (what rule and schedule targets send; `routerEventInput` / `routerScheduleInput`):
 *   {workflow, process, machine, kind, via?, watched?, event}   EventBridge triggers (`event` = the whole event)
 *   {workflow, process, machine, kind: 'schedule', schedule, scheduled_time}
 * `workflow` is the workflow id (`process-x`, `schedule-x`), `process` its name.
 */
import { type WorkflowRef, workflowKey } from '../contracts/names.ts';
import { ENTITY_EVENT_TYPES, type TriggerRoute } from '../contracts/trigger-input.ts';
import { RESOURCE } from './asl/task.ts';
import type { StateMachineDefinition } from './asl/types.ts';

/** The router's own name (its machine is `<prefix>-dazzle-trigger-router`; no workflow id starts so). */
export const TRIGGER_ROUTER_NAME = 'dazzle-trigger-router';

/** Express executions run at most 5 minutes; a start takes seconds, retries included. */
const ROUTER_TIMEOUT_SECONDS = 60;

/**
 * An execution name from the event id `$e.id`: the characters Step Functions allows in a name
 * (those CloudWatch Logs accepts: `A-Za-z0-9-_`), at most 80. EventBridge's own ids are UUIDs and
 * pass unchanged; this keeps an id of another shape (a replayed or hand-delivered event) from
 * failing the start. https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
 */
const EVENT_EXECUTION_NAME = "$substring($replace($string($e.id), /[^A-Za-z0-9_-]/, '_'), 0, 80)";

/** `snakeCase` of compiler/contracts/trigger-input.ts, in JSONata, of the string `s`. */
const snakeCase = (s: string) =>
  `$lowercase($replace($replace($replace(${s}, /([a-z0-9])([A-Z])/, '$1_$2'), /([A-Z]+)([A-Z][a-z])/, '$1_$2'), /[^A-Za-z0-9]+/, '_'))`;

/**
 * A process-completed route, given bindings for the upstream's `$in` (its process inputs), `$out`
 * (its output, `null` when the event carries none) and `$x` (its execution ref).
 */
const completed = (bindings: string) =>
  [
    '($e := $states.input.event; $d := $e.detail;',
    bindings,
    "$o := $type($out) = 'object' ? $out : {};",
    `{'name': ${EVENT_EXECUTION_NAME}, 'payload': {'input': $merge([$in, $o]),`,
    "'trigger': $merge([{'kind': 'process_completed', 'event_id': $e.id, 'process': $states.input.watched,",
    "'execution': $x, 'input': $in, 'output': $out}, $o])}})",
  ].join(' ');

/** JSONata per trigger kind: `{'name': …, 'payload': {input, trigger}}` (the contract's payload). */
const ROUTES = {
  entity: [
    '($e := $states.input.event; $d := $e.detail;',
    "$data := $type($d.data) = 'object' ? $d.data : {};",
    `$et := $lookup(${JSON.stringify(ENTITY_EVENT_TYPES)}, $e.\`detail-type\`);`,
    `$key := $type($d.entity) = 'string' ? ${snakeCase('$d.entity')} & '_id';`,
    `{'name': ${EVENT_EXECUTION_NAME}, 'payload': {`,
    "'input': $merge([$data, {'entity_id': $d.id, 'entity_name': $d.entity, 'event_type': $et, 'old_status': $d.from_status, 'new_status': $d.to_status}, $exists($key) ? {$key: $d.id} : {}]),",
    "'trigger': $merge([{'kind': $states.input.kind, 'event_id': $e.id, 'entity': $d.entity, 'event_type': $et, 'from_status': $d.from_status, 'to_status': $d.to_status}, $data, {'id': $d.id}])}})",
  ].join(' '),
  signal: [
    '($e := $states.input.event; $d := $e.detail;',
    "$p := $type($d.payload) = 'object' ? $d.payload : {};",
    "$c := $type($d.correlation_id) = 'string' ? {'correlation_id': $d.correlation_id} : {};",
    `{'name': ${EVENT_EXECUTION_NAME}, 'payload': {'input': $merge([$p, $c]),`,
    "'trigger': $merge([{'kind': 'signal', 'event_id': $e.id, 'signal': $d.name}, $c, {'payload': $p}, $p])}})",
  ].join(' '),
  onCompleteEvent: completed(
    [
      "$in := $type($d.input) = 'object' ? $d.input : {};",
      '$out := $exists($d.output) ? $d.output : null;',
      "$x := {'id': $d.execution.id, 'name': $d.execution.name, 'start_time': $d.execution.start_time};",
    ].join(' '),
  ),
  statusChange: completed(
    [
      "$started := $type($d.input) = 'string' ? $parse($d.input) : {};",
      "$in := $type($started.input) = 'object' ? $started.input : {};",
      "$out := $type($d.output) = 'string' ? $parse($d.output) : null;",
      "$x := {'id': $d.executionArn, 'name': $d.name, 'start_time': $type($d.startDate) = 'number' ? $fromMillis($d.startDate) : $d.startDate};",
    ].join(' '),
  ),
  // Named like schedule-catch-up's `slotExecutionName(workflow id, slot)`: `<id>-<stamp>`.
  schedule: [
    "($stamp := $replace($replace($states.input.scheduled_time, /[-:]/, ''), /\\.\\d+Z$/, 'Z');",
    "$prefix := $substring($replace($states.input.workflow, /[^A-Za-z0-9_-]/, '_'), 0, 80 - $length($stamp) - 1);",
    "{'name': $prefix & '-' & $stamp, 'payload': {'input': {},",
    "'trigger': {'kind': 'schedule', 'schedule': $states.input.schedule, 'scheduled_time': $fromMillis($toMillis($states.input.scheduled_time))}}})",
  ].join(' '),
} as const;

const j = (body: string) => `{% ${body} %}`;

/**
 * StartExecution errors a retry cannot mend (the AWS SDK integration names them `Sfn.<Exception>`):
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html#API_StartExecution_Errors
 */
const NOT_RETRIED = [
  'Sfn.InvalidArnException',
  'Sfn.InvalidExecutionInputException',
  'Sfn.InvalidNameException',
  'Sfn.StateMachineDeletingException',
  'Sfn.StateMachineDoesNotExistException',
];

/** The router's ASL (JSONata), a new object on each call. */
export function triggerRouterDefinition(): StateMachineDefinition {
  const route = (body: string) => ({
    Type: 'Pass' as const,
    Assign: { route: j(body) },
    Next: 'Start process',
  });
  const kind = (...kinds: string[]) => j(`$states.input.kind in [${kinds.map((k) => `'${k}'`).join(', ')}]`);
  return {
    Comment: 'Dazzle trigger router: starts a process execution named after the event id or schedule slot',
    QueryLanguage: 'JSONata',
    StartAt: 'Route',
    TimeoutSeconds: ROUTER_TIMEOUT_SECONDS,
    States: {
      Route: {
        Type: 'Choice',
        Choices: [
          { Condition: kind('entity_event', 'entity_status_transition'), Next: 'Entity event' },
          { Condition: kind('signal'), Next: 'Signal' },
          {
            Condition: j(
              "$states.input.kind = 'process_completed' and $states.input.via = 'execution_status_change'",
            ),
            Next: 'Process status change',
          },
          { Condition: kind('process_completed'), Next: 'Process completed event' },
          { Condition: kind('schedule'), Next: 'Schedule slot' },
        ],
        Default: 'Unknown trigger',
      },
      'Entity event': route(ROUTES.entity),
      Signal: route(ROUTES.signal),
      'Process completed event': route(ROUTES.onCompleteEvent),
      'Process status change': route(ROUTES.statusChange),
      'Schedule slot': route(ROUTES.schedule),
      'Start process': {
        Type: 'Task',
        Resource: RESOURCE.sdkStartExecution,
        Arguments: {
          StateMachineArn: j('$states.input.machine'),
          Name: j('$route.name'),
          Input: j('$string($route.payload)'),
        },
        Retry: [
          // A duplicate ends the router (Catch); a start that can never succeed is not retried.
          { ErrorEquals: ['Sfn.ExecutionAlreadyExistsException', ...NOT_RETRIED], MaxAttempts: 0 },
          {
            ErrorEquals: ['States.ALL'],
            IntervalSeconds: 1,
            MaxAttempts: 5,
            BackoffRate: 2,
            JitterStrategy: 'FULL',
          },
        ],
        Catch: [{ ErrorEquals: ['Sfn.ExecutionAlreadyExistsException'], Next: 'Already started' }],
        Output: j("{'process': $states.input.process, 'execution': $states.result.ExecutionArn}"),
        End: true,
      },
      'Already started': {
        Type: 'Succeed',
        // A Catch target's input is the error output: the process comes from the router's input.
        Output: j("{'process': $states.context.Execution.Input.process, 'duplicate': $route.name}"),
      },
      'Unknown trigger': {
        Type: 'Fail',
        Error: 'Router.UnknownTrigger',
        Cause: j("'unknown trigger kind: ' & $string($states.input.kind)"),
      },
    },
  } as StateMachineDefinition;
}

/**
 * What a rule target sends the router for the event trigger `trigger` of `workflow` (EventBridge adds `event`, the
 * whole event); `machine` is the workflow's state machine ARN.
 */
export function routerEventInput(
  workflow: WorkflowRef,
  trigger: TriggerRoute,
  machine: string,
): Record<string, string> {
  return {
    workflow: workflowKey(workflow),
    process: workflow.name,
    machine,
    kind: trigger.kind,
    ...(trigger.kind === 'process_completed' ? { via: trigger.via, watched: trigger.process } : {}),
  };
}

/**
 * What a schedule target sends the router for a slot of `workflow`. Executions are named after the
 * workflow id, not the Scheduler entry: both halves of a split cron then name a slot's execution
 * alike (as catch-up does), so a slot both match runs once. `scheduledTime` as Scheduler sends it
 * (`2026-11-25T08:00:00Z`, or the `<aws.scheduler.scheduled-time>` attribute).
 */
export function routerScheduleInput(
  workflow: WorkflowRef,
  machine: string,
  scheduledTime: string,
): Record<string, string> {
  return {
    workflow: workflowKey(workflow),
    process: workflow.name,
    machine,
    kind: 'schedule',
    schedule: workflow.name,
    scheduled_time: scheduledTime,
  };
}
