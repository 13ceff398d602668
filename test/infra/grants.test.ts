/**
 * DazzleProcesses' grant methods, CDK style (`IGrantable` in, `iam.Grant` out): what a user's own
 * role gets from each, checked on the synthesized template (with cdk-nag on).
 */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { DazzleProcesses } from '../../infra/dazzle-processes.ts';
import { generatedProps, testApp } from './fixtures.ts';

type Statement = { Action: string | string[]; Resource: unknown };

const grants: Record<string, iam.Grant> = {};
let policies: Record<string, Statement[]>;
let processes: DazzleProcesses;

beforeAll(() => {
  const app = testApp();
  const stack = new Stack(app, 'Grants');
  processes = new DazzleProcesses(stack, 'Processes', generatedProps(stack, 3));
  const role = (id: string) =>
    new iam.Role(stack, id, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  grants.start = processes.grantStartExecution(role('Starter'), 'p1');
  grants.startAll = processes.grantStartExecution(role('StartsAll'));
  grants.tasks = processes.grantTaskResponse(role('Answerer'), 'p0');
  grants.read = processes.grantRead(role('Reader'), 'p2');
  grants.events = processes.grantPutEvents(role('Publisher'));
  const template = Template.fromJSON(app.synth().getStackByName('Grants').template);
  policies = {};
  for (const [, policy] of Object.entries(template.findResources('AWS::IAM::Policy'))) {
    const roles = (policy.Properties.Roles as { Ref: string }[]).map((r) => r.Ref);
    for (const r of roles)
      policies[r.replace(/[0-9A-F]{8}$/, '')] = policy.Properties.PolicyDocument.Statement;
  }
});

/** `[actions, resources]` per statement of a role's policy, references shown as `<ref>`. */
function statements(role: string): [string[], string[]][] {
  const show = (r: unknown): string => {
    if (typeof r === 'string') return r;
    const join = (r as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
    return join ? join[1].map((p) => (typeof p === 'string' ? p : '<ref>')).join(join[0]) : '<ref>';
  };
  return (policies[role] ?? []).map((s) => [[s.Action].flat().sort(), [s.Resource].flat().map(show).sort()]);
}

describe('DazzleProcesses grants', () => {
  it('grantStartExecution: the named workflows, or every workflow of the app', () => {
    expect(grants.start.success).toBe(true);
    expect(statements('Starter')).toEqual([
      [['states:StartExecution'], ['arn:<ref>:states:<ref>:<ref>:stateMachine:dazzle-gen-dev-process-p1']],
    ]);
    expect(statements('StartsAll')).toEqual([
      [
        ['states:StartExecution'],
        ['p0', 'p1', 'p2'].map(
          (p) => `arn:<ref>:states:<ref>:<ref>:stateMachine:dazzle-gen-dev-process-${p}`,
        ),
      ],
    ]);
  });

  it('grantTaskResponse: success, failure and heartbeat on the machine', () => {
    expect(statements('Answerer')).toEqual([
      [
        ['states:SendTaskFailure', 'states:SendTaskHeartbeat', 'states:SendTaskSuccess'],
        ['arn:<ref>:states:<ref>:<ref>:stateMachine:dazzle-gen-dev-process-p0'],
      ],
    ]);
  });

  it('grantRead: list on the machine, describe and history on its executions', () => {
    expect(grants.read.success).toBe(true);
    expect(statements('Reader')).toEqual([
      [['states:ListExecutions'], ['arn:<ref>:states:<ref>:<ref>:stateMachine:dazzle-gen-dev-process-p2']],
      [
        ['states:DescribeExecution', 'states:GetExecutionHistory'],
        ['arn:<ref>:states:<ref>:<ref>:execution:dazzle-gen-dev-process-p2:*'],
      ],
    ]);
  });

  it('grantPutEvents: PutEvents on the app bus', () => {
    expect(statements('Publisher')).toEqual([[['events:PutEvents'], ['<ref>']]]);
  });

  it('rejects a workflow the app does not have, naming the ones it has', () => {
    const role = new iam.Role(new Stack(), 'R', { assumedBy: new iam.AccountRootPrincipal() });
    expect(() => processes.grantStartExecution(role, 'nope')).toThrow(
      "no process or schedule named 'nope' (known: p0, p1, p2)",
    );
  });
});
