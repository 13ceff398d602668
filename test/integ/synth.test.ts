/**
 * The AWS integration test (integ.dazzle.ts) synthesizes offline, so it stays deployable between the
 * runs someone with credentials makes (`npm run test:aws`): the stage with its Cognito pool, and
 * the assertions stack holding every call the test makes through the real API and bus.
 */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { testApp } from '../infra/fixtures.ts';
import { integApp } from './integ.dazzle.ts';

describe('the AWS integration test app', () => {
  const { stage, integ } = integApp(testApp({ nag: false, cfnValidation: true }));
  const deployed = Template.fromStack(stage);
  const assertions = Template.fromStack(
    integ.node.findAll().find((c): c is Stack => Stack.isStack(c) && c !== stage) as Stack,
  );

  it('deploys a stage with a Cognito pool, a reviewer group and the processes of test/integ/dsl', () => {
    deployed.resourceCountIs('AWS::Cognito::UserPool', 1);
    deployed.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'reviewer' });
    const machines = Object.values(deployed.findResources('AWS::StepFunctions::StateMachine'));
    // integ_review, integ_signal, integ_tick and the trigger router.
    expect(machines).toHaveLength(4);
    deployed.resourceCountIs('AWS::Scheduler::Schedule', 1);
  });

  it('asserts through the API (start, task list, completion) and the bus (entity event, signal)', () => {
    const calls = JSON.stringify(assertions.toJSON());
    for (const call of [
      'processes/integ_review/executions',
      'tasks?status=open',
      '/complete',
      'adminInitiateAuth',
      'putEvents',
      'EntityCreated',
      'integ_go',
      'Signal',
      'describeExecution',
      'listExecutions',
    ]) {
      expect(calls.includes(call), call).toBe(true);
    }
  });
});
