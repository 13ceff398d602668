/**
 * The handler Lambdas of `lambdas/` with their environment (lambdas/shared/env.ts) and exactly the
 * permissions each handler's adapters use.
 */
import { join } from 'node:path';
import { Aws, Duration, type RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { AccessConfig } from '../compiler/contracts/access.ts';
import type { HandlerName } from '../compiler/contracts/runtime.ts';
import { type HandlerDir, handlerEntry } from '../lambdas/bundle.ts';
import { escalationScheduleName } from '../lambdas/shared/adapters/scheduler.ts';
import { ENV } from '../lambdas/shared/env.ts';
import { OPEN_TASKS_BY_ASSIGNEE, OPEN_TASKS_BY_ROLE } from '../lambdas/shared/tables.ts';
import { DazzleFunction } from './dazzle-function.ts';
import { grantOnMachines } from './grants.ts';
import { acknowledgeWildcards } from './nag.ts';
import { arn, type Names } from './names.ts';

/** Handler placeholder name (`${Handler_taskRegister}`) → its folder in lambdas/. */
export const HANDLER_DIR: Record<HandlerName, HandlerDir> = {
  taskRegister: 'task-register',
  signalRegister: 'signal-register',
  entityStore: 'entity-store',
  llmIntent: 'llm-intent',
  runRecord: 'run-record',
};

/**
 * Lambda allows 4 KB for all variables of a function together; the other variables take < 700
 * bytes, so a config map up to this size goes in a variable, a larger one to a bundled file.
 */
const ENV_CONFIG_LIMIT = 3300;

export interface IntentDefinition {
  /** Bedrock model or inference profile id, e.g. `anthropic.claude-3-5-haiku-20241022-v1:0`. */
  readonly model_id: string;
  /** Prompt template with `{{path}}` slots filled from the step's `input_map`. */
  readonly prompt: string;
  readonly system?: string;
  /** @default 'text' */
  readonly output?: 'text' | 'json';
  /** @default 1024 */
  readonly max_tokens?: number;
  readonly temperature?: number;
}

/** A JSON config: its variable, its file variable, its value. */
type ConfigSpec = [name: string, fileName: string, value: unknown];

/** A JSON config as environment variables, or as files bundled beside the handler. */
interface HandlerConfig {
  env: Record<string, string>;
  files?: Record<string, string>;
}

export interface HandlerConfigs {
  /** `DAZZLE_PROCESSES` of the start handler (manual processes). */
  readonly manualProcesses: Record<string, { stateMachineArn: string; inputs: unknown[] }>;
  /** `DAZZLE_PROCESSES` of run-record (every workflow; inputs left out, the roles of its human tasks in). */
  readonly allProcesses: Record<string, { stateMachineArn: string; taskRoles?: string[] }>;
  /** `DAZZLE_ACCESS` of start, run-record and signal-deliver. */
  readonly access: AccessConfig;
  readonly intents: Record<string, IntentDefinition>;
  readonly schedules: Record<string, Record<string, unknown>>;
}

export interface DazzleHandlersProps {
  readonly names: Names;
  readonly stateTable: dynamodb.ITable;
  readonly entityTable: dynamodb.ITable;
  readonly eventBus: events.IEventBus;
  readonly eventSource: string;
  readonly rolesClaim: string;
  readonly scheduleGroupName: string;
  readonly configs: HandlerConfigs;
  /** Workflows whose machines task-api answers (human tasks), signal-deliver answers, start starts, catch-up starts. */
  readonly humanTaskWorkflows: readonly string[];
  readonly signalWorkflows: readonly string[];
  readonly manualWorkflows: readonly string[];
  readonly catchUpWorkflows: readonly string[];
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  /** Pre-bundled code (infra/prebundle.ts): `<dir>/<handler>/index.mjs`. */
  readonly bundleDir?: string;
}

export class DazzleHandlers extends Construct {
  readonly functions = new Map<HandlerDir, lambda.IFunction>();
  /** Role EventBridge Scheduler assumes to run task escalations. */
  readonly escalationRole: iam.Role;
  private readonly props: DazzleHandlersProps;

  constructor(scope: Construct, id: string, props: DazzleHandlersProps) {
    super(scope, id);
    this.props = props;
    const names = props.names;
    const common = {
      [ENV.stateTable]: props.stateTable.tableName,
      [ENV.eventBus]: props.eventBus.eventBusName,
      [ENV.eventSource]: props.eventSource,
      [ENV.rolesClaim]: props.rolesClaim,
    };
    this.escalationRole = new iam.Role(this, 'EscalationSchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      description: 'EventBridge Scheduler: invoke task-escalate for human task escalations',
    });
    const escalateArn = names.functionArn(this, 'task-escalate');

    const taskRegister = this.add('task-register', {
      ...common,
      [ENV.taskEscalateArn]: escalateArn,
      [ENV.schedulerRoleArn]: this.escalationRole.roleArn,
      [ENV.schedulerGroup]: props.scheduleGroupName,
    });
    const taskEscalate = this.add('task-escalate', common);
    // task-api applies a completed outcome's `sets` to the entity table (before the execution resumes).
    const taskApi = this.add('task-api', { ...common, [ENV.entityTable]: props.entityTable.tableName });
    const signalRegister = this.add('signal-register', common);
    const access: ConfigSpec = [ENV.access, ENV.accessFile, props.configs.access];
    const signalDeliver = this.add('signal-deliver', common, this.configs(access));
    const start = this.add(
      'start',
      common,
      this.configs(access, [ENV.processes, ENV.processesFile, props.configs.manualProcesses]),
    );
    const runRecord = this.add(
      'run-record',
      common,
      this.configs(access, [ENV.processes, ENV.processesFile, props.configs.allProcesses]),
    );
    const entityStore = this.add('entity-store', {
      ...common,
      [ENV.entityTable]: props.entityTable.tableName,
    });
    const llmIntent = this.add(
      'llm-intent',
      common,
      this.configs([ENV.intents, ENV.intentsFile, props.configs.intents]),
      60,
    );
    const catchUp = this.add(
      'schedule-catch-up',
      common,
      this.configs([ENV.schedules, ENV.schedulesFile, props.configs.schedules]),
      300,
    );

    for (const fn of [
      taskRegister,
      taskEscalate,
      taskApi,
      signalRegister,
      signalDeliver,
      start,
      runRecord,
      catchUp,
    ]) {
      this.grantState(fn);
    }
    this.grantEntities(entityStore);
    // An outcome's `sets` only update rows (the compiler emits no create for them): find, then update.
    taskApi.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query', 'dynamodb:UpdateItem'],
        resources: [props.entityTable.tableArn],
      }),
    );

    // task-register creates one-time escalation schedules that run task-escalate as escalationRole.
    this.escalationRole.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [escalateArn] }),
    );
    const escalationSchedules = Stack.of(this).formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${props.scheduleGroupName}/${escalationScheduleName('*')}`,
    });
    taskRegister.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['scheduler:CreateSchedule'], resources: [escalationSchedules] }),
    );
    taskRegister.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: [this.escalationRole.roleArn] }),
    );
    acknowledgeWildcards(
      taskRegister.role,
      [escalationSchedules],
      'escalation schedules are created at run time, one per task (task-escalate-<task id>) in the app schedule group',
    );
    props.eventBus.grantPutEventsTo(taskEscalate.function);

    // The first outcome resumes with SendTaskSuccess, the others with SendTaskFailure (outcome routing).
    grantOnMachines(
      taskApi.role,
      names,
      ['states:SendTaskSuccess', 'states:SendTaskFailure'],
      props.humanTaskWorkflows,
      'machine',
    );
    grantOnMachines(signalDeliver.role, names, ['states:SendTaskSuccess'], props.signalWorkflows, 'machine');
    grantOnMachines(start.role, names, ['states:StartExecution'], props.manualWorkflows, 'machine');
    grantOnMachines(start.role, names, ['states:DescribeExecution'], props.manualWorkflows, 'executions');
    grantOnMachines(catchUp.role, names, ['states:StartExecution'], props.catchUpWorkflows, 'machine');
    grantOnMachines(catchUp.role, names, ['states:DescribeExecution'], props.catchUpWorkflows, 'executions');
    // run-record describes executions of every machine of the app (GET /executions/{id}).
    const allExecutions = arn(this, 'states', 'execution', `${names.prefix}-*`);
    runRecord.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['states:DescribeExecution'], resources: [allExecutions] }),
    );
    acknowledgeWildcards(
      runRecord.role,
      [allExecutions],
      'GET /executions/{id} reads any execution of this app: every machine is named <prefix>-<workflow>, executions are named at run time',
    );
    this.grantBedrock(llmIntent, props.configs.intents);
  }

  /** The function of a handler a state machine invokes. */
  handler(name: HandlerName): lambda.IFunction {
    return this.functions.get(HANDLER_DIR[name])!;
  }

  fn(dir: HandlerDir): lambda.IFunction {
    return this.functions.get(dir)!;
  }

  private add(
    dir: HandlerDir,
    environment: Record<string, string>,
    config: HandlerConfig = { env: {} },
    timeoutSeconds = 30,
  ): DazzleFunction {
    const fn = new DazzleFunction(this, dir, {
      entry: handlerEntry(dir),
      functionName: this.props.names.function(dir),
      serviceName: dir,
      environment: { ...environment, ...config.env },
      files: config.files,
      timeout: Duration.seconds(timeoutSeconds),
      logRetention: this.props.logRetention,
      removalPolicy: this.props.removalPolicy,
      ...(this.props.bundleDir ? { bundledDir: join(this.props.bundleDir, dir) } : {}),
      powertoolsLayer: true,
    });
    this.functions.set(dir, fn.function);
    return fn;
  }

  /**
   * A JSON config map as an environment variable, or, when it would not fit Lambda's 4 KB
   * environment, as a file bundled beside the handler (`<VAR>_FILE=/var/task/<file>`). A file holds
   * plain text, so its ARNs must not contain tokens: the stack needs a concrete account and region.
   */
  /**
   * The JSON configs of one function, smallest first: each in a variable while all of them together
   * fit the budget, the others as files.
   */
  private configs(...specs: ConfigSpec[]): HandlerConfig {
    const stack = Stack.of(this);
    const sized = specs
      .map((spec) => ({ spec, length: estimatedLength(JSON.stringify(spec[2]), stack) }))
      .sort((a, b) => a.length - b.length);
    const out: Required<HandlerConfig> = { env: {}, files: {} };
    let budget = ENV_CONFIG_LIMIT;
    for (const { spec, length } of sized) {
      const [name, fileName, value] = spec;
      const c = this.config(name, fileName, value, budget);
      Object.assign(out.env, c.env);
      Object.assign(out.files, c.files);
      if (name in c.env) budget -= name.length + length;
    }
    return Object.keys(out.files).length > 0 ? out : { env: out.env };
  }

  private config(name: string, fileName: string, value: unknown, limit: number): HandlerConfig {
    const text = JSON.stringify(value);
    const stack = Stack.of(this);
    const length = estimatedLength(text, stack);
    if (length <= limit) return { env: { [name]: text } };
    const resolved = resolveArnTokens(text, stack);
    if (resolved === undefined) {
      throw new Error(
        `the ${name} configuration (~${length} bytes) does not fit in a Lambda environment variable and ` +
          `the stack '${stack.stackName}' has no concrete account/region to write it to a file; give the stack env: {account, region}`,
      );
    }
    const file = `${name.toLowerCase()}.json`;
    return { env: { [fileName]: `/var/task/${file}` }, files: { [file]: resolved } };
  }

  /** Item reads and writes on the state table and its open-task indexes. */
  private grantState(fn: DazzleFunction): void {
    const arn = this.props.stateTable.tableArn;
    grantItems(
      fn,
      [arn, `${arn}/index/${OPEN_TASKS_BY_ROLE}`, `${arn}/index/${OPEN_TASKS_BY_ASSIGNEE}`],
      true,
    );
  }

  /** The entity store creates and updates rows, never deletes them. */
  private grantEntities(fn: DazzleFunction): void {
    grantItems(fn, [this.props.entityTable.tableArn], false);
  }

  private grantBedrock(fn: DazzleFunction, intents: Record<string, IntentDefinition>): void {
    const models = [...new Set(Object.values(intents).map((i) => i.model_id))].sort();
    if (models.length === 0) return;
    const stack = Stack.of(this);
    const resources: string[] = [];
    for (const model of models) {
      // A cross-region inference profile (`us.`, `eu.`, `apac.`, `global.`) routes to the
      // foundation model in any region of its geography.
      const profile = /^(us|eu|apac|global|us-gov|ca|jp|au)\./.exec(model);
      if (profile) {
        resources.push(
          stack.formatArn({ service: 'bedrock', resource: 'inference-profile', resourceName: model }),
          `arn:${Aws.PARTITION}:bedrock:*::foundation-model/${model.slice(profile[0].length)}`,
        );
      } else {
        resources.push(`arn:${Aws.PARTITION}:bedrock:${Aws.REGION}::foundation-model/${model}`);
      }
    }
    fn.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['bedrock:InvokeModel'], resources }));
    acknowledgeWildcards(
      fn.role,
      resources,
      'a cross-region inference profile may route to its foundation model in any region of its geography',
    );
  }
}

const ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:Query',
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
];

function grantItems(fn: DazzleFunction, resources: string[], deletes: boolean): void {
  const actions = deletes ? [...ITEM_ACTIONS, 'dynamodb:DeleteItem'] : ITEM_ACTIONS;
  fn.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources }));
}

/** The length of `text` once deployed, counting pseudo parameters at their longest values. */
function estimatedLength(text: string, stack: Stack): number {
  const resolved = stack.resolve(text);
  if (typeof resolved === 'string') return resolved.length;
  const longest = joinPseudo(resolved, {
    partition: 'aws-us-gov',
    region: 'ap-southeast-5',
    account: '123456789012',
  });
  return longest?.length ?? Number.POSITIVE_INFINITY;
}

/** `text` with AWS::Partition/Region/AccountId tokens replaced by the stack's concrete values. */
function resolveArnTokens(text: string, stack: Stack): string | undefined {
  if (Token.isUnresolved(stack.region) || Token.isUnresolved(stack.account)) return undefined;
  const partition = stack.region.startsWith('cn-')
    ? 'aws-cn'
    : stack.region.startsWith('us-gov-')
      ? 'aws-us-gov'
      : 'aws';
  const resolved = stack.resolve(text);
  const flat =
    typeof resolved === 'string'
      ? resolved
      : joinPseudo(resolved, { partition, region: stack.region, account: stack.account });
  return flat !== undefined && !Token.isUnresolved(flat) ? flat : undefined;
}

function joinPseudo(
  node: unknown,
  ctx: { partition: string; region: string; account: string },
): string | undefined {
  if (typeof node === 'string') return node;
  const o = node as Record<string, unknown>;
  if (o?.['Fn::Join']) {
    const [delimiter, items] = o['Fn::Join'] as [string, unknown[]];
    const parts = items.map((i) => joinPseudo(i, ctx));
    return parts.some((p) => p === undefined) ? undefined : parts.join(delimiter);
  }
  if (o?.Ref === 'AWS::Partition') return ctx.partition;
  if (o?.Ref === 'AWS::Region') return ctx.region;
  if (o?.Ref === 'AWS::AccountId') return ctx.account;
  if (o?.Ref === 'AWS::URLSuffix') return ctx.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return undefined;
}
