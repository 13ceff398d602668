/**
 * Everything one compiled workflow needs: its state machine (the compiled ASL with definition
 * substitutions, logging as configured — ERROR without execution data by default — and X-Ray), a role with exactly the manifest's IAM statements, an alarm on
 * failed/timed-out executions, an EventBridge rule per event trigger and a Scheduler schedule per
 * schedule entry (both through the trigger router, see trigger-router.ts).
 */
import { Duration, type RemovalPolicy, TimeZone } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { qualifiedName } from '../compiler/contracts/names.ts';
import { routerEventInput, routerScheduleInput } from '../compiler/emit/router.ts';
import type { EventPattern, ManifestTrigger, ManifestWorkflow } from '../compiler/manifest/schema.ts';
import { type MachineLogging, machineLogs } from './machine-logging.ts';
import { acknowledgeMachineDefaults, acknowledgeWildcards } from './nag.ts';
import { type Names, physicalName } from './names.ts';
import type { Params, ResolvedSchedule } from './params.ts';
import { Placeholders } from './placeholders.ts';

/** Express executions run at most 5 minutes. */
const EXPRESS_MAX_SECONDS = 300;

type EventTrigger = Extract<ManifestTrigger, { pattern: EventPattern }>;

/** Its execution data holds task tokens: it waits for a human task or a signal. */
export const carriesTokens = (w: ManifestWorkflow) => w.human_tasks.length > 0 || w.signals.length > 0;

export interface ProcessMachineProps {
  readonly workflow: ManifestWorkflow;
  /** The compiled ASL text of the workflow. */
  readonly asl: string;
  readonly names: Names;
  readonly placeholders: Placeholders;
  readonly params: Params;
  /** The workflow's schedules with params resolved. @default resolved from `workflow.schedules` */
  readonly schedules?: ResolvedSchedule[];
  readonly eventBus: events.IEventBus;
  /** The trigger router every rule and schedule starts. */
  readonly router: sfn.IStateMachine;
  /** Role EventBridge assumes to start the router. */
  readonly eventsRole: iam.IRole;
  /** Role EventBridge Scheduler assumes to start the router. */
  readonly schedulerRole: iam.IRole;
  readonly deadLetterQueue: sqs.IQueue;
  readonly scheduleGroup: scheduler.IScheduleGroup;
  readonly logRetention: logs.RetentionDays;
  readonly logging: MachineLogging;
  readonly removalPolicy: RemovalPolicy;
  readonly alarmActions: readonly cloudwatch.IAlarmAction[];
}

export class ProcessMachine extends Construct {
  /** CloudFormation resources one workflow adds (the nested stack rule counts with this). */
  static resourceCount(workflow: ManifestWorkflow, scheduleCount: number): number {
    // log group, role, role policy, state machine, alarm + a rule per event trigger + schedules
    return 5 + eventTriggers(workflow).length + scheduleCount;
  }

  readonly stateMachine: sfn.StateMachine;
  readonly definition: string;
  readonly schedules: ResolvedSchedule[];

