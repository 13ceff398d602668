import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import {
  DescribeExecutionCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { BedrockLlm } from '../../../lambdas/shared/adapters/bedrock.ts';
import { EventBridgeBus } from '../../../lambdas/shared/adapters/eventbridge.ts';
import { SchedulerEscalations } from '../../../lambdas/shared/adapters/scheduler.ts';
import { SfnCallbacks, SfnExecutions } from '../../../lambdas/shared/adapters/sfn.ts';

const sfn = mockClient(SFNClient);
const events = mockClient(EventBridgeClient);
const scheduler = mockClient(SchedulerClient);
const bedrock = mockClient(BedrockRuntimeClient);
const awsError = (name: string) => Object.assign(new Error(name), { name });
const region = { region: 'eu-west-1' };

beforeEach(() => {
  sfn.reset();
  events.reset();
  scheduler.reset();
  bedrock.reset();
});
afterAll(() => {
  for (const m of [sfn, events, scheduler, bedrock]) m.restore();
});

describe('SfnCallbacks', () => {
  it('sends the output as JSON', async () => {
    sfn.on(SendTaskSuccessCommand).resolves({});
    expect(await new SfnCallbacks(new SFNClient(region)).sendSuccess('tok', { outcome: 'ok' })).toBe('sent');
    expect(sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, {
      taskToken: 'tok',
      output: '{"outcome":"ok"}',
    });
  });

  it.each(['TaskTimedOut', 'InvalidToken', 'TaskDoesNotExist'])('%s means gone', async (name) => {
    sfn.on(SendTaskSuccessCommand).rejects(awsError(name));
    expect(await new SfnCallbacks(new SFNClient(region)).sendSuccess('tok', {})).toBe('gone');
  });

  it('other errors propagate', async () => {
    sfn.on(SendTaskSuccessCommand).rejects(awsError('ThrottlingException'));
    await expect(new SfnCallbacks(new SFNClient(region)).sendSuccess('tok', {})).rejects.toThrow(
      'ThrottlingException',
    );
  });
});

describe('SfnExecutions', () => {
  it('starts, and reports ExecutionAlreadyExists as not started', async () => {
    const startDate = new Date('2026-11-25T10:00:00Z');
    sfn
      .on(StartExecutionCommand)
      .resolvesOnce({ executionArn: 'arn:e', startDate })
      .rejects(awsError('ExecutionAlreadyExists'));
    const ex = new SfnExecutions(new SFNClient(region));
    expect(await ex.start('arn:sm', 'n', '{}')).toEqual({
      started: true,
      executionArn: 'arn:e',
      startDate: startDate.toISOString(),
    });
    expect(await ex.start('arn:sm', 'n', '{}')).toEqual({ started: false });
    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, {
      stateMachineArn: 'arn:sm',
      name: 'n',
      input: '{}',
    });
  });

  it('describes, and maps ExecutionDoesNotExist to undefined', async () => {
    sfn
      .on(DescribeExecutionCommand)
      .resolvesOnce({
        executionArn: 'arn:e',
        stateMachineArn: 'arn:sm',
        name: 'n',
        status: 'FAILED',
        startDate: new Date(0),
        stopDate: new Date(1000),
        error: 'E',
        cause: 'C',
      })
      .rejects(awsError('ExecutionDoesNotExist'));
    const ex = new SfnExecutions(new SFNClient(region));
    expect(await ex.describe('arn:e')).toMatchObject({
      status: 'FAILED',
      stopDate: '1970-01-01T00:00:01.000Z',
      error: 'E',
      cause: 'C',
    });
    expect(await ex.describe('arn:e')).toBeUndefined();
  });
});

describe('EventBridgeBus', () => {
  it('puts one entry on the bus and fails on rejected entries', async () => {
    events
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 0, Entries: [{ EventId: '1' }] })
      .resolves({
        FailedEntryCount: 1,
        Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'x' }],
      });
    const bus = new EventBridgeBus('app-bus', 'dazzle.app', new EventBridgeClient(region));
    await bus.put('TaskEscalated', { task_id: 't' });
    expect(events).toHaveReceivedCommandWith(PutEventsCommand, {
      Entries: [
        {
          EventBusName: 'app-bus',
          Source: 'dazzle.app',
          DetailType: 'TaskEscalated',
          Detail: '{"task_id":"t"}',
        },
      ],
    });
    await expect(bus.put('TaskEscalated', {})).rejects.toMatchObject({ code: 'Upstream' });
  });
});

describe('SchedulerEscalations', () => {
  it('creates a one-time schedule that deletes itself; a retry finds it (ConflictException)', async () => {
    scheduler
      .on(CreateScheduleCommand)
      .resolvesOnce({ ScheduleArn: 'arn:s' })
      .rejects(awsError('ConflictException'));
    const esc = new SchedulerEscalations(
      { lambdaArn: 'arn:fn', roleArn: 'arn:role', group: 'dazzle' },
      new SchedulerClient(region),
    );
    await esc.schedule('t-1', new Date('2026-11-25T11:00:00.500Z'));
    await esc.schedule('t-1', new Date('2026-11-25T11:00:00.500Z'));
    expect(scheduler).toHaveReceivedCommandWith(CreateScheduleCommand, {
      Name: 'task-escalate-t-1',
      GroupName: 'dazzle',
      ScheduleExpression: 'at(2026-11-25T11:00:00)',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: { Arn: 'arn:fn', RoleArn: 'arn:role', Input: '{"task_id":"t-1"}' },
    });
  });

  it('other errors propagate', async () => {
    scheduler.on(CreateScheduleCommand).rejects(awsError('ValidationException'));
    const esc = new SchedulerEscalations(
      { lambdaArn: 'a', roleArn: 'r', group: 'g' },
      new SchedulerClient(region),
    );
    await expect(esc.schedule('t', new Date())).rejects.toThrow('ValidationException');
  });
});

describe('BedrockLlm', () => {
  it('calls Converse with the prompt and joins the text blocks', async () => {
    bedrock.on(ConverseCommand).resolves({
      output: { message: { role: 'assistant', content: [{ text: '{"a":' }, { text: '1}' }] } },
      stopReason: 'end_turn',
      usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5 },
      metrics: { latencyMs: 1 },
    });
    const answer = await new BedrockLlm(new BedrockRuntimeClient(region)).converse({
      modelId: 'm',
      system: 'sys',
      prompt: 'p',
      maxTokens: 10,
    });
    expect(answer).toEqual({
      text: '{"a":1}',
      stopReason: 'end_turn',
      usage: { input_tokens: 3, output_tokens: 2 },
    });
    expect(bedrock).toHaveReceivedCommandWith(ConverseCommand, {
      modelId: 'm',
      messages: [{ role: 'user', content: [{ text: 'p' }] }],
      system: [{ text: 'sys' }],
      inferenceConfig: { maxTokens: 10 },
    });
  });
});
