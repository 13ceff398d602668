/**
 * Access rules and state machine logging in the synthesized template (DESIGN.md §6 "Access"): the
 * handlers get the stage's rules, IAM-signed signal delivery is a route of its own, synth warns
 * about open starts and refuses rules naming nothing; no state machine that handles task tokens
 * logs its execution data at any level.
 */
import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileSources } from '../../compiler/index.ts';
import type { Manifest } from '../../compiler/manifest/schema.ts';
import { DazzleProcesses, type DazzleProcessesProps } from '../../infra/dazzle-processes.ts';
import { flattenCfnReference } from '../../infra/nag.ts';
import { exampleProps, exampleSources, render, testApp } from './fixtures.ts';

const PREFIX = 'dazzle-shop-dev';
const ACCESS = {
  adminRole: 'admin',
  start: { reopen_expense: ['clerk', 'manager'], standard_shipping: ['clerk'] },
  signals: { receipt_uploaded: ['clerk'] },
  iamSignals: true,
};
type Resource = { Type: string; Properties: Record<string, unknown> };

let manifest: Manifest;
beforeAll(() => {
  manifest = compileSources(exampleSources()).artifacts!.manifest;
});

function synth(props: Partial<DazzleProcessesProps>, grant = false) {
  const app = testApp();
  const stack = new Stack(app, 'Shop');
  const processes = new DazzleProcesses(stack, 'Processes', exampleProps(props));
  const webhook = new iam.Role(stack, 'BankWebhook', { assumedBy: new iam.AccountRootPrincipal() });
  if (grant) processes.grantSignals(webhook);
  const json = app.synth().getStackByName('Shop').template as { Resources: Record<string, Resource> };
  return { stack, processes, template: Template.fromJSON(json), resources: json.Resources };
}

const machines = (resources: Record<string, Resource>) =>
  Object.values(resources).filter((r) => r.Type === 'AWS::StepFunctions::StateMachine');
const withTokens = () =>
  manifest.workflows
    .filter((w) => w.human_tasks.length > 0 || w.signals.length > 0)
    .map((w) => `${PREFIX}-${w.id}`);
const envOf = (resources: Record<string, Resource>, fn: string) =>
  (
    Object.values(resources).find(
      (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.FunctionName === `${PREFIX}-${fn}`,
    )!.Properties.Environment as { Variables: Record<string, unknown> }
  ).Variables;

describe('the default stage', () => {
  let built: ReturnType<typeof synth>;
  beforeAll(() => {
    built = synth({});
  });

  it('logs ERROR without execution data on every machine, the trigger router included', () => {
    const all = machines(built.resources);
    expect(all.length).toBe(manifest.workflows.length + 1);
    for (const m of all)
      expect(m.Properties.LoggingConfiguration).toMatchObject({
        Level: 'ERROR',
        IncludeExecutionData: false,
      });
  });

  it('warns, naming the manual processes any authenticated caller may start', () => {
    const manual = manifest.workflows
      .filter((w) => w.triggers.some((t) => t.kind === 'manual'))
      .map((w) => w.name);
    expect(manual.length).toBeGreaterThan(0);
    Annotations.fromStack(built.stack).hasWarning(
      '*',
      Match.stringLikeRegexp(
        `access has no start rules: any authenticated caller may start ${manual.join(', ')}`,
      ),
    );
  });

  it('gives the handlers empty access rules and run-record the task roles, and has no IAM route', () => {
    for (const fn of ['start', 'run-record', 'signal-deliver'])
      expect(envOf(built.resources, fn).DAZZLE_ACCESS).toBe('{}');
    const processes = JSON.parse(render(envOf(built.resources, 'run-record').DAZZLE_PROCESSES));
    expect(processes['process-expense_approval'].taskRoles).toEqual(['manager']);
    expect(processes['process-reopen_expense'].taskRoles).toBeUndefined();
    built.template.resourcePropertiesCountIs('AWS::ApiGatewayV2::Route', { AuthorizationType: 'AWS_IAM' }, 0);
    expect(() => built.processes.grantSignals(new iam.AnyPrincipal())).toThrow(/iamSignals/);
  });
});

describe('a stage with access rules, IAM signals and ALL logging with execution data', () => {
  let built: ReturnType<typeof synth>;
  beforeAll(() => {
    built = synth(
      { access: ACCESS, stateMachineLogLevel: sfn.LogLevel.ALL, stateMachineLogExecutionData: true },
      true,
    );
  });

  it('never logs the execution data of a machine that handles task tokens, and says so', () => {
    const tokens = withTokens();
    expect(tokens.length).toBeGreaterThan(0);
    for (const m of machines(built.resources)) {
      const name = m.Properties.StateMachineName as string;
      expect(m.Properties.LoggingConfiguration, name).toMatchObject({
        Level: 'ALL',
        IncludeExecutionData: !tokens.includes(name),
      });
    }
    Annotations.fromStack(built.stack).hasWarning(
      '*',
      Match.stringLikeRegexp('execution data is not logged for .*expense_approval'),
    );
  });

  it('gives start, run-record and signal-deliver the rules', () => {
    for (const fn of ['start', 'run-record', 'signal-deliver'])
      expect(JSON.parse(envOf(built.resources, fn).DAZZLE_ACCESS as string)).toEqual(ACCESS);
    expect(
      Annotations.fromStack(built.stack).findWarning('*', Match.stringLikeRegexp('no start rules')),
    ).toEqual([]);
  });

  it('adds POST /iam/signals/{name} behind IAM authorization, and grantSignals lets a principal call it', () => {
    built.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /iam/signals/{name}',
      AuthorizationType: 'AWS_IAM',
    });
    const policies = Object.values(built.resources).filter((r) => r.Type === 'AWS::IAM::Policy');
    const invoke = policies
      .flatMap(
        (p) =>
          (p.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }).Statement,
      )
      .filter((s) => [s.Action].flat().includes('execute-api:Invoke'));
    expect(invoke.map((s) => flattenCfnReference(s.Resource))).toEqual([
      expect.stringMatching(/\/\$default\/POST\/iam\/signals\/\*$/),
    ]);
  });
});

describe('rules naming nothing', () => {
  it.each([
    [
      { start: { reopen_expenses: ['clerk'] } },
      /access\.start: "reopen_expenses" is not a manually started process.*Did you mean "reopen_expense"/,
    ],
    [{ start: { expense_approval: ['clerk'] } }, /"expense_approval" is not a manually started process/],
    [
      { signals: { chargeback_received: ['finance'] } },
      /access\.signals: "chargeback_received" is not a signal a process of this app waits for/,
    ],
  ])('%j fails synth', (access, message) => {
    expect(() => synth({ access })).toThrow(message);
  });
});
