/**
 * The trigger router: one Express state machine (JSONata) between EventBridge / Scheduler and the
 * process machines. Neither an EventBridge rule target nor a Scheduler Step Functions target can set
 * the execution name, so they start the router, which calls StartExecution on the process machine:
 *   - named after the event id (events) or `<schedule>-<yyyymmddThhmmssZ>` (schedule slots, the
 *     name schedule-catch-up gives a missed slot), so a repeated delivery starts nothing new
 *     (ExecutionAlreadyExists ends the router successfully);
 *   - with the execution input `{input, trigger}` built from the event as
 *     compiler/contracts/trigger-input.ts specifies (an input transformer cannot merge the entity's
 *     `data` fields into the input, JSONata can).
 *
 * Router input (what rule and schedule targets send):
 *   {process, machine, kind, via?, event}              EventBridge triggers (`event` = the whole event)
 *   {process, machine, kind: 'schedule', schedule, scheduled_time}
 */
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ENTITY_EVENT_TYPES } from '../compiler/contracts/trigger-input.ts';
import { grantOnMachines } from './grants.ts';
import { acknowledgeMachineDefaults } from './nag.ts';
import type { Names } from './names.ts';

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
    "{'name': $e.id, 'payload': {'input': $merge([$in, $o]),",
    "'trigger': $merge([{'kind': 'process_completed', 'event_id': $e.id, 'process': $states.input.watched,",
    "'execution': $x, 'input': $in, 'output': $out}, $o])}})",
  ].join(' ');

/**
 * JSONata per trigger kind: `{'name': …, 'payload': {input, trigger}}`, the payload being the
 * contract of compiler/contracts/trigger-input.ts (the local runtime builds the same in
 * local/bus/trigger-input.ts; both are tested against its examples).
 */
export const ROUTES = {
  entity: [
    '($e := $states.input.event; $d := $e.detail;',
    "$data := $type($d.data) = 'object' ? $d.data : {};",
    `$et := $lookup(${JSON.stringify(ENTITY_EVENT_TYPES)}, $e.\`detail-type\`);`,
    `$key := $type($d.entity) = 'string' ? ${snakeCase('$d.entity')} & '_id';`,
    "{'name': $e.id, 'payload': {",
    "'input': $merge([$data, {'entity_id': $d.id, 'entity_name': $d.entity, 'event_type': $et, 'old_status': $d.from_status, 'new_status': $d.to_status}, $exists($key) ? {$key: $d.id} : {}]),",
    "'trigger': $merge([{'kind': $states.input.kind, 'event_id': $e.id, 'entity': $d.entity, 'event_type': $et, 'from_status': $d.from_status, 'to_status': $d.to_status}, $data, {'id': $d.id}])}})",
  ].join(' '),
  signal: [
    '($e := $states.input.event; $d := $e.detail;',
    "$p := $type($d.payload) = 'object' ? $d.payload : {};",
    "$c := $type($d.correlation_id) = 'string' ? {'correlation_id': $d.correlation_id} : {};",
    "{'name': $e.id, 'payload': {'input': $merge([$p, $c]),",
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
  schedule: [
    "($stamp := $replace($replace($states.input.scheduled_time, /[-:]/, ''), /\\.\\d+Z$/, 'Z');",
    "$prefix := $substring($replace($states.input.workflow, /[^A-Za-z0-9_-]/, '_'), 0, 80 - $length($stamp) - 1);",
    "{'name': $prefix & '-' & $stamp, 'payload': {'input': {},",
    "'trigger': {'kind': 'schedule', 'schedule': $states.input.schedule, 'scheduled_time': $fromMillis($toMillis($states.input.scheduled_time))}}})",
  ].join(' '),
} as const;

const j = (body: string) => `{% ${body} %}`;

/** The router's ASL (JSONata). */
export function routerDefinition(): Record<string, unknown> {
  const route = (body: string) => ({ Type: 'Pass', Assign: { route: j(body) }, Next: 'Start process' });
  const kind = (...kinds: string[]) => j(`$states.input.kind in [${kinds.map((k) => `'${k}'`).join(', ')}]`);
  return {
    Comment: 'Dazzle trigger router: starts a process execution named after the event id or schedule slot',
    QueryLanguage: 'JSONata',
    StartAt: 'Route',
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
        Resource: 'arn:aws:states:::aws-sdk:sfn:startExecution',
        Arguments: {
          StateMachineArn: j('$states.input.machine'),
          Name: j('$route.name'),
          Input: j('$string($route.payload)'),
        },
        Retry: [
          { ErrorEquals: ['Sfn.ExecutionAlreadyExistsException'], MaxAttempts: 0 },
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
        Output: j("{'process': $states.input.process, 'duplicate': $route.name}"),
      },
      'Unknown trigger': {
        Type: 'Fail',
        Error: 'Router.UnknownTrigger',
        Cause: j("'unknown trigger kind: ' & $string($states.input.kind)"),
      },
    },
  };
}

export interface TriggerRouterProps {
  readonly stateMachineName: string;
  readonly names: Names;
  /** The workflows the router may start (those with event triggers or schedules). */
  readonly targetWorkflows: readonly string[];
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

export class TriggerRouter extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: TriggerRouterProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      stateMachineType: sfn.StateMachineType.EXPRESS,
      definitionBody: sfn.DefinitionBody.fromString(JSON.stringify(routerDefinition())),
      timeout: Duration.minutes(1),
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
    });
    grantOnMachines(
      this.stateMachine.role,
      props.names,
      ['states:StartExecution'],
      props.targetWorkflows,
      'machine',
    );
    acknowledgeMachineDefaults(this.stateMachine);
  }
}