  constructor(scope: Construct, id: string, props: ProcessMachineProps) {
    super(scope, id);
    const w = props.workflow;
    this.definition = definitionText(w, props.asl, props.params);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    const substitutions = Object.fromEntries(
      Placeholders.keys(this.definition).map((key) => [key, props.placeholders.value(this, key)]),
    );
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: props.names.stateMachine(w.id),
      stateMachineType:
        w.workflow_type === 'EXPRESS' ? sfn.StateMachineType.EXPRESS : sfn.StateMachineType.STANDARD,
      comment: w.title ?? w.name,
      definitionBody: sfn.DefinitionBody.fromString(this.definition),
      definitionSubstitutions: substitutions,
      logs: machineLogs(this, logGroup, props.logging, carriesTokens(w)),
      tracingEnabled: true,
    });
    this.grantManifestStatements(props);

    const failed = new cloudwatch.MathExpression({
      expression: 'FILL(failed, 0) + FILL(timedOut, 0)',
      usingMetrics: {
        failed: this.stateMachine.metricFailed({ statistic: 'Sum' }),
        timedOut: this.stateMachine.metricTimedOut({ statistic: 'Sum' }),
      },
      period: Duration.minutes(5),
      label: `${qualifiedName(w)} failed or timed out`,
    });
    const alarm = failed.createAlarm(this, 'FailedAlarm', {
      alarmDescription: `Dazzle ${w.kind} '${w.name}': executions failed or timed out`,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(...props.alarmActions);

    for (const [i, trigger] of eventTriggers(w).entries()) this.addRule(props, trigger, i);
    this.schedules =
      props.schedules ?? w.schedules.flatMap((entry) => props.params.schedules(qualifiedName(w), entry));
    for (const s of this.schedules) this.addSchedule(props, s);
  }

  private grantManifestStatements(props: ProcessMachineProps): void {
    const wildcards: string[] = [];
    for (const statement of props.workflow.iam) {
      const resources = statement.resources.map((r) => props.placeholders.substitute(this, r));
      this.stateMachine.addToRolePolicy(
        new iam.PolicyStatement({ actions: [...statement.actions], resources }),
      );
      wildcards.push(...resources);
    }
    acknowledgeWildcards(
      this,
      wildcards,
      'resources exactly as the manifest lists them per state: Lambda invoke also on versions/aliases of the named function (<arn>:*), ' +
        'executions of a named state machine (named at run time), the .sync managed rule',
    );
    acknowledgeMachineDefaults(this);
  }

  private addRule(props: ProcessMachineProps, trigger: EventTrigger, index: number): void {
    const w = props.workflow;
    const statusChange = trigger.kind === 'process_completed' && trigger.via === 'execution_status_change';
    const pattern = trigger.pattern;
    const value = (v: string) => props.placeholders.substitute(this, v);
    const rule = new events.Rule(this, `Trigger${index}`, {
      description: `Starts ${qualifiedName(w)}: ${trigger.kind}`,
      // Step Functions status-change events arrive on the account's default bus; rules there are
      // named with the app prefix, which the DLQ policy allows (rules on the app bus are covered by bus).
      ...(statusChange
        ? { ruleName: physicalName(props.names.prefix, `${w.id}-after-${index}`, 64) }
        : { eventBus: props.eventBus }),
      eventPattern: {
        source: pattern.source.map(value),
        detailType: pattern['detail-type'].map(value),
        ...(pattern.detail
          ? {
              detail: Object.fromEntries(Object.entries(pattern.detail).map(([k, vs]) => [k, vs.map(value)])),
            }
          : {}),
      },
    });
    rule.addTarget(
      new RouterTarget(
        props.router,
        props.eventsRole,
        props.deadLetterQueue,
        routerEventInput(w, trigger, props.names.stateMachineArn(this, w.id)),
      ),
    );
  }

  private addSchedule(props: ProcessMachineProps, s: ResolvedSchedule): void {
    const w = props.workflow;
    const schedule = new scheduler.Schedule(this, `Schedule-${s.id}`, {
      scheduleName: props.names.schedule(s.id),
      description: `Dazzle ${w.kind} '${w.name}' (${s.expression} ${s.timezone})`,
      scheduleGroup: props.scheduleGroup,
      schedule: scheduler.ScheduleExpression.expression(s.expression, TimeZone.of(s.timezone)),
      target: new targets.StepFunctionsStartExecution(props.router, {
        role: props.schedulerRole,
        deadLetterQueue: props.deadLetterQueue,
        retryAttempts: 5,
        maxEventAge: Duration.hours(1),
        input: scheduler.ScheduleTargetInput.fromObject(
          routerScheduleInput(
            w,
            props.names.stateMachineArn(this, w.id),
            scheduler.ContextAttribute.scheduledTime,
          ),
        ),
      }),
    });
    // The group is referenced by name only: make CloudFormation create it first.
    schedule.node.addDependency(props.scheduleGroup);
  }
}

/** The triggers that become EventBridge rules. */
export function eventTriggers(w: ManifestWorkflow): EventTrigger[] {
  return w.triggers.filter((t): t is EventTrigger => 'pattern' in t);
}

/** The ASL as deployed: minified, with a `timeout: param(…)` applied. */
export function definitionText(w: ManifestWorkflow, asl: string, params: Params): string {
  let definition: Record<string, unknown>;
  try {
    definition = JSON.parse(asl);
  } catch (err) {
    throw new Error(`the ASL of ${qualifiedName(w)} (${w.asl}) is not valid JSON: ${(err as Error).message}`);
  }
  if (w.timeout_param) definition.TimeoutSeconds = params.timeoutSeconds(qualifiedName(w), w.timeout_param);
  const timeout =
    typeof definition.TimeoutSeconds === 'number' ? definition.TimeoutSeconds : w.timeout_seconds;
  if (w.workflow_type === 'EXPRESS' && timeout > EXPRESS_MAX_SECONDS) {
    throw new Error(
      `${qualifiedName(w)} is EXPRESS but its timeout is ${timeout}s; Express runs at most ${EXPRESS_MAX_SECONDS}s`,
    );
  }
  return JSON.stringify(definition);
}

/**
 * An EventBridge target that starts the trigger router with `{...fields, event: <the event>}`,
 * with a retry policy and the dead-letter queue. The DLQ's resource policy is granted once for all
 * rules of the bus (see DazzleProcesses), not per rule: a statement per rule would outgrow the SQS
 * policy size limit in a large app.
 */
export class RouterTarget implements events.IRuleTarget {
  constructor(
    private readonly router: sfn.IStateMachine,
    private readonly role: iam.IRole,
    private readonly deadLetterQueue: sqs.IQueue,
    private readonly fields: Record<string, string>,
  ) {}

  bind(): events.RuleTargetConfig {
    return {
      arn: this.router.stateMachineArn,
      role: this.role,
      input: new WholeEventInput(this.fields),
      deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
      retryPolicy: { maximumRetryAttempts: 20, maximumEventAgeInSeconds: 86_400 },
    };
  }
}

/**
 * `{...fields, "event": <the whole event>}`: the predefined variable `aws.events.event.json` is the
 * full original event (with `detail`), placed unquoted as a JSON value.
 */
class WholeEventInput extends events.RuleTargetInput {
  constructor(private readonly fields: Record<string, string>) {
    super();
  }

  bind(): events.RuleTargetInputProperties {
    const head = JSON.stringify(this.fields).slice(0, -1);
    return { inputTemplate: `${head},"event":<aws.events.event.json>}` };
  }
}
