/**
 * `DazzleProcesses`: a compiled Dazzle app as a running serverless system (DESIGN.md §4–§6).
 *
 * Shared, in the construct's own stack: the event bus (or yours), the state and entity tables, the
 * handler Lambdas, the trigger router, the dead-letter queue, the schedule group, the HTTP API and
 * the alarms on the DLQ and the router. Per workflow (ProcessMachine): state machine, role, log
 * group, alarm, rules, schedules.
 *
 * Nested stacks: CloudFormation allows 500 resources and a 1 MB template per stack. The construct
 * counts what it created in its own stack plus `ProcessMachine.resourceCount` of every workflow; if
 * the sum exceeds `maxResourcesPerStack` (default 450), every workflow goes into nested stacks
 * `Processes1..N`, filled in manifest order until the next workflow would push one past
 * `maxResourcesPerStack` resources or `MAX_DEFINITION_BYTES` of state machine definitions. Machine
 * and function ARNs are formatted from their names, so a nested stack takes only a handful of
 * parameters (bus, tables, router, roles, queue, schedule group) whatever it holds.
 */
import {
  Annotations,
  CfnOutput,
  type CfnResource,
  Duration,
  NestedStack,
  RemovalPolicy,
  Stack,
  Token,
} from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as triggers from 'aws-cdk-lib/triggers';
import { Construct, type IConstruct } from 'constructs';
import { type AccessConfig, accessSubjects, checkAccess, taskRolesOf } from '../compiler/contracts/access.ts';
import { qualifiedName } from '../compiler/contracts/names.ts';
import { TRIGGER_ROUTER_NAME } from '../compiler/emit/router.ts';
import { placeholderTargets } from '../compiler/manifest/placeholders.ts';
import { referencedServices } from '../compiler/manifest/references.ts';
import type { ManifestWorkflow } from '../compiler/manifest/schema.ts';
import type { WorkflowTypeOption } from '../compiler/manifest/workflowType.ts';
import { lookupWorkflow } from '../compiler/tools/workflowAddress.ts';
import { ENV } from '../lambdas/shared/env.ts';
import { ENTITY_TABLE, STATE_TABLE, type TableDef } from '../lambdas/shared/tables.ts';
import type { ChannelBinding } from './channel-binding.ts';
import { DazzleApi } from './dazzle-api.ts';
import { DazzleHandlers, HANDLER_DIR, type IntentDefinition } from './dazzle-handlers.ts';
import { grantOnMachines } from './grants.ts';
import type { MachineLogging } from './machine-logging.ts';
import { acknowledge, acknowledgeWildcards } from './nag.ts';
import { Names, physicalName, serviceFunctionId } from './names.ts';
import { Params, type ResolvedSchedule } from './params.ts';
import { Placeholders } from './placeholders.ts';
import { carriesTokens, ProcessMachine } from './process-machine.ts';
import type { CompiledProcesses, ProcessSource } from './process-source.ts';
import { ServiceFunctions } from './service-functions.ts';
import { TriggerRouter } from './trigger-router.ts';

/** Definition text one nested stack may hold (CloudFormation templates are limited to 1 MB). */
export const MAX_DEFINITION_BYTES = 500_000;
/** CloudFormation's per-stack resource limit. */
export const CFN_RESOURCE_LIMIT = 500;

const STAGE = /^[a-z][a-z0-9-]{0,19}$/;

