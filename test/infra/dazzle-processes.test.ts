/**
 * DazzleProcesses on the example app (examples/dsl), synthesized once with cdk-nag (AwsSolutions)
 * and the template validator's feature flag; handler bundling is skipped (bench/synth covers it).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import { triggerRouterDefinition } from '../../compiler/emit/router.ts';
import { compileSources } from '../../compiler/index.ts';
import type { Manifest } from '../../compiler/manifest/schema.ts';
import { ChannelBinding } from '../../infra/channel-binding.ts';
import { DazzleProcesses, type DazzleProcessesProps } from '../../infra/dazzle-processes.ts';
import { flattenCfnReference } from '../../infra/nag.ts';
import { ProcessSource } from '../../infra/process-source.ts';
import { ServiceFunctions } from '../../infra/service-functions.ts';
import { HANDLER_DIRS } from '../../lambdas/bundle.ts';
import {
  BASE_PROPS,
  EXAMPLE_INTENTS,
  EXAMPLE_PARAMS,
  exampleProps,
  exampleSources,
  render,
  testApp,
} from './fixtures.ts';

const PREFIX = 'dazzle-shop-dev';
type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };

let template: Template;
let resources: Record<string, Resource>;
let stack: Stack;
let manifest: Manifest;
let asl: Record<string, string>;

beforeAll(() => {
  const compiled = compileSources(exampleSources());
  manifest = compiled.artifacts!.manifest;
  asl = compiled.artifacts!.asl;
  // With aws-cdk-lib's CloudFormation validator too: its findings are errors under the feature flag.
  const app = testApp({ cfnValidation: true });
  stack = new Stack(app, 'Shop');
  new DazzleProcesses(stack, 'Processes', exampleProps());
  // Throws when cdk-nag reports an unacknowledged finding.
  const assembly = app.synth();
  const json = assembly.getStackByName('Shop').template;
  template = Template.fromJSON(json);
  resources = json.Resources;
  // Synth bundles ~20 functions with esbuild (~20 s of CPU): on a loaded machine more than the
  // default hook timeout.
}, 300_000);

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const machineNamed = (name: string): Resource => {
  const found = ofType('AWS::StepFunctions::StateMachine').find(
    ([, r]) => r.Properties.StateMachineName === name,
  );
  if (!found) throw new Error(`no state machine ${name}`);
  return found[1];
};
/** cdk-nag's flattening (what acknowledgements match): `<Logical.Arn>`, `<AWS::Region>`. */
const flat = (value: unknown) => flattenCfnReference(value);
const arn = (service: string, resource: string): string =>
  `arn:<AWS::Partition>:${service}:<AWS::Region>:<AWS::AccountId>:${resource}`;

