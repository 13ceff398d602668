/**
 * The local runtime runs the handler Lambdas as AWS does: for a table of events (good ones, bad
 * ones, and the two that once parsed differently — a malformed Status Change event and an empty
 * `task_id`), each in-process function of `local/functions/handlers.ts` answers exactly what the
 * deployed entry point (`lambdas/<name>/handler.ts` → `handler`) answers, wired from the same
 * environment against the same dynalite.
 */
import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as entityStore } from '../../../lambdas/entity-store/handler.ts';
import { handler as runRecord } from '../../../lambdas/run-record/handler.ts';
import { handler as catchUp } from '../../../lambdas/schedule-catch-up/handler.ts';
import { silentLog } from '../../../lambdas/shared/logger.ts';
import { handler as signalDeliver } from '../../../lambdas/signal-deliver/handler.ts';
import { handler as signalRegister } from '../../../lambdas/signal-register/handler.ts';
import { handler as start } from '../../../lambdas/start/handler.ts';
import { handler as taskApi } from '../../../lambdas/task-api/handler.ts';
import { handler as taskEscalate } from '../../../lambdas/task-escalate/handler.ts';
import { handler as taskRegister } from '../../../lambdas/task-register/handler.ts';
import { apiHandlers, handlerFunctions } from '../../../local/functions/handlers.ts';
import { type LocalDynamo, startDynamo } from '../../lambdas/helpers/dynalite.ts';
import { request } from '../../lambdas/helpers/http.ts';

const SM = 'arn:aws:states:us-east-1:123456789012:stateMachine:order_flow';
const sfn = mockClient(SFNClient);
let db: LocalDynamo;

beforeAll(async () => {
  db = await startDynamo();
  const endpoint = await db.client.config.endpoint?.();
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: `${endpoint?.protocol}//${endpoint?.hostname}:${endpoint?.port}`,
    DAZZLE_STATE_TABLE: db.stateTable,
    DAZZLE_ENTITY_TABLE: db.entityTable,
    DAZZLE_EVENT_BUS: 'app-bus',
    DAZZLE_DEV_AUTH: '1',
    DAZZLE_PROCESSES: JSON.stringify({ order_flow: { stateMachineArn: SM, inputs: [] } }),
    DAZZLE_INTENTS: JSON.stringify({ classify: { model_id: 'm', prompt: 'Classify {{text}}' } }),
    DAZZLE_SCHEDULES: JSON.stringify({}),
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  sfn.on(SendTaskSuccessCommand).resolves({});
});

afterAll(async () => {
  sfn.restore();
  await db.close();
});

// biome-ignore lint/suspicious/noExplicitAny: entry points take their own event types.
type Fn = (event: any) => Promise<unknown>;

/**
 * What a call gives: its value, or the name and message of what it threw. An EventBridge event
 * gets an id of its own per side, so the second delivery is not a duplicate of the first.
 */
async function outcome(fn: Fn, event: unknown, side: string): Promise<unknown> {
  const copy = structuredClone(event) as Record<string, unknown>;
  if (typeof copy.id === 'string') copy.id = `${copy.id}-${side}`;
  try {
    return { value: await fn(copy) };
  } catch (error) {
    const e = error as Error;
    return { threw: e.name, message: e.message };
  }
}

const execution = {
  id: `${SM.replace(':stateMachine:', ':execution:')}:run-1`,
  name: 'run-1',
  start_time: '2026-11-25T10:00:00.000Z',
};
const statusChange = (detail: Record<string, unknown>) => ({
  'detail-type': 'Step Functions Execution Status Change',
  source: 'aws.states',
  detail: { executionArn: execution.id, stateMachineArn: SM, name: 'run-1', startDate: 0, ...detail },
});
const dev = { 'X-Dev-User': 'alice', 'X-Dev-Roles': 'clerk' };

