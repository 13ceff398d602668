/** The local AWS endpoint, driven by the real SDK v3 clients the handler Lambdas use. */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  CreateScheduleCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import {
  DescribeExecutionCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AslEngine, VirtualClock } from '../../../local/asl/index.ts';
import { LocalAwsEndpoint } from '../../../local/aws/endpoint.ts';
import { type BusEvent, LocalEventBus } from '../../../local/bus/bus.ts';
import { OneTimeSchedules } from '../../../local/schedule/one-time.ts';

const clock = new VirtualClock({ autoAdvance: false, start: Date.parse('2026-03-01T10:00:00Z') });
const tokens: string[] = [];
const fired: unknown[] = [];
const engine = new AslEngine({
  clock,
  integrations: {
    invokeLambda: async (_fn, payload) => {
      tokens.push((payload as { token: string }).token);
      return { Payload: {}, StatusCode: 200 };
    },
  },
});
const bus = new LocalEventBus(clock);
const schedules = new OneTimeSchedules(clock, async (arn, payload) => {
  fired.push({ arn, payload });
});
const endpoint = new LocalAwsEndpoint({ engine, putEvents: (e) => bus.putEvents(e), scheduler: schedules });
const config = () => ({
  endpoint: endpoint.url,
  region: 'us-east-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  maxAttempts: 1,
});
let sfn: SFNClient;

const callback = {
  QueryLanguage: 'JSONata',
  StartAt: 'Wait',
  States: {
    Wait: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Arguments: { FunctionName: 'cb', Payload: { token: '{% $states.context.Task.Token %}' } },
      TimeoutSeconds: 60,
      End: true,
    },
  },
};
const arn = engine.registerStateMachine('callback', callback).stateMachineArn;

async function startAndGetToken(name: string): Promise<{ executionArn: string; token: string }> {
  const before = tokens.length;
  const out = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name, input: '{"a":1}' }));
  for (let i = 0; i < 100 && tokens.length === before; i++) await new Promise((r) => setTimeout(r, 5));
  return { executionArn: out.executionArn ?? '', token: tokens[tokens.length - 1] };
}

async function errorOf(p: Promise<unknown>): Promise<{ name: string; status?: number }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  await endpoint.start();
  sfn = new SFNClient(config());
});
afterAll(async () => {
  sfn.destroy();
  await endpoint.close();
});

describe('Step Functions (awsJson1_0)', () => {
  it('starts, describes and completes an execution through SendTaskSuccess', async () => {
    const { executionArn, token } = await startAndGetToken('ok-1');
    expect(executionArn).toBe('arn:aws:states:us-east-1:123456789012:execution:callback:ok-1');
    const running = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(running.status).toBe('RUNNING');
    expect(running.startDate?.toISOString()).toBe('2026-03-01T10:00:00.000Z');
    expect(JSON.parse(running.input ?? '')).toEqual({ a: 1 });
    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"done":true}' }));
    const done = await engine.awaitExecution(executionArn);
    expect(done.status).toBe('SUCCEEDED');
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(JSON.parse(described.output ?? '')).toEqual({ done: true });
  });

  it('fails the task with SendTaskFailure, keeping the error name', async () => {
    const { executionArn, token } = await startAndGetToken('fail-1');
    await sfn.send(new SendTaskFailureCommand({ taskToken: token, error: 'Review.Rejected', cause: 'no' }));
    const done = await engine.awaitExecution(executionArn);
    expect([done.status, done.error, done.cause]).toEqual(['FAILED', 'Review.Rejected', 'no']);
  });

  it.each([
    ['error', { error: 'e'.repeat(257), cause: 'no' }],
    ['cause', { error: 'Review.Rejected', cause: 'c'.repeat(32_769) }],
  ])(
    'answers ValidationException for a SendTaskFailure %s over its length limit; the task still waits',
    async (_, sent) => {
      // SendTaskFailure: error 0-256, cause 0-32768 characters
      // (https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskFailure.html)
      const { executionArn, token } = await startAndGetToken(`fail-long-${sent.error.length}`);
      expect(await errorOf(sfn.send(new SendTaskFailureCommand({ taskToken: token, ...sent })))).toEqual({
        name: 'ValidationException',
        status: 400,
      });
      const atLimits = { error: 'e'.repeat(256), cause: 'c'.repeat(32_768) };
      await sfn.send(new SendTaskFailureCommand({ taskToken: token, ...atLimits }));
      const done = await engine.awaitExecution(executionArn);
      expect([done.status, done.error, done.cause]).toEqual(['FAILED', atLimits.error, atLimits.cause]);
    },
  );

  it('answers InvalidToken for an unknown token and TaskTimedOut for one whose task ended', async () => {
    expect(await errorOf(sfn.send(new SendTaskSuccessCommand({ taskToken: 'nope', output: '{}' })))).toEqual({
      name: 'InvalidToken',
      status: 400,
    });
    const { executionArn, token } = await startAndGetToken('timeout-1');
    await clock.advance(61_000);
    expect((await engine.awaitExecution(executionArn)).error).toBe('States.Timeout');
    expect(
      (await errorOf(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })))).name,
    ).toBe('TaskTimedOut');
  });

  it('is idempotent for a repeated start and answers ExecutionAlreadyExists for another input', async () => {
    const first = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, name: 'dup', input: '{}' }),
    );
    const again = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, name: 'dup', input: '{}' }),
    );
    expect(again.executionArn).toBe(first.executionArn);
    const other = sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, name: 'dup', input: '{"b":2}' }),
    );
    expect((await errorOf(other)).name).toBe('ExecutionAlreadyExists');
    await sfn.send(new StopExecutionCommand({ executionArn: first.executionArn, error: 'Test.Stop' }));
    expect((await engine.awaitExecution(first.executionArn ?? '')).status).toBe('ABORTED');
  });

  it('answers StateMachineDoesNotExist and ExecutionDoesNotExist', async () => {
    const missing = sfn.send(
      new StartExecutionCommand({
        stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:nope',
      }),
    );
    expect(await errorOf(missing)).toEqual({ name: 'StateMachineDoesNotExist', status: 400 });
    const execution = sfn.send(
      new DescribeExecutionCommand({ executionArn: `${arn.replace('stateMachine', 'execution')}:x` }),
    );
    expect((await errorOf(execution)).name).toBe('ExecutionDoesNotExist');
  });
});