describe('state machines', () => {
  it('creates one machine per process and schedule, named <prefix>-<kind>-<workflow>, plus the trigger router', () => {
    const names = ofType('AWS::StepFunctions::StateMachine').map(([, r]) => r.Properties.StateMachineName);
    const expected = manifest.workflows.map((w) => `${PREFIX}-${w.kind}-${w.name}`);
    expect(names.sort()).toEqual([...expected, `${PREFIX}-dazzle-trigger-router`].sort());
  });

  it("deploys the compiler's trigger router definition unchanged, as an Express machine", () => {
    const router = machineNamed(`${PREFIX}-dazzle-trigger-router`);
    expect(router.Properties.StateMachineType).toBe('EXPRESS');
    expect(router.Properties.DefinitionSubstitutions).toBeUndefined();
    expect(JSON.parse(router.Properties.DefinitionString as string)).toEqual(triggerRouterDefinition());
  });

  it('deploys the compiled ASL unchanged, with every placeholder substituted', () => {
    for (const w of manifest.workflows) {
      const machine = machineNamed(`${PREFIX}-${w.id}`);
      const deployed = JSON.parse(machine.Properties.DefinitionString as string);
      const compiled = JSON.parse(asl[w.id]);
      if (w.timeout_param) compiled.TimeoutSeconds = 1800; // param warehouse_report_timeout = 30m
      expect(deployed, w.name).toEqual(compiled);
      const keys = [...new Set([...asl[w.id].matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]))].sort();
      expect(Object.keys(machine.Properties.DefinitionSubstitutions ?? {}).sort(), w.name).toEqual(keys);
    }
  });

  it('substitutes functions, tables and the bus with their real ARNs and names', () => {
    const subs = machineNamed(`${PREFIX}-process-expense_approval`).Properties
      .DefinitionSubstitutions as Record<string, unknown>;
    expect(flat(subs.Service_reimburse_expense)).toBe(
      arn('lambda', `function:${PREFIX}-svc-reimburse_expense`),
    );
    expect(flat(subs.Handler_taskRegister)).toBe(arn('lambda', `function:${PREFIX}-task-register`));
    expect(flat(subs.Handler_llmIntent)).toBe(arn('lambda', `function:${PREFIX}-llm-intent`));
    expect(subs.EventSource).toBe('dazzle.shop');
    expect(subs.StateTable).toEqual({ Ref: expect.stringMatching(/StateTable/) });
    expect(subs.EventBusName).toEqual({ Ref: expect.stringMatching(/Bus/) });
    const parent = machineNamed(`${PREFIX}-process-order_fulfillment`).Properties
      .DefinitionSubstitutions as Record<string, unknown>;
    expect(flat(parent.StateMachine_process_standard_shipping)).toBe(
      arn('states', `stateMachine:${PREFIX}-process-standard_shipping`),
    );
  });

  it('logs ERROR without execution data (no task token, no form data) to a log group with retention, and traces with X-Ray', () => {
    for (const [, machine] of ofType('AWS::StepFunctions::StateMachine'))
      expect(machine.Properties.LoggingConfiguration).toMatchObject({
        Level: 'ERROR',
        IncludeExecutionData: false,
      });
    const machine = machineNamed(`${PREFIX}-process-order_fulfillment`);
    expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: true });
    expect(machine.Properties.StateMachineType).toBe('STANDARD');
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('grants each machine role exactly the statements of its manifest, nothing on "*" beyond logging and X-Ray', () => {
    for (const w of manifest.workflows) {
      const machine = machineNamed(`${PREFIX}-${w.id}`);
      const role = (machine.Properties.RoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const policy = ofType('AWS::IAM::Policy').find(([, p]) =>
        (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role),
      )![1];
      const granted = new Set<string>();
      for (const s of (
        policy.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }
      ).Statement) {
        const actions = [s.Action].flat() as string[];
        const res = [s.Resource].flat().map(flat);
        if (res.includes('*')) {
          expect(
            actions.every((a) => a.startsWith('logs:') || a.startsWith('xray:')),
            `${w.name}: ${actions}`,
          ).toBe(true);
          continue;
        }
        for (const a of actions) for (const r of res) granted.add(`${a} ${r}`);
      }
      const expected = new Set<string>();
      for (const s of w.iam) {
        for (const a of s.actions) for (const r of s.resources) expected.add(`${a} ${expectedResource(r)}`);
      }
      expect([...granted].sort(), w.name).toEqual([...expected].sort());
    }
  });
});

