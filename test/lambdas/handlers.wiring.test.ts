/**
 * The deployed entry points, wired from environment variables the way the Lambda runtime and the
 * local dev server run them: DynamoDB is dynalite (via AWS_ENDPOINT_URL_DYNAMODB), the other AWS
 * services are aws-sdk-client-mock.
 */
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as entityStore } from '../../lambdas/entity-store/handler.ts';
import { handler as llmIntent } from '../../lambdas/llm-intent/handler.ts';
import { handler as runRecord } from '../../lambdas/run-record/handler.ts';
import { handler as catchUp } from '../../lambdas/schedule-catch-up/handler.ts';
import { handler as signalDeliver } from '../../lambdas/signal-deliver/handler.ts';
import { handler as signalRegister } from '../../lambdas/signal-register/handler.ts';
import { handler as start } from '../../lambdas/start/handler.ts';
import { handler as taskApi } from '../../lambdas/task-api/handler.ts';
import { handler as taskEscalate } from '../../lambdas/task-escalate/handler.ts';
import { handler as taskRegister } from '../../lambdas/task-register/handler.ts';
import { type LocalDynamo, startDynamo } from './helpers/dynalite.ts';
import { parse, request } from './helpers/http.ts';
import { taskEvent } from './tasks/fixtures.ts';

const SM = 'arn:aws:states:us-east-1:123456789012:stateMachine:order_flow';
const sfn = mockClient(SFNClient);
const events = mockClient(EventBridgeClient);
const bedrock = mockClient(BedrockRuntimeClient);
let db: LocalDynamo;

beforeAll(async () => {
  db = await startDynamo();
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: String(
      await db.client.config.endpoint?.().then((e) => `${e.protocol}//${e.hostname}:${e.port}`),
    ),
    DAZZLE_STATE_TABLE: db.stateTable,
    DAZZLE_ENTITY_TABLE: db.entityTable,
    DAZZLE_EVENT_BUS: 'app-bus',
    DAZZLE_DEV_AUTH: '1',
    DAZZLE_ACCESS: JSON.stringify({ signals: { paid: ['manager'] } }),
    DAZZLE_PROCESSES: JSON.stringify({
      order_flow: { stateMachineArn: SM, inputs: [{ name: 'qty', type: 'int', required: true }] },
    }),
    DAZZLE_INTENTS: JSON.stringify({
      classify: { model_id: 'm', prompt: 'Classify {{text}}', output: 'json' },
    }),
    DAZZLE_SCHEDULES: JSON.stringify({
      nightly: { stateMachineArn: SM, cron: '0 2 * * ? *', catch_up: true },
    }),
  });
  sfn.on(SendTaskSuccessCommand).resolves({});
  sfn.on(StartExecutionCommand).callsFake((input: { name: string }) => ({
    executionArn: `${SM.replace(':stateMachine:', ':execution:')}:${input.name}`,
    startDate: new Date('2026-11-25T10:00:00Z'),
  }));
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e' }] });
  bedrock.on(ConverseCommand).resolves({
    output: { message: { role: 'assistant', content: [{ text: '{"label":"spam"}' }] } },
    stopReason: 'end_turn',
  } as never);
});

afterAll(async () => {
  for (const m of [sfn, events, bedrock]) m.restore();
  await db.close();
});

const dev = { 'X-Dev-User': 'alice', 'X-Dev-Roles': 'manager' };