export interface DazzleProcessesProps {
  /** The Dazzle processes and schedules: `ProcessSource.fromFiles(paths)` or `.fromCompiled(dir)`. */
  readonly source: ProcessSource;
  /**
   * Implementations of the `service:` steps.
   * @default ServiceFunctions.none() — a process that calls a service is then an error
   */
  readonly services?: ServiceFunctions;
  /**
   * The app's name: the default event source `dazzle.<appName>` and name prefix.
   * @default 'app'
   */
  readonly appName?: string;
  /**
   * The deployment stage (`dev`, `prod`, …): part of every physical name.
   * @default 'dev'
   */
  readonly stage?: string;
  /**
   * Prefix of state machine, function and schedule group names (≤ 40 of `A-Za-z0-9_-`).
   * @default `dazzle-${appName}-${stage}`
   */
  readonly namePrefix?: string;
  /**
   * The app's event bus: entity events come in on it, `send` steps and `emits` go out on it.
   * @default a new bus named after `namePrefix`
   */
  readonly eventBus?: events.IEventBus;
  /**
   * `source` of the app's entity events and of the events the processes put.
   * @default `dazzle.${appName}`
   */
  readonly eventSource?: string;
  /** JWT issuer URL of the HTTP API's authorizer (e.g. a Cognito user pool's `https://cognito-idp.<region>.amazonaws.com/<pool id>`). */
  readonly jwtIssuer: string;
  /** Accepted JWT audiences (client ids). */
  readonly jwtAudience: readonly string[];
  /**
   * The JWT claim holding the caller's roles.
   * @default 'cognito:groups'
   */
  readonly rolesClaim?: string;
  /**
   * Who may do what over the HTTP API (DESIGN.md §6 "Access"; the shape of `stages.<stage>.access`
   * in cdk.json): `start` roles per manual process, `signals` roles per waited-for signal (`"*"`
   * covers the names not listed), the `adminRole` that reads every execution, and `iamSignals`,
   * which adds `POST /iam/signals/{name}` for IAM-signed callers (grant them with `grantSignals`).
   * A rule naming no manual process or waited-for signal is an error.
   * @default {} — any authenticated caller may start any manual process (synth warns, naming
   * them); no signal over HTTP; executions readable by their starter and task roles only
   */
  readonly access?: AccessConfig;
  /**
   * `standard`: every workflow is Standard. `auto`: Express where the compiler finds it fits.
   * @default 'standard'
   */
  readonly workflowType?: WorkflowTypeOption;
  /**
   * The entity store of `query`, `side_effect` and outcome `sets` (pk = entity name, sk = id).
   * @default a new DynamoDB table
   */
  readonly entityTable?: dynamodb.ITable;
  /**
   * Extra destinations per channel (messages always go to the app bus too).
   * @default {}
   */
  readonly channels?: Readonly<Record<string, ChannelBinding>>;
  /**
   * Values of `param("key")` in the sources (schedule cron, timezone, timeout).
   * @default {}
   */
  readonly params?: Readonly<Record<string, string>>;
  /**
   * The Bedrock model and prompt of each `llm_intent` the processes use.
   * @default {} — a process that uses an intent is then an error
   */
  readonly intents?: Readonly<Record<string, IntentDefinition>>;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Log level of the state machines (and the trigger router) in CloudWatch Logs.
   * @default sfn.LogLevel.ERROR
   */
  readonly stateMachineLogLevel?: sfn.LogLevel;
  /**
   * Log execution data (every state's input and output) too. State machines that wait for a human
   * task or a signal never do: their execution data carries task tokens (synth warns, naming them).
   * @default false
   */
  readonly stateMachineLogExecutionData?: boolean;
  /**
   * What happens to the tables and log groups when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /** @default 50 requests per second */
  readonly throttleRateLimit?: number;
  /** @default 100 requests */
  readonly throttleBurstLimit?: number;
  /**
   * Actions of every alarm (failed executions, DLQ depth), e.g. an SNS topic action.
   * @default none
   */
  readonly alarmActions?: readonly cloudwatch.IAlarmAction[];
  /**
   * Resources per stack before workflows move to nested stacks (and per nested stack).
   * @default 450
   */
  readonly maxResourcesPerStack?: number;
  /**
   * Handler and service code pre-bundled by `prebundle()` (infra/prebundle.ts) instead of bundling
   * with NodejsFunction at synth.
   * @default bundle at synth
   */
  readonly bundleDir?: string;
  /**
   * Run schedule-catch-up (missed slots of `catch_up: true` schedules) after deployments that change it.
   * @default true
   */
  readonly catchUpOnDeploy?: boolean;
}

interface PlannedWorkflow {
  readonly workflow: ManifestWorkflow;
  readonly asl: string;
  readonly schedules: ResolvedSchedule[];
  readonly resources: number;
  readonly bytes: number;
}

/** The props every part of the construct shares, validated and with their defaults applied. */
interface Settings {
  readonly names: Names;
  readonly eventSource: string;
  readonly params: Params;
  // Logging and retention of every log group, state machine and table the construct creates.
  readonly logRetention: logs.RetentionDays;
  readonly logging: MachineLogging;
  readonly removalPolicy: RemovalPolicy;
  readonly alarmActions: readonly cloudwatch.IAlarmAction[];
  readonly access: AccessConfig;
}

/** The roles EventBridge rules and Scheduler schedules assume to start the trigger router. */
interface TriggerRoles {
  readonly eventsRole: iam.IRole;
  readonly schedulerRole: iam.IRole;
}

