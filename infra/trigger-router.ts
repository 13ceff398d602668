/**
 * The trigger router: one Express state machine (JSONata) between EventBridge / Scheduler and the
 * process machines. Neither an EventBridge rule target nor a Scheduler Step Functions target can set
 * the execution name, so they start the router, which calls StartExecution on the process machine:
 *   - named after the event id (events) or `<schedule>-<yyyymmddThhmmssZ>` (schedule slots, the
 *     name schedule-catch-up gives a missed slot), so a repeated delivery starts nothing new
 *     (ExecutionAlreadyExists ends the router successfully);
 *   - with the execution input of DESIGN.md §3/§5 built from the event (an input transformer cannot
 *     merge the entity's `data` fields into the input, JSONata can).
 *
 * Router input (what rule and schedule targets send):
 *   {process, machine, kind, via?, event}              EventBridge triggers (`event` = the whole event)
 *   {process, machine, kind: 'schedule', schedule, scheduled_time}
 */
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { grantOnMachines } from './grants.ts';
import { acknowledgeMachineDefaults } from './nag.ts';
import type { Names } from './names.ts';

const ENTITY_EVENT_TYPES =
  "{'EntityCreated': 'created', 'EntityUpdated': 'updated', 'EntityDeleted': 'deleted', 'EntityStatusChanged': 'status_changed'}";

/** JSONata per trigger kind: `{'name': …, 'payload': {input, trigger}}`. */
export const ROUTES = {
  entity: [
    '($e := $states.input.event; $d := $e.detail;',
    "$data := $type($d.data) = 'object' ? $d.data : {};",
    `$et := $lookup(${ENTITY_EVENT_TYPES}, $e.\`detail-type\`);`,
    "$snake := $lowercase($replace($d.entity, /([a-z0-9])([A-Z])/, '$1_$2'));",
    "{'name': $e.id, 'payload': {",
    "'input': $merge([$data, {'entity_id': $d.id, 'entity_name': $d.entity, 'event_type': $et, 'old_status': $d.from_status, 'new_status': $d.to_status}, {$snake & '_id': $d.id}]),",
    "'trigger': $merge([{'kind': $states.input.kind, 'event_id': $e.id, 'entity': $d.entity, 'event_type': $et, 'from_status': $d.from_status, 'to_status': $d.to_status}, $data, {'id': $d.id}])}})",
  ].join(' '),
  signal: [
    '($e := $states.input.event; $d := $e.detail;',
    "$p := $type($d.payload) = 'object' ? $d.payload : {};",
    "{'name': $e.id, 'payload': {'input': $p,",
    "'trigger': {'kind': 'signal', 'event_id': $e.id, 'signal': $d.name, 'correlation_id': $d.correlation_id, 'payload': $p}}})",
  ].join(' '),
  onCompleteEvent: [
    '($e := $states.input.event; $d := $e.detail;',
    "$o := $type($d.output) = 'object' ? $d.output : {};",
    "{'name': $e.id, 'payload': {'input': $o,",
    "'trigger': {'kind': 'process_completed', 'event_id': $e.id, 'process': $d.process, 'execution': $d.execution, 'output': $d.output}}})",
  ].join(' '),
  statusChange: [
    '($e := $states.input.event; $d := $e.detail;',
    "$in := $type($d.input) = 'string' ? $parse($d.input) : {};",
    "$out := $type($d.output) = 'string' ? $parse($d.output) : null;",
    "$o := $type($out) = 'object' ? $out : {};",
    "{'name': $e.id, 'payload': {'input': $merge([$type($in.input) = 'object' ? $in.input : {}, $o]),",
    "'trigger': {'kind': 'process_completed', 'event_id': $e.id, 'process': $states.input.watched,",
    "'execution': {'id': $d.executionArn, 'name': $d.name, 'start_time': $d.startDate}, 'output': $out}}})",
  ].join(' '),
  schedule: [
    "($stamp := $replace($replace($states.input.scheduled_time, /[-:]/, ''), /\\.\\d+Z$/, 'Z');",
    "$prefix := $substring($replace($states.input.schedule, /[^A-Za-z0-9_-]/, '_'), 0, 80 - $length($stamp) - 1);",
    "{'name': $prefix & '-' & $stamp, 'payload': {'input': {},",
    "'trigger': {'kind': 'schedule', 'schedule': $states.input.schedule, 'scheduled_time': $states.input.scheduled_time}}})",
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