describe('handlers wired from the environment', () => {
  it('human task: register → list → complete → escalate is a no-op', async () => {
    const { task_id } = await taskRegister(taskEvent({ escalation_seconds: undefined }, 'wired-token'));
    const list = await taskApi(request('GET', '/tasks', { query: { status: 'open' }, headers: dev }));
    expect(parse(list).tasks.map((t: { id: string }) => t.id)).toContain(task_id);
    const done = await taskApi(
      request('POST', `/tasks/${task_id}/complete`, {
        body: { outcome: 'approve', data: { approved: true } },
        headers: dev,
      }),
    );
    expect(done.statusCode).toBe(200);
    expect(sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, { taskToken: 'wired-token' });
    expect(await taskEscalate({ task_id })).toEqual({ escalated: false, reason: 'not_open' });
    await expect(taskEscalate({})).rejects.toThrow(/task_id/);
  });

  it('task-escalate puts TaskEscalated on the bus', async () => {
    const { task_id } = await taskRegister(taskEvent({ escalation_seconds: undefined }, 'esc-token'));
    expect(await taskEscalate({ task_id })).toEqual({ escalated: true });
    expect(events).toHaveReceivedCommandWith(PutEventsCommand, {
      Entries: [expect.objectContaining({ DetailType: 'TaskEscalated', EventBusName: 'app-bus' })],
    });
  });

  it('signal: register → EventBridge delivery twice → resumed once; HTTP delivery → 202', async () => {
    const execution = { id: 'arn:e', name: 'e', start_time: '2026-11-25T10:00:00.000Z' };
    await signalRegister({
      token: 'sig-token',
      process: 'p',
      step: 'w',
      execution,
      signal: 'paid',
      correlation_id: 'o1',
      timeout_seconds: 60,
    });
    const event = {
      id: 'ev-9',
      'detail-type': 'Signal',
      source: 'app',
      detail: { name: 'paid', correlation_id: 'o1', payload: {} },
    };
    expect(await signalDeliver(event as never)).toEqual({ delivered: 1 });
    expect(await signalDeliver(event as never)).toEqual({ delivered: 1, duplicate: true });
    const res = await signalDeliver(
      request('POST', '/signals/paid', { body: { correlation_id: 'o1', payload: {} }, headers: dev }),
    );
    expect(res).toMatchObject({ statusCode: 202 });
  });

  it('start → run record → status change event', async () => {
    const res = await start(
      request('POST', '/processes/order_flow/executions', {
        body: { input: { qty: 2 } },
        headers: { ...dev, 'Idempotency-Key': 'k' },
      }),
    );
    expect(res.statusCode).toBe(202);
    const { executionId, name } = parse(res);
    expect(
      (
        await start(
          request('POST', '/processes/order_flow/executions', {
            body: { input: { qty: 'x' } },
            headers: dev,
          }),
        )
      ).statusCode,
    ).toBe(400);
    const got = await runRecord(
      request('GET', `/executions/${encodeURIComponent(executionId)}`, { headers: dev }) as never,
    );
    expect(parse(got as { body: string }).execution).toMatchObject({
      id: executionId,
      name,
      status: 'RUNNING',
      process: 'order_flow',
    });
    await runRecord({
      'detail-type': 'Step Functions Execution Status Change',
      detail: {
        executionArn: executionId,
        stateMachineArn: SM,
        name,
        status: 'SUCCEEDED',
        startDate: 0,
        stopDate: 1000,
        error: null,
        cause: null,
      },
    });
    const after = await runRecord(request('GET', `/executions/${name}`, { headers: dev }) as never);
    expect(parse(after as { body: string }).execution.status).toBe('SUCCEEDED');
  });

  it('entity store, llm intent and catch-up', async () => {
    const execution = { id: 'arn:e', name: 'e', start_time: '2026-11-25T10:00:00.000Z' };
    const created = await entityStore({
      op: 'effects',
      process: 'p',
      step: 's',
      execution,
      effects: [{ action: 'create', entity: 'Note', values: { text: 'hi' } }],
    });
    expect(created).toMatchObject({ created: [{ entity: 'Note', id: expect.any(String) }] });
    expect(
      await entityStore({
        op: 'query',
        process: 'p',
        step: 's',
        entity: 'Note',
        filter: [{ field: 'text', op: 'eq', value: 'hi' }],
        limit: 10,
      }),
    ).toMatchObject({ count: 1 });
    await expect(entityStore({ op: 'drop' })).rejects.toMatchObject({ name: 'Dazzle.InvalidEvent' });
    expect(
      await llmIntent({ process: 'p', step: 's', execution, intent: 'classify', input: { text: 'buy now' } }),
    ).toEqual({ label: 'spam' });
    expect(await catchUp({})).toEqual({
      schedules: [expect.objectContaining({ schedule: 'nightly', first_run: true })],
    });
  });
});