export class DazzleProcesses extends Construct {
  readonly eventBus: events.IEventBus;
  readonly eventSource: string;
  readonly stateTable: dynamodb.Table;
  readonly entityTable: dynamodb.ITable;
  readonly handlers: DazzleHandlers;
  readonly api: DazzleApi;
  readonly router: TriggerRouter;
  readonly deadLetterQueue: sqs.Queue;
  readonly scheduleGroup: scheduler.ScheduleGroup;
  readonly names: Names;
  readonly compiled: CompiledProcesses;
  /** Process machines by workflow id (`process-x`, `schedule-x`). */
  readonly machines = new Map<string, ProcessMachine>();
  /** The nested stacks workflows were spread over (empty when they fit in this stack). */
  readonly nestedStacks: NestedStack[] = [];
  private readonly serviceFunctions: Map<string, lambda.IFunction>;

  constructor(scope: Construct, id: string, props: DazzleProcessesProps) {
    super(scope, id);
    const settings = resolveSettings(props);
    this.names = settings.names;
    this.eventSource = settings.eventSource;

    // The compiled workflows, checked against the props that bind them (intents, channels).
    this.compiled = props.source.bind({ workflowType: props.workflowType ?? 'standard' });
    const workflows = this.compiled.manifest.workflows;
    const planned = workflows.map((w) => plan(w, this.compiled.asl[w.id], settings.params));
    const intents = pickIntents(workflows, props.intents ?? {});
    checkChannels(workflows, props.channels ?? {});
    this.checkAccess(settings.access);
    this.warnAboutExecutionData(settings.logging, workflows);

    // Shared resources, then the functions and the router, then one ProcessMachine per workflow.
    this.eventBus = props.eventBus ?? new events.EventBus(this, 'Bus', { eventBusName: this.names.prefix });
    this.stateTable = this.createTable('StateTable', STATE_TABLE, settings.removalPolicy);
    this.entityTable =
      props.entityTable ?? this.createTable('EntityTable', ENTITY_TABLE, settings.removalPolicy);
    this.deadLetterQueue = this.createDeadLetterQueue();
    this.scheduleGroup = new scheduler.ScheduleGroup(this, 'ScheduleGroup', {
      scheduleGroupName: this.names.prefix,
    });
    this.handlers = this.createHandlers(props, settings, planned, intents);
    this.serviceFunctions = this.bindServices(
      props.services ?? ServiceFunctions.none(),
      settings,
      props.bundleDir,
    );
    this.router = this.createRouter(settings, workflows);
    const roles = this.createTriggerRoles();
    this.allowRulesToDeadLetter();
    this.api = this.createApi(props, settings);
    this.addPlatformRules(workflows);
    this.addChannelRules(props.channels ?? {});
    this.addAlarms(settings.alarmActions);
    this.addMachines(planned, settings, roles, props.maxResourcesPerStack ?? 450);
    if (props.catchUpOnDeploy ?? true) this.addCatchUpTrigger(planned);
    this.addOutputs();
  }

  /**
   * Lets `grantee` start executions of the named workflows (default: every workflow of the app), the
   * way `StateMachine.grantStartExecution` does for one machine — e.g. a Lambda of yours that starts
   * a process directly instead of through the HTTP API.
   */
  grantStartExecution(grantee: iam.IGrantable, ...workflows: string[]): iam.Grant {
    return grantOnMachines(
      grantee,
      this.names,
      ['states:StartExecution'],
      this.workflowIds(workflows),
      'machine',
      this,
    );
  }

  /**
   * Lets `grantee` answer the task tokens of the named workflows' executions
   * (`states:SendTaskSuccess`, `SendTaskFailure`, `SendTaskHeartbeat`), as `StateMachine.grantTaskResponse` does.
   */
  grantTaskResponse(grantee: iam.IGrantable, ...workflows: string[]): iam.Grant {
    return grantOnMachines(
      grantee,
      this.names,
      ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
      this.workflowIds(workflows),
      'machine',
      this,
    );
  }

  /**
   * Lets `grantee` list the named workflows' executions and read each one and its history
   * (`states:ListExecutions` on the machines; `DescribeExecution`, `GetExecutionHistory` on their executions).
   */
  grantRead(grantee: iam.IGrantable, ...workflows: string[]): iam.Grant {
    const names = this.workflowIds(workflows);
    return grantOnMachines(grantee, this.names, ['states:ListExecutions'], names, 'machine', this).combine(
      grantOnMachines(
        grantee,
        this.names,
        ['states:DescribeExecution', 'states:GetExecutionHistory'],
        names,
        'executions',
        this,
      ),
    );
  }