/** The flattened CloudFormation value a manifest placeholder resource should become. */
function expectedResource(resource: string): string {
  return resource.replace(/\$\{([A-Za-z0-9_]+)\}/g, (_, key: string) => {
    const [kind, ...rest] = key.split('_');
    const name = rest.join('_');
    // `StateMachine_process_x` names the machine of workflow `process-x`.
    const workflow = name.replace(/^(process|schedule)_/, '$1-');
    const table = Object.keys(resources).find(
      (k) => k.includes('StateTable') && resources[k].Type === 'AWS::DynamoDB::Table',
    );
    const bus = Object.keys(resources).find((k) => resources[k].Type === 'AWS::Events::EventBus');
    switch (kind) {
      case 'Service':
        return arn('lambda', `function:${PREFIX}-svc-${name}`);
      case 'Handler':
        return arn('lambda', `function:${PREFIX}-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
      case 'StateMachine':
        return arn('states', `stateMachine:${PREFIX}-${workflow}`);
      case 'Executions':
        return arn('states', `execution:${PREFIX}-${workflow}:*`);
      case 'MapRunExecutions':
        return arn('states', `execution:${PREFIX}-${workflow}/*`);
      case 'StateTableArn':
        return `<${table}.Arn>`;
      case 'EventBusArn':
        return `<${bus}.Arn>`;
      case 'StepFunctionsSyncRuleArn':
        return arn('events', 'rule/StepFunctionsGetEventsForStepFunctionsExecutionRule');
      default:
        throw new Error(`unexpected placeholder ${key}`);
    }
  });
}

describe('handler Lambdas', () => {
  it('deploys every handler as an ESM arm64 function on the newest Node.js runtime with Powertools settings', () => {
    for (const handler of HANDLER_DIRS) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: `${PREFIX}-${handler}`,
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Environment: {
          Variables: Match.objectLike({
            POWERTOOLS_SERVICE_NAME: handler,
            DAZZLE_STATE_TABLE: { Ref: Match.stringLikeRegexp('StateTable') },
            DAZZLE_EVENT_SOURCE: 'dazzle.shop',
            DAZZLE_ROLES_CLAIM: 'cognito:groups',
          }),
        },
      });
    }
  });

  it("gives every handler AWS's Powertools layer of the installed version, resolved in the deploying region", () => {
    // AWS publishes the layer's ARN per region as a public SSM parameter (Powertools docs, "Lookup
    // Layer ARN via AWS SSM Parameter Store"); the handler bundles leave Powertools out.
    const { version } = JSON.parse(
      readFileSync(
        join(import.meta.dirname, '../../node_modules/@aws-lambda-powertools/logger/package.json'),
        'utf8',
      ),
    ) as { version: string };
    const layers = `{{resolve:ssm:/aws/service/powertools/typescript/generic/all/${version}}}`;
    const functions = ofType('AWS::Lambda::Function').map(([, f]) => f.Properties);
    for (const handler of HANDLER_DIRS) {
      const fn = functions.find((f) => f.FunctionName === `${PREFIX}-${handler}`);
      expect(fn?.Layers, handler).toEqual([layers]);
    }
    // Service modules bundle their own dependencies.
    const services = functions.filter((f) => String(f.FunctionName).startsWith(`${PREFIX}-svc-`));
    expect(services.length).toBeGreaterThan(0);
    for (const f of services) expect(f.Layers, String(f.FunctionName)).toBeUndefined();
  });

  it('gives start the manual processes and llm-intent the intents', () => {
    const env = (name: string) =>
      (
        ofType('AWS::Lambda::Function').find(([, f]) => f.Properties.FunctionName === `${PREFIX}-${name}`)![1]
          .Properties.Environment as { Variables: Record<string, unknown> }
      ).Variables;
    const processes = JSON.parse(render(env('start').DAZZLE_PROCESSES));
    const manual = manifest.workflows.filter((w) => w.triggers.some((t) => t.kind === 'manual'));
    expect(Object.keys(processes).sort()).toEqual(manual.map((w) => w.name).sort());
    for (const w of manual) {
      expect(processes[w.name]).toEqual({
        stateMachineArn: `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:stateMachine:${PREFIX}-${w.id}`,
        inputs: w.inputs,
      });
    }
    expect(JSON.parse(env('llm-intent').DAZZLE_INTENTS as string)).toEqual(EXAMPLE_INTENTS);
    expect(flat(env('task-register').DAZZLE_TASK_ESCALATE_ARN)).toBe(
      arn('lambda', `function:${PREFIX}-task-escalate`),
    );
    expect(env('task-register').DAZZLE_SCHEDULER_GROUP).toBe(PREFIX);
  });

  it('lets task-api answer only the machines with human tasks', () => {
    const human = manifest.workflows
      .filter((w) => w.human_tasks.length > 0)
      .map((w) => arn('states', `stateMachine:${PREFIX}-${w.id}`));
    const statements = policyStatementsOf(`${PREFIX}-task-api`).filter((s) =>
      [s.Action].flat().some((a) => String(a).startsWith('states:')),
    );
    expect(statements.flatMap((s) => [s.Resource].flat().map(flat)).sort()).toEqual(human.sort());
    // Outcome routing answers with success (first outcome) or failure (the others); nothing else.
    for (const s of statements)
      expect([s.Action].flat().sort()).toEqual(['states:SendTaskFailure', 'states:SendTaskSuccess']);
  });

  it('lets task-api update entity rows (outcome sets), nothing more, and tells it the entity table', () => {
    const fn = ofType('AWS::Lambda::Function').find(
      ([, f]) => f.Properties.FunctionName === `${PREFIX}-task-api`,
    )![1];
    const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    const [entityTable] = ofType('AWS::DynamoDB::Table').find(
      ([, t]) => !t.Properties.GlobalSecondaryIndexes,
    )!;
    expect(variables.DAZZLE_ENTITY_TABLE).toEqual({ Ref: entityTable });
    const onEntities = policyStatementsOf(`${PREFIX}-task-api`).filter((s) =>
      JSON.stringify(s.Resource).includes(entityTable),
    );
    expect(onEntities.map((s) => [s.Action].flat().sort())).toEqual([
      ['dynamodb:Query', 'dynamodb:UpdateItem'],
    ]);
  });

  it('deploys each service module as its own function', () => {
    const services = [...new Set(manifest.workflows.flatMap((w) => w.references.services))];
    for (const s of services)
      template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: `${PREFIX}-svc-${s}` });
  });
});

function policyStatementsOf(functionName: string): { Action: unknown; Resource: unknown }[] {
  const fn = ofType('AWS::Lambda::Function').find(([, f]) => f.Properties.FunctionName === functionName)![1];
  const role = (fn.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
  return ofType('AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role))
    .flatMap(
      ([, p]) =>
        (p.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }).Statement,
    );
}

describe('tables', () => {
  it('creates the state table: pk/sk, open-task GSIs, TTL, PITR, encryption; destroyed in dev', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          Match.objectLike({
            IndexName: 'gsi1',
            KeySchema: [
              { AttributeName: 'gsi1pk', KeyType: 'HASH' },
              { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
            ],
          }),
          Match.objectLike({ IndexName: 'gsi2' }),
        ],
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        BillingMode: 'PAY_PER_REQUEST',
      }),
    });
    expect(ofType('AWS::DynamoDB::Table')).toHaveLength(2);
  });
});

describe('triggers', () => {
  const ruleFor = (process: string) =>
    ofType('AWS::Events::Rule').find(([, r]) =>
      JSON.stringify(r.Properties.Targets).includes(`\\"process\\":\\"${process}\\"`),
    )?.[1];

  it('routes an entity status transition through the trigger router with the event, a retry policy and the DLQ', () => {
    const rule = ruleFor('expense_approval')!;
    expect(rule.Properties.EventPattern).toEqual({
      source: ['dazzle.shop'],
      'detail-type': ['EntityStatusChanged'],
      detail: { entity: ['ExpenseReport'], to_status: ['pending_approval'], from_status: ['submitted'] },
    });
    const [target] = rule.Properties.Targets as Record<string, unknown>[];
    expect(target.Arn).toEqual({ Ref: expect.stringMatching(/TriggerRouter/) });
    expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 20, MaximumEventAgeInSeconds: 86400 });
    expect(target.DeadLetterConfig).toEqual({
      Arn: { 'Fn::GetAtt': [expect.stringMatching(/DeadLetterQueue/), 'Arn'] },
    });
    const input = render((target.InputTransformer as { InputTemplate: unknown }).InputTemplate);
    expect(input).toBe(
      `{"workflow":"process-expense_approval","process":"expense_approval","machine":"${arn('states', `stateMachine:${PREFIX}-process-expense_approval`)}","kind":"entity_status_transition","event":<aws.events.event.json>}`,
    );
  });

  it('has one rule per event trigger kind with the manifest pattern', () => {
    expect(ruleFor('erase_customer_data')!.Properties.EventPattern).toEqual({
      source: ['dazzle.shop'],
      'detail-type': ['EntityDeleted'],
      detail: { entity: ['Customer'] },
    });
    expect(ruleFor('handle_chargeback')!.Properties.EventPattern).toEqual({
      source: ['dazzle.shop'],
      'detail-type': ['Signal'],
      detail: { name: ['chargeback_received'] },
    });
    expect(ruleFor('expense_settlement')!.Properties.EventPattern).toEqual({
      source: ['dazzle.shop'],
      'detail-type': ['ExpenseSettled'],
      detail: { process: ['expense_approval'] },
    });
    const eventTriggers = manifest.workflows.flatMap((w) => w.triggers.filter((t) => 'pattern' in t));
    const processRules = ofType('AWS::Events::Rule').filter(([, r]) =>
      JSON.stringify(r.Properties.Targets).includes('\\"machine\\"'),
    );
    expect(processRules).toHaveLength(eventTriggers.length);
  });

  it('records run status changes and delivers Signal events through the handlers', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: `${PREFIX}-run-status`,
      EventPattern: Match.objectLike({
        source: ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
      }),
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['dazzle.shop'], 'detail-type': ['Signal'] },
      Targets: [
        Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('signaldeliver'), 'Arn'] } }),
      ],
    });
  });

  it('lets only rules of the app dead-letter into the encrypted DLQ', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    const policy = ofType('AWS::SQS::QueuePolicy')[0][1];
    const statements = (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] })
      .Statement;
    const events = statements.find((s) => s.Sid === 'AllowDazzleRules')!;
    expect(
      (events.Condition as { ArnLike: Record<string, unknown[]> }).ArnLike['aws:SourceArn'].map(flat),
    ).toEqual([
      arn('events', `rule/<${ofType('AWS::Events::EventBus')[0][0]}>/*`),
      arn('events', `rule/${PREFIX}-*`),
    ]);
  });
});

describe('schedules', () => {
  const scheduleOf = (process: string) =>
    ofType('AWS::Scheduler::Schedule')
      .map(([, s]) => s.Properties)
      .filter((p) => render((p.Target as { Input: unknown }).Input).includes(`"process":"${process}"`));

  it('converts Unix cron to the AWS form in the workflow timezone, in the stage schedule group', () => {
    expect(scheduleOf('archive_old_orders')).toEqual([
      expect.objectContaining({
        ScheduleExpression: 'cron(30 3 ? * 1 *)',
        ScheduleExpressionTimezone: 'America/New_York',
        GroupName: PREFIX,
        FlexibleTimeWindow: { Mode: 'OFF' },
      }),
    ]);
    expect(scheduleOf('overdue_invoice_reminders')[0]).toMatchObject({
      ScheduleExpression: 'cron(0 2 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/London',
    });
    expect(scheduleOf('stock_level_sync')[0]).toMatchObject({ ScheduleExpression: 'rate(15 minutes)' });
    template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: PREFIX });
  });

  it('resolves param() cron and timezone from params', () => {
    expect(scheduleOf('warehouse_report')[0]).toMatchObject({
      ScheduleExpression: 'cron(0 6 ? * 2-6 *)',
      ScheduleExpressionTimezone: 'Europe/London',
    });
  });

  it('starts the router with the slot time, retries, and dead-letters', () => {
    const [s] = scheduleOf('heartbeat');
    const target = s.Target as Record<string, unknown>;
    expect(render(target.Input)).toBe(
      `{"workflow":"schedule-heartbeat","process":"heartbeat","machine":"${arn('states', `stateMachine:${PREFIX}-schedule-heartbeat`)}","kind":"schedule","schedule":"heartbeat","scheduled_time":"<aws.scheduler.scheduled-time>"}`,
    );
    expect(target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 5 });
    expect(target.DeadLetterConfig).toBeDefined();
  });
});

describe('HTTP API', () => {
  it('serves the routes of DESIGN §6 behind a JWT authorizer', () => {
    const routes = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(
      [
        'GET /executions/{id}',
        'GET /tasks',
        'GET /tasks/{id}',
        'POST /processes/{name}/executions',
        'POST /signals/{name}',
        'POST /tasks/{id}/complete',
      ].sort(),
    );
    for (const r of routes) expect(r.AuthorizationType).toBe('JWT');
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Issuer: BASE_PROPS.jwtIssuer, Audience: [...BASE_PROPS.jwtAudience] },
    });
  });

  it('throttles and writes access logs', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });
});

describe('schedule catch-up', () => {
  it('runs schedule-catch-up after deployments, once the machines exist', () => {
    const [[, trigger]] = ofType('Custom::Trigger');
    expect(trigger.Properties).toMatchObject({
      HandlerArn: { Ref: expect.stringMatching(/schedulecatchup/) },
      InvocationType: 'Event',
    });
    const env = ofType('AWS::Lambda::Function').find(
      ([, f]) => f.Properties.FunctionName === `${PREFIX}-schedule-catch-up`,
    )![1].Properties.Environment as { Variables: Record<string, unknown> };
    const schedules = JSON.parse(render(env.Variables.DAZZLE_SCHEDULES));
    expect(schedules['schedule-overdue_invoice_reminders']).toEqual({
      stateMachineArn: `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:stateMachine:${PREFIX}-schedule-overdue_invoice_reminders`,
      workflow: 'schedule-overdue_invoice_reminders',
      name: 'overdue_invoice_reminders',
      cron: '0 2 * * ? *',
      timezone: 'Europe/London',
      catch_up: true,
    });
    expect(schedules['schedule-stock_level_sync']).toMatchObject({ interval_seconds: 900, catch_up: false });
  });
});

describe('alarms and outputs', () => {
  it('alarms on failed executions of each machine, on the router and on DLQ depth', () => {
    expect(ofType('AWS::CloudWatch::Alarm')).toHaveLength(manifest.workflows.length + 2);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
    });
  });

  it('outputs the API URL, bus and tables', () => {
    const outputs = Object.keys(template.toJSON().Outputs);
    for (const o of ['ApiUrl', 'EventBusName', 'StateTableName', 'EntityTableName']) {
      expect(outputs.some((k) => k.includes(o))).toBe(true);
    }
  });
});

describe('props', () => {
  /** Synthesizes a small variant (nag included) and returns its template. */
  function variant(props: Partial<DazzleProcessesProps>, dsl?: string): Template {
    const app = testApp();
    const s = new Stack(app, 'Variant');
    new DazzleProcesses(s, 'Processes', {
      ...exampleProps(),
      ...(dsl
        ? {
            source: ProcessSource.fromSources([{ name: 'v.dsl', text: dsl }]),
            services: ServiceFunctions.none(),
          }
        : {}),
      ...props,
    });
    return Template.fromJSON(app.synth().getStackByName('Variant').template);
  }

  const EXPRESSABLE = `process quick "Quick":\n  trigger:\n    when: manual\n  steps:\n    - step tell:\n        channel: alerts\n        message: Ping\n  timeout: 1m\n  overlap: allow\n`;

  it('workflowType auto deploys qualifying workflows as Express; channel bindings forward messages', () => {
    const t = variant(
      {
        workflowType: 'auto',
        appName: 'quick',
        removalPolicy: undefined,
        eventSource: 'acme.quick',
        channels: {
          alerts: ChannelBinding.topic(
            sns.Topic.fromTopicArn(stack, 'T', 'arn:aws:sns:eu-west-1:123456789012:alerts'),
          ),
        },
      },
      EXPRESSABLE,
    );
    t.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'dazzle-quick-dev-process-quick',
      StateMachineType: 'EXPRESS',
      DefinitionSubstitutions: Match.objectLike({ EventSource: 'acme.quick' }),
    });
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['acme.quick'], detail: { channel: ['alerts'] } },
      Targets: [Match.objectLike({ Arn: 'arn:aws:sns:eu-west-1:123456789012:alerts' })],
    });
    // Default removal policy retains the tables.
    t.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
  });

  it('uses pre-bundled code from bundleDir (index.handler) instead of bundling at synth', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dazzle-infra-test-'));
    for (const h of HANDLER_DIRS) {
      mkdirSync(join(dir, h));
      writeFileSync(join(dir, h, 'index.mjs'), 'export const handler = async () => ({});');
    }
    const t = variant({ bundleDir: dir, appName: 'quick' }, EXPRESSABLE);
    t.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'dazzle-quick-dev-start',
      Handler: 'index.handler',
    });
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects bad props with the value and the fix', () => {
    const build = (props: Partial<DazzleProcessesProps>) => () =>
      new DazzleProcesses(new Stack(testApp({ nag: false }), 'Bad'), 'P', { ...exampleProps(), ...props });
    expect(build({ jwtIssuer: 'http://insecure' })).toThrow(
      /jwtIssuer 'http:\/\/insecure' must be an https:\/\/ URL/,
    );
    expect(build({ jwtAudience: [] })).toThrow(/jwtAudience \[\] must list at least one/);
    expect(build({ stage: 'Prod!' })).toThrow(/stage 'Prod!' must be/);
    expect(build({ eventSource: 'aws.shop' })).toThrow(/must not start with 'aws.'/);
    expect(build({ params: {} })).toThrow(
      /warehouse_report uses param\("warehouse_\w+"\) but params has no 'warehouse_\w+' \(given: none\)/,
    );
    expect(build({ params: { ...EXAMPLE_PARAMS, warehouse_timezone: 'Europe/Londn' } })).toThrow(
      /timezone 'Europe\/Londn', which is not an IANA timezone \(did you mean Europe\/London/,
    );
    expect(build({ intents: {} })).toThrow(
      /llm_intent 'classify_expense' \(used by process:expense_approval\) has no definition/,
    );
    expect(build({ services: ServiceFunctions.none() })).toThrow(
      /service 'archive_order' is used by a process but has no function/,
    );
    expect(build({ services: ServiceFunctions.fromDirectory('test/infra') })).toThrow(
      /test\/infra\/archive_order\.ts does not exist/,
    );
    expect(
      build({
        channels: {
          nowhere: ChannelBinding.topic(sns.Topic.fromTopicArn(stack, 'N', 'arn:aws:sns:eu-west-1:1:n')),
        },
      }),
    ).toThrow(/channels binds 'nowhere', which no process sends to/);
    expect(
      build({ source: ProcessSource.fromSources([{ name: 'x.dsl', text: 'process broken:\n  steps: [' }]) }),
    ).toThrow(/the Dazzle sources do not compile:\nx\.dsl:\d+:\d+: error DZ/);
  });

  it('loads a precompiled manifest and refuses Express workflows when Standard is asked for', () => {
    const compiled = compileSources([{ name: 'v.dsl', text: EXPRESSABLE }], { workflowType: 'auto' })
      .artifacts!;
    const source = ProcessSource.fromManifest(compiled.manifest, compiled.asl);
    expect(() => source.bind({ workflowType: 'standard' })).toThrow(
      /process:quick was compiled as EXPRESS .* but workflowType is 'standard'/,
    );
    expect(source.bind({ workflowType: 'auto' }).manifest.workflows[0].workflow_type).toBe('EXPRESS');
    // A version 1 manifest (names without kinds) is refused, not misread.
    expect(() => ProcessSource.fromManifest({ version: 1 }, {}).bind({})).toThrow(
      /manifest is not a dazzle-sfn manifest: version/,
    );
  });
});