describe('EventBridge (awsJson1_1)', () => {
  it('puts events on the bus with their source, detail-type and detail', async () => {
    const seen: BusEvent[] = [];
    const off = bus.subscribe((e) => seen.push(e));
    const client = new EventBridgeClient(config());
    const out = await client.send(
      new PutEventsCommand({
        Entries: [
          {
            Source: 'dazzle.app',
            DetailType: 'OrderShipped',
            Detail: '{"order_id":"o1"}',
            EventBusName: 'b',
          },
          { Source: 'dazzle.app', DetailType: 'Broken', Detail: 'not json' },
        ],
      }),
    );
    off();
    client.destroy();
    expect(out.FailedEntryCount).toBe(1);
    expect(out.Entries?.[0].EventId).toBe(seen[0].id);
    expect(out.Entries?.[1].ErrorCode).toBe('MalformedDetail');
    expect(seen.map((e) => [e.source, e['detail-type'], e.detail])).toEqual([
      ['dazzle.app', 'OrderShipped', { order_id: 'o1' }],
    ]);
  });
});

describe('Scheduler (restJson1)', () => {
  it('creates a one-time schedule that fires on the clock, and rejects a duplicate with ConflictException', async () => {
    const client = new SchedulerClient(config());
    const create = () =>
      client.send(
        new CreateScheduleCommand({
          Name: 'task-escalate-t1',
          GroupName: 'default',
          ScheduleExpression: 'at(2026-03-01T11:00:00)',
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          Target: {
            Arn: 'arn:aws:lambda:us-east-1:123456789012:function:esc',
            RoleArn: 'r',
            Input: '{"task_id":"t1"}',
          },
        }),
      );
    const out = await create();
    expect(out.ScheduleArn).toBe(
      'arn:aws:scheduler:us-east-1:123456789012:schedule/default/task-escalate-t1',
    );
    expect(await errorOf(create())).toEqual({ name: 'ConflictException', status: 409 });
    const got = await client.send(new GetScheduleCommand({ Name: 'task-escalate-t1', GroupName: 'default' }));
    expect(got.ScheduleExpression).toBe('at(2026-03-01T11:00:00)');
    await clock.advance(3_600_000);
    await new Promise((r) => setTimeout(r, 10));
    expect(fired).toEqual([
      { arn: 'arn:aws:lambda:us-east-1:123456789012:function:esc', payload: { task_id: 't1' } },
    ]);
    const gone = client.send(new DeleteScheduleCommand({ Name: 'task-escalate-t1', GroupName: 'default' }));
    expect(await errorOf(gone)).toEqual({ name: 'ResourceNotFoundException', status: 404 });
    client.destroy();
  });
});