  /**
   * Lets `grantee` deliver signals with IAM-signed requests to `POST /iam/signals/{name}`
   * (`execute-api:Invoke` on that route). Needs `access.iamSignals: true`.
   */
  grantSignals(grantee: iam.IGrantable): iam.Grant {
    if (!this.api.iamSignalRoute)
      throw new Error(
        'grantSignals needs access.iamSignals: true (the IAM route for signals is not there without it)',
      );
    const route = this.api.api.arnForExecuteApi('POST', '/iam/signals/*', this.api.stage.stageName);
    const grant = iam.Grant.addToPrincipal({
      grantee,
      actions: ['execute-api:Invoke'],
      resourceArns: [route],
    });
    const principal = grantee.grantPrincipal;
    if (Construct.isConstruct(principal))
      acknowledgeWildcards(
        principal,
        [route],
        'POST /iam/signals/{name} for any signal name: the route is what is granted',
      );
    return grant;
  }

  /** Lets `grantee` put events on the app's bus: entity events that trigger processes, and signals. */
  grantPutEvents(grantee: iam.IGrantable): iam.Grant {
    return this.eventBus.grantPutEventsTo(grantee);
  }

  /** Rules naming what the app does not have fail synth; open starts are a warning. */
  private checkAccess(access: AccessConfig): void {
    const report = checkAccess(access, accessSubjects(this.compiled.manifest), 'access');
    if (report.errors.length > 0) throw new Error(report.errors.join('\n'));
    for (const warning of report.warnings) Annotations.of(this).addWarningV2('@dazzle-sfn/access', warning);
  }

  private warnAboutExecutionData(logging: MachineLogging, workflows: readonly ManifestWorkflow[]): void {
    const withTokens = workflows.filter(carriesTokens).map((w) => w.id);
    if (logging.includeExecutionData && withTokens.length > 0)
      Annotations.of(this).addWarningV2(
        '@dazzle-sfn/logging',
        `execution data is not logged for ${withTokens.join(', ')}: they wait for human tasks or signals, and their execution data carries task tokens`,
      );
  }

  /** The function of a service (`service: name` steps). */
  serviceFunction(name: string): lambda.IFunction {
    const fn = this.serviceFunctions.get(name);
    if (!fn) throw new Error(`no process uses service '${name}'`);
    return fn;
  }

  /**
   * The ids of the `requested` workflows (a name, `process:x` / `schedule:x` where a process and a
   * schedule share it, or the id); every workflow when none is named. Throws on an unknown or
   * ambiguous name.
   */
  private workflowIds(requested: readonly string[]): string[] {
    const workflows = this.compiled.manifest.workflows;
    if (requested.length === 0) return workflows.map((w) => w.id);
    return requested.map((address) => {
      const found = lookupWorkflow(workflows, address);
      if ('error' in found) throw new Error(found.error);
      return found.found.id;
    });
  }