const CASES: { name: string; lambda: Fn; local: string; event: unknown }[] = [
  {
    name: 'run-record: a Status Change event without executionArn',
    lambda: runRecord,
    local: 'runRecord',
    event: statusChange({ executionArn: undefined, status: 'SUCCEEDED' }),
  },
  {
    name: 'run-record: a Status Change event with an unknown status',
    lambda: runRecord,
    local: 'runRecord',
    event: statusChange({ status: 'DONE' }),
  },
  {
    name: 'run-record: a valid Status Change event',
    lambda: runRecord,
    local: 'runRecord',
    event: statusChange({ status: 'RUNNING', stopDate: null, error: null, cause: null }),
  },
  {
    name: 'run-record: a step report without execution',
    lambda: runRecord,
    local: 'runRecord',
    event: { op: 'step', process: 'p', step: 's' },
  },
  {
    name: 'task-escalate: an empty task_id',
    lambda: taskEscalate,
    local: 'taskEscalate',
    event: { task_id: '' },
  },
  { name: 'task-escalate: no task_id', lambda: taskEscalate, local: 'taskEscalate', event: {} },
  {
    name: 'task-escalate: a numeric task_id',
    lambda: taskEscalate,
    local: 'taskEscalate',
    event: { task_id: 7 },
  },
  {
    name: 'task-escalate: an unknown task',
    lambda: taskEscalate,
    local: 'taskEscalate',
    event: { task_id: 'nope' },
  },
  { name: 'task-register: no token', lambda: taskRegister, local: 'taskRegister', event: { process: 'p' } },
  {
    name: 'signal-register: no signal',
    lambda: signalRegister,
    local: 'signalRegister',
    event: { token: 't', execution },
  },
  { name: 'entity-store: an unknown op', lambda: entityStore, local: 'entityStore', event: { op: 'drop' } },
  {
    name: 'signal-deliver: a Signal event nobody waits for',
    lambda: signalDeliver,
    local: 'signalDeliver',
    event: { id: 'ev-1', 'detail-type': 'Signal', source: 'x', detail: { name: 'paid', payload: {} } },
  },
  {
    name: 'signal-deliver: a Signal event without a name',
    lambda: signalDeliver,
    local: 'signalDeliver',
    event: { id: 'ev-2', 'detail-type': 'Signal', source: 'x', detail: { payload: {} } },
  },
  {
    name: 'signal-deliver: another detail-type',
    lambda: signalDeliver,
    local: 'signalDeliver',
    event: { id: 'ev-3', 'detail-type': 'EntityCreated', source: 'x', detail: {} },
  },
  {
    name: 'schedule-catch-up: no schedules',
    lambda: catchUp,
    local: 'scheduleCatchUp',
    event: { schedules: ['nope'] },
  },
];

const HTTP_CASES: {
  name: string;
  lambda: Fn;
  local: 'start' | 'tasks' | 'signals' | 'runs';
  event: APIGatewayProxyEventV2;
}[] = [
  {
    name: 'GET /tasks/{id} with a malformed escape',
    lambda: taskApi,
    local: 'tasks',
    event: request('GET', '/tasks/%E0%A4%A', { headers: dev }),
  },
  { name: 'GET /tasks without a caller', lambda: taskApi, local: 'tasks', event: request('GET', '/tasks') },
  {
    name: 'GET /tasks for a caller',
    lambda: taskApi,
    local: 'tasks',
    event: request('GET', '/tasks', { headers: dev }),
  },
  {
    name: 'GET /executions/{id} unknown',
    lambda: runRecord,
    local: 'runs',
    event: request('GET', '/executions/nope', { headers: dev }),
  },
  {
    name: 'POST /processes/{name}/executions unknown process',
    lambda: start,
    local: 'start',
    event: request('POST', '/processes/nope/executions', { body: { input: {} }, headers: dev }),
  },
  {
    name: 'POST /signals/{name} without a role the stage allows',
    lambda: signalDeliver,
    local: 'signals',
    event: request('POST', '/signals/paid', { body: {}, headers: dev }),
  },
];

describe('the local runtime runs each handler as its Lambda entry point does', () => {
  const local = () =>
    handlerFunctions({ env: process.env, clock: { now: () => new Date() }, log: silentLog });

  it.each(CASES)('$name', async ({ lambda, local: name, event }) => {
    const fn = (local() as Record<string, Fn>)[name];
    expect(await outcome(fn, event, 'local')).toEqual(await outcome(lambda, event, 'lambda'));
  });

  it.each(HTTP_CASES)('$name', async ({ lambda, local: name, event }) => {
    const api = apiHandlers({ env: process.env, clock: { now: () => new Date() }, log: silentLog });
    expect(await outcome(api[name] as Fn, event, 'local')).toEqual(await outcome(lambda, event, 'lambda'));
  });
});