  private createTable(id: string, def: TableDef, removalPolicy: RemovalPolicy): dynamodb.Table {
    const key = (k: TableDef['partitionKey']) => ({
      name: k.name,
      type: k.type === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER,
    });
    const table = new dynamodb.Table(this, id, {
      partitionKey: key(def.partitionKey),
      sortKey: key(def.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      ...(def.timeToLiveAttribute ? { timeToLiveAttribute: def.timeToLiveAttribute } : {}),
      removalPolicy,
    });
    for (const index of def.globalSecondaryIndexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: key(index.partitionKey),
        sortKey: key(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    return table;
  }

  private createDeadLetterQueue(): sqs.Queue {
    const queue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      queue,
      'AwsSolutions-SQS3',
      'this queue is the dead-letter queue of the EventBridge rules and Scheduler schedules; a DLQ of a DLQ adds nothing',
    );
    return queue;
  }

  /** The handler Lambdas with the configs they read: manual processes, intents, schedules. */
  private createHandlers(
    props: DazzleProcessesProps,
    settings: Settings,
    planned: readonly PlannedWorkflow[],
    intents: Record<string, IntentDefinition>,
  ): DazzleHandlers {
    const names = this.names;
    const workflows = planned.map((p) => p.workflow);
    const machineArn = (w: string) => names.stateMachineArn(this, w);
    const of = (pred: (w: ManifestWorkflow) => boolean) => workflows.filter(pred).map((w) => w.id);
    const manual = of((w) => w.triggers.some((t) => t.kind === 'manual'));
    return new DazzleHandlers(this, 'Handlers', {
      names,
      stateTable: this.stateTable,
      entityTable: this.entityTable,
      eventBus: this.eventBus,
      eventSource: this.eventSource,
      rolesClaim: props.rolesClaim ?? 'cognito:groups',
      scheduleGroupName: names.prefix,
      humanTaskWorkflows: of((w) => w.human_tasks.length > 0),
      signalWorkflows: of((w) => w.signals.length > 0),
      manualWorkflows: manual,
      catchUpWorkflows: of((w) => w.schedules.some((s) => s.catch_up)),
      logRetention: settings.logRetention,
      removalPolicy: settings.removalPolicy,
      bundleDir: props.bundleDir,
      configs: {
        manualProcesses: Object.fromEntries(
          workflows
            .filter((w) => manual.includes(w.id))
            .map((w) => [w.name, { stateMachineArn: machineArn(w.id), inputs: w.inputs }]),
        ),
        allProcesses: Object.fromEntries(
          // By id: run-record reads the kind and name from it (`schedule-x`).
          workflows.map((w) => {
            const taskRoles = taskRolesOf(w);
            return [
              w.id,
              { stateMachineArn: machineArn(w.id), inputs: [], ...(taskRoles.length > 0 && { taskRoles }) },
            ];
          }),
        ),
        access: settings.access,
        intents,
        schedules: Object.fromEntries(
          planned.flatMap((p) =>
            p.schedules.map((s) => [
              s.id,
              {
                stateMachineArn: machineArn(p.workflow.id),
                workflow: p.workflow.id,
                name: p.workflow.name,
                ...(s.cron !== undefined ? { cron: s.cron } : {}),
                ...(s.intervalSeconds !== undefined ? { interval_seconds: s.intervalSeconds } : {}),
                timezone: s.timezone,
                catch_up: s.catchUp,
              },
            ]),
          ),
        ),
      },
    });
  }

  /** The functions of the services the workflows call, with the app's bus and entity table. */
  private bindServices(
    services: ServiceFunctions,
    settings: Settings,
    bundleDir: string | undefined,
  ): Map<string, lambda.IFunction> {
    return services.bind(this, referencedServices(this.compiled.manifest), {
      logRetention: settings.logRetention,
      removalPolicy: settings.removalPolicy,
      functionName: (s) => this.names.serviceFunction(s),
      bundleDir,
      environment: {
        [ENV.eventBus]: this.eventBus.eventBusName,
        [ENV.eventSource]: this.eventSource,
        [ENV.entityTable]: this.entityTable.tableName,
      },
    });
  }

  /** What the `${…}` placeholders of the compiled ASL stand for, formatted in each machine's stack. */
  private placeholders(): Placeholders {
    const names = this.names;
    const ownServices = new Set(
      [...this.serviceFunctions.entries()]
        .filter(([, fn]) => fn.node.scope?.node.scope === this)
        .map(([s]) => s),
    );
    return new Placeholders({
      names,
      targets: placeholderTargets(this.compiled.manifest),
      serviceArn: (scope, s) => {
        const fn = this.serviceFunctions.get(s);
        if (!fn) return undefined;
        return ownServices.has(s) ? names.functionArn(scope, serviceFunctionId(s)) : fn.functionArn;
      },
      handlerArn: (scope, h) =>
        Object.hasOwn(HANDLER_DIR, h)
          ? names.functionArn(scope, HANDLER_DIR[h as keyof typeof HANDLER_DIR])
          : undefined,
      eventBusName: this.eventBus.eventBusName,
      eventBusArn: this.eventBus.eventBusArn,
      eventSource: this.eventSource,
      stateTableName: this.stateTable.tableName,
      stateTableArn: this.stateTable.tableArn,
    });
  }

  private createRouter(settings: Settings, workflows: readonly ManifestWorkflow[]): TriggerRouter {
    return new TriggerRouter(this, 'TriggerRouter', {
      stateMachineName: this.names.stateMachine(TRIGGER_ROUTER_NAME),
      names: this.names,
      targetWorkflows: workflows
        .filter((w) => w.triggers.some((t) => 'pattern' in t) || w.schedules.length > 0)
        .map((w) => w.id),
      logRetention: settings.logRetention,
      logging: settings.logging,
      removalPolicy: settings.removalPolicy,
    });
  }

  private createTriggerRoles(): TriggerRoles {
    const eventsRole = new iam.Role(this, 'EventsRole', {
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com'),
      description: 'EventBridge rules: start the Dazzle trigger router',
    });
    this.router.stateMachine.grantStartExecution(eventsRole);
    const schedulerRole = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'EventBridge Scheduler: start the Dazzle trigger router for schedules',
    });
    return { eventsRole, schedulerRole };
  }

  private createApi(props: DazzleProcessesProps, settings: Settings): DazzleApi {
    return new DazzleApi(this, 'Api', {
      apiName: this.names.prefix,
      handler: (dir) => this.handlers.fn(dir),
      jwtIssuer: props.jwtIssuer,
      jwtAudience: props.jwtAudience,
      throttleRateLimit: props.throttleRateLimit ?? 50,
      throttleBurstLimit: props.throttleBurstLimit ?? 100,
      logRetention: settings.logRetention,
      removalPolicy: settings.removalPolicy,
      iamSignals: settings.access.iamSignals === true,
    });
  }

  /**
   * One ProcessMachine per workflow: in this stack while everything fits, else spread over nested
   * stacks (see `placeWorkflows`).
   */
  private addMachines(
    planned: readonly PlannedWorkflow[],
    settings: Settings,
    roles: TriggerRoles,
    maxResourcesPerStack: number,
  ): void {
    const shared = {
      names: this.names,
      placeholders: this.placeholders(),
      params: settings.params,
      eventBus: this.eventBus,
      router: this.router.stateMachine,
      ...roles,
      deadLetterQueue: this.deadLetterQueue,
      scheduleGroup: this.scheduleGroup,
      logRetention: settings.logRetention,
      logging: settings.logging,
      removalPolicy: settings.removalPolicy,
      alarmActions: settings.alarmActions,
    };
    for (const [index, group] of placeWorkflows(
      planned,
      countOwnResources(this),
      maxResourcesPerStack,
    ).entries()) {
      let groupScope: Construct = this;
      if (group.nested) {
        const nested = new NestedStack(this, `Processes${index + 1}`, {
          description: `Dazzle processes ${group.items[0].workflow.id} … ${group.items.at(-1)?.workflow.id}`,
        });
        this.nestedStacks.push(nested);
        groupScope = nested;
      }
      for (const p of group.items) {
        // The workflow id says the kind (`process-x`, `schedule-x`): so do the logical ids and the
        // generated names (log group) under it.
        const machine = new ProcessMachine(groupScope, p.workflow.id, {
          ...shared,
          workflow: p.workflow,
          asl: p.asl,
          schedules: p.schedules,
        });
        this.machines.set(p.workflow.id, machine);
      }
    }
  }

  /**
   * Runs schedule-catch-up after each deployment that changes it (its code or its schedule config),
   * once every machine and schedule exists: missed slots of `catch_up` schedules start then.
   */
  private addCatchUpTrigger(planned: readonly PlannedWorkflow[]): void {
    if (!planned.some((p) => p.schedules.some((s) => s.catchUp))) return;
    // The CDK-managed provider of triggers uses the AWS-managed basic execution role.
    new triggers.Trigger(this, 'CatchUpOnDeploy', {
      handler: this.handlers.fn('schedule-catch-up') as lambda.Function,
      invocationType: triggers.InvocationType.EVENT,
      executeAfter: [...this.machines.values(), ...this.nestedStacks],
    });
  }

  private addOutputs(): void {
    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'HTTP API base URL' });
    new CfnOutput(this, 'EventBusName', { value: this.eventBus.eventBusName });
    new CfnOutput(this, 'EventSource', { value: this.eventSource });
    new CfnOutput(this, 'StateTableName', { value: this.stateTable.tableName });
    new CfnOutput(this, 'EntityTableName', { value: this.entityTable.tableName });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.deadLetterQueue.queueUrl });
  }

  /**
   * One DLQ statement for every rule on the app bus, and for the named default-bus rules, instead of
   * a statement per rule (see RouterTarget).
   */
  private allowRulesToDeadLetter(): void {
    const stack = Stack.of(this);
    const busRules = stack.formatArn({
      service: 'events',
      resource: 'rule',
      resourceName: `${this.eventBus.eventBusName}/*`,
    });
    const defaultBusRules = stack.formatArn({
      service: 'events',
      resource: 'rule',
      resourceName: `${this.names.prefix}-*`,
    });
    this.deadLetterQueue.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowDazzleRules',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [this.deadLetterQueue.queueArn],
        conditions: { ArnLike: { 'aws:SourceArn': [busRules, defaultBusRules] } },
      }),
    );
  }

  /** Execution status changes → run-record; `Signal` events → signal-deliver. */
  private addPlatformRules(workflows: readonly ManifestWorkflow[]): void {
    new events.Rule(this, 'RunStatusRule', {
      ruleName: physicalName(this.names.prefix, 'run-status', 64),
      description: 'Keeps Dazzle run records current',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: { stateMachineArn: events.Match.prefix(this.names.stateMachineArnPrefix(this)) },
      },
      targets: [
        new eventTargets.LambdaFunction(this.handlers.fn('run-record'), {
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: 20,
        }),
      ],
    });
    if (workflows.some((w) => w.signals.length > 0)) {
      new events.Rule(this, 'SignalRule', {
        description: 'Delivers Signal events to waiting executions',
        eventBus: this.eventBus,
        eventPattern: { source: [this.eventSource], detailType: ['Signal'] },
        targets: [
          new eventTargets.LambdaFunction(this.handlers.fn('signal-deliver'), {
            deadLetterQueue: this.deadLetterQueue,
            retryAttempts: 20,
          }),
        ],
      });
    }
  }

  /** A rule per channel binding: the channel's messages on the app bus, forwarded to the binding's target. */
  private addChannelRules(channels: Readonly<Record<string, ChannelBinding>>): void {
    for (const [channel, binding] of Object.entries(channels)) {
      new events.Rule(this, `Channel-${channel}`, {
        description: `Forwards messages of channel ${channel}`,
        eventBus: this.eventBus,
        eventPattern: { source: [this.eventSource], detail: { channel: [channel] } },
        targets: [binding.target({ deadLetterQueue: this.deadLetterQueue })],
      });
    }
  }

  private addAlarms(actions: readonly cloudwatch.IAlarmAction[]): void {
    const dlq = this.deadLetterQueue
      .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) })
      .createAlarm(this, 'DeadLetterAlarm', {
        alarmDescription: 'Dazzle: events or schedules could not be delivered (dead-letter queue not empty)',
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    const router = this.router.stateMachine
      .metricFailed({ period: Duration.minutes(5), statistic: 'Sum' })
      .createAlarm(this, 'RouterFailedAlarm', {
        alarmDescription: 'Dazzle: the trigger router failed to start a process',
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    dlq.addAlarmAction(...actions);
    router.addAlarmAction(...actions);
  }
}

/** Validates the props and applies their defaults. */
function resolveSettings(props: DazzleProcessesProps): Settings {
  const appName = props.appName ?? 'app';
  const stage = props.stage ?? 'dev';
  validateProps(props, appName, stage);
  return {
    names: new Names(props.namePrefix ?? `dazzle-${appName}-${stage}`),
    eventSource: props.eventSource ?? `dazzle.${appName}`,
    params: new Params(props.params ?? {}),
    logRetention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
    logging: {
      level: props.stateMachineLogLevel ?? sfn.LogLevel.ERROR,
      includeExecutionData: props.stateMachineLogExecutionData ?? false,
    },
    removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    alarmActions: props.alarmActions ?? [],
    access: props.access ?? {},
  };
}

function validateProps(props: DazzleProcessesProps, appName: string, stage: string): void {
  if (!/^[a-z][a-z0-9-]{0,29}$/.test(appName)) {
    throw new Error(
      `appName '${appName}' must be 1-30 lowercase letters, digits or '-', starting with a letter`,
    );
  }
  if (!STAGE.test(stage)) {
    throw new Error(
      `stage '${stage}' must be 1-20 lowercase letters, digits or '-', starting with a letter (e.g. dev, prod)`,
    );
  }
  // A token (a user pool's `userPoolProviderUrl` in the same app) is only known at deploy time.
  if (!Token.isUnresolved(props.jwtIssuer) && !/^https:\/\/\S+$/.test(props.jwtIssuer)) {
    throw new Error(
      `jwtIssuer '${props.jwtIssuer}' must be an https:// URL (the token issuer, e.g. a Cognito user pool URL)`,
    );
  }
  if (props.jwtAudience.length === 0 || props.jwtAudience.some((a) => a.trim() === '')) {
    throw new Error(
      `jwtAudience ${JSON.stringify(props.jwtAudience)} must list at least one non-empty audience (client id)`,
    );
  }
  if (props.eventSource !== undefined && (props.eventSource === '' || props.eventSource.startsWith('aws.'))) {
    throw new Error(
      `eventSource '${props.eventSource}' must be non-empty and must not start with 'aws.' (reserved by AWS)`,
    );
  }
  for (const [name, value] of [
    ['throttleRateLimit', props.throttleRateLimit],
    ['throttleBurstLimit', props.throttleBurstLimit],
    ['maxResourcesPerStack', props.maxResourcesPerStack],
  ] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value <= 0)) {
      throw new Error(`${name} ${value} must be a positive integer`);
    }
  }
  if (props.maxResourcesPerStack !== undefined && props.maxResourcesPerStack > CFN_RESOURCE_LIMIT) {
    throw new Error(
      `maxResourcesPerStack ${props.maxResourcesPerStack} exceeds CloudFormation's limit of ${CFN_RESOURCE_LIMIT}`,
    );
  }
}

function plan(workflow: ManifestWorkflow, asl: string, params: Params): PlannedWorkflow {
  const schedules = workflow.schedules.flatMap((entry) => params.schedules(qualifiedName(workflow), entry));
  return {
    workflow,
    asl,
    schedules,
    resources: ProcessMachine.resourceCount(workflow, schedules.length),
    bytes: Buffer.byteLength(asl),
  };
}

function pickIntents(
  workflows: readonly ManifestWorkflow[],
  given: Readonly<Record<string, IntentDefinition>>,
): Record<string, IntentDefinition> {
  const used = [...new Set(workflows.flatMap((w) => w.references.intents))].sort();
  const out: Record<string, IntentDefinition> = {};
  for (const name of used) {
    const intent = Object.hasOwn(given, name) ? given[name] : undefined;
    if (!intent) {
      const users = workflows.filter((w) => w.references.intents.includes(name)).map(qualifiedName);
      throw new Error(
        `llm_intent '${name}' (used by ${users.join(', ')}) has no definition; add {model_id, prompt} for it to 'intents'`,
      );
    }
    out[name] = intent;
  }
  return out;
}

function checkChannels(
  workflows: readonly ManifestWorkflow[],
  channels: Readonly<Record<string, ChannelBinding>>,
): void {
  const used = new Set(workflows.flatMap((w) => w.references.channels));
  for (const name of Object.keys(channels)) {
    if (!used.has(name)) {
      const known = [...used].sort().join(', ') || 'none';
      throw new Error(`channels binds '${name}', which no process sends to (channels used: ${known})`);
    }
  }
}

/** CloudFormation resources created so far directly in `scope`'s stack (not in nested stacks). */
function countOwnResources(scope: IConstruct): number {
  const stack = Stack.of(scope);
  return stack.node.findAll().filter((c) => isCfnResource(c) && Stack.of(c) === stack).length;
}

const isCfnResource = (c: IConstruct): c is CfnResource =>
  typeof (c as CfnResource).cfnResourceType === 'string' && 'cfnOptions' in c;

interface Placement {
  readonly nested: boolean;
  readonly items: PlannedWorkflow[];
}

/**
 * Everything in this stack if it fits under `max` (with headroom for the shared resources created
 * after counting), else nested stacks packed in manifest order by resources and definition bytes.
 */
export function placeWorkflows(
  planned: readonly PlannedWorkflow[],
  ownResources: number,
  max: number,
): Placement[] {
  const total = planned.reduce((n, p) => n + p.resources, 0);
  const bytes = planned.reduce((n, p) => n + p.bytes, 0);
  if (ownResources + total <= max && bytes <= MAX_DEFINITION_BYTES)
    return [{ nested: false, items: [...planned] }];
  const groups: Placement[] = [];
  let current: PlannedWorkflow[] = [];
  let resources = 0;
  let size = 0;
  for (const p of planned) {
    if (current.length > 0 && (resources + p.resources > max || size + p.bytes > MAX_DEFINITION_BYTES)) {
      groups.push({ nested: true, items: current });
      current = [];
      resources = 0;
      size = 0;
    }
    current.push(p);
    resources += p.resources;
    size += p.bytes;
  }
  if (current.length > 0) groups.push({ nested: true, items: current });
  return groups;
}
