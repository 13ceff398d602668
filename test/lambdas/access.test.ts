/**
 * Adversarial callers against the deployed entry points (`handler` of each Lambda, wired from the
 * environment as in AWS): DynamoDB is dynalite, Step Functions is aws-sdk-client-mock. Each test
 * plays a caller who should be refused (DESIGN.md §6 "Access") or a request that must be a 4xx,
 * never a 5xx.
 */
import { createHash } from 'node:crypto';
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type LocalDynamo, startDynamo } from './helpers/dynalite.ts';
import { coldStart, type Entries, setEnv } from './helpers/entries.ts';
import { parse, request } from './helpers/http.ts';
import { taskEvent } from './tasks/fixtures.ts';

const SM = 'arn:aws:states:us-east-1:123456789012:stateMachine:pay_flow';
const execArn = (name: string) => `${SM.replace(':stateMachine:', ':execution:')}:${name}`;
const ACCESS = {
  adminRole: 'auditor',
  start: { pay_flow: ['clerk'] },
  signals: { payment_received: ['payments'] },
};

const sfn = mockClient(SFNClient);
const executions = new Map<string, { name: string; input: string }>();
let db: LocalDynamo;
let baseEnv: Record<string, string>;

/** The entry points of a stage with `access` (no dev auth, outside Lambda unless `extra` says so). */
const coldStartWith = (access: object | undefined, extra: Record<string, string | undefined> = {}) =>
  coldStart({
    ...baseEnv,
    DAZZLE_ACCESS: access === undefined ? undefined : JSON.stringify(access),
    AWS_LAMBDA_FUNCTION_NAME: undefined,
    DAZZLE_DEV_AUTH: undefined,
    ...extra,
  });

const user = (sub: string, ...groups: string[]) => ({ sub, 'cognito:groups': groups });
const ALICE = user('alice', 'clerk');
const BOB = user('bob', 'clerk');
const MALLORY = user('mallory');
const FINANCE = user('fiona', 'finance');
const AUDITOR = user('audrey', 'auditor');
const PAYMENTS = user('pat', 'payments');

/** An IAM-signed request (the IAM authorizer's context instead of JWT claims). */
function iamRequest(method: string, path: string, body: unknown): APIGatewayProxyEventV2 {
  const event = request(method, path, { body });
  (event.requestContext as unknown as Record<string, unknown>).authorizer = {
    iam: { userArn: 'arn:aws:iam::123456789012:role/bank-webhook', accountId: '123456789012' },
  };
  return event;
}

let waits = 0;
async function registerWait(e: Entries, correlation: string) {
  const token = `wait-token-${++waits}-${'w'.repeat(200)}`;
  await e.signalRegister({
    token,
    process: 'pay_flow',
    step: 'await_payment',
    execution: { id: execArn(`w${waits}`), name: `w${waits}`, start_time: '2026-11-25T10:00:00.000Z' },
    signal: 'payment_received',
    correlation_id: correlation,
    timeout_seconds: 3600,
  });
  return token;
}

beforeAll(async () => {
  db = await startDynamo();
  const endpoint = await db.client.config.endpoint?.();
  baseEnv = {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: `${endpoint?.protocol}//${endpoint?.hostname}:${endpoint?.port}`,
    DAZZLE_STATE_TABLE: db.stateTable,
    DAZZLE_ENTITY_TABLE: db.entityTable,
    DAZZLE_PROCESSES: JSON.stringify({
      pay_flow: {
        stateMachineArn: SM,
        inputs: [{ name: 'amount', type: 'int', required: true }],
        taskRoles: ['finance'],
      },
    }),
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  };
});

beforeEach(() => {
  sfn.reset();
  sfn.on(SendTaskSuccessCommand).resolves({});
  sfn.on(StartExecutionCommand).callsFake((input: { name: string; input: string }) => {
    const arn = execArn(input.name);
    const existing = executions.get(arn);
    if (existing) throw new ExecutionAlreadyExists({ message: 'exists', $metadata: {} });
    executions.set(arn, { name: input.name, input: input.input });
    return { executionArn: arn, startDate: new Date('2026-11-25T10:00:00Z') };
  });
  sfn.on(DescribeExecutionCommand).callsFake((input: { executionArn: string }) => {
    const e = executions.get(input.executionArn);
    if (!e) throw new ExecutionDoesNotExist({ message: 'no such execution', $metadata: {} });
    return {
      executionArn: input.executionArn,
      stateMachineArn: SM,
      name: e.name,
      status: 'RUNNING',
      startDate: new Date('2026-11-25T10:00:00Z'),
      input: e.input,
    };
  });
});

afterAll(async () => {
  sfn.restore();
  setEnv({ DAZZLE_ACCESS: undefined, AWS_LAMBDA_FUNCTION_NAME: undefined, DAZZLE_DEV_AUTH: undefined });
  await db.close();
});

describe('POST /signals/{name}: only roles the stage allows for that signal', () => {
  it("a caller without the role cannot resume another user's waiting payment", async () => {
    const e = await coldStartWith(ACCESS);
    const token = await registerWait(e, 'order-1');
    const forged = await e.signalDeliver(
      request('POST', '/signals/payment_received', {
        body: { correlation_id: 'order-1', payload: { amount: 1_000_000 } },
        claims: MALLORY,
      }),
    );
    expect(forged.statusCode).toBe(403);
    expect(parse(forged).error.code).toBe('Forbidden');
    expect(sfn).not.toHaveReceivedCommand(SendTaskSuccessCommand);

    const paid = await e.signalDeliver(
      request('POST', '/signals/payment_received', {
        body: { correlation_id: 'order-1', payload: { amount: 40 } },
        claims: PAYMENTS,
      }),
    );
    expect(paid.statusCode).toBe(202);
    expect(parse(paid)).toEqual({ delivered: 1 });
    expect(sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, { taskToken: token });
  });

  it('a signal the stage names no role for is not deliverable over HTTP; the bus still delivers it', async () => {
    const e = await coldStartWith({ ...ACCESS, signals: {} });
    await registerWait(e, 'order-2');
    const res = await e.signalDeliver(
      request('POST', '/signals/payment_received', { body: { correlation_id: 'order-2' }, claims: PAYMENTS }),
    );
    expect(res.statusCode).toBe(403);
    expect(
      await e.signalDeliver({
        id: 'bus-event-1',
        'detail-type': 'Signal',
        source: 'bank',
        detail: { name: 'payment_received', correlation_id: 'order-2', payload: {} },
      }),
    ).toEqual({ delivered: 1 });
  });

  it('IAM-signed callers deliver through POST /iam/signals/{name} only on a stage that allows them', async () => {
    const closed = await coldStartWith(ACCESS);
    await registerWait(closed, 'order-3');
    const body = { correlation_id: 'order-3', payload: {} };
    expect(
      (await closed.signalDeliver(iamRequest('POST', '/iam/signals/payment_received', body))).statusCode,
    ).toBe(403);
    const open = await coldStartWith({ ...ACCESS, iamSignals: true });
    // A JWT caller cannot use the IAM route, nor an IAM caller the JWT one.
    expect(
      (await open.signalDeliver(request('POST', '/iam/signals/payment_received', { body, claims: PAYMENTS })))
        .statusCode,
    ).toBe(403);
    expect((await open.signalDeliver(iamRequest('POST', '/signals/payment_received', body))).statusCode).toBe(
      403,
    );
    const res = await open.signalDeliver(iamRequest('POST', '/iam/signals/payment_received', body));
    expect(res.statusCode).toBe(202);
    expect(parse(res)).toEqual({ delivered: 1 });
  });

  it("an Idempotency-Key is the caller's own: another caller's same key is not a duplicate", async () => {
    const e = await coldStartWith({ ...ACCESS, signals: { payment_received: ['payments', 'bank'] } });
    await registerWait(e, 'order-4');
    const post = (claims: Record<string, unknown>) =>
      e.signalDeliver(
        request('POST', '/signals/payment_received', {
          body: { correlation_id: 'order-4' },
          claims,
          headers: { 'Idempotency-Key': 'same-key' },
        }),
      );
    expect(parse(await post(user('bank-1', 'bank')))).toEqual({ delivered: 1 });
    await registerWait(e, 'order-4');
    expect(parse(await post(PAYMENTS))).toEqual({ delivered: 1 });
    expect(parse(await post(PAYMENTS))).toEqual({ delivered: 1, duplicate: true });
  });
});

describe('GET /executions/{id}: the starter, task roles and the admin role; 404 for anyone else', () => {
  it("another user's execution does not exist for them, by name, by ARN or by a guessed key hash", async () => {
    const e = await coldStartWith(ACCESS);
    const started = await e.start(
      request('POST', '/processes/pay_flow/executions', {
        body: { input: { amount: 5 } },
        claims: ALICE,
        headers: { 'Idempotency-Key': 'invoice-77' },
      }),
    );
    expect(started.statusCode).toBe(202);
    const { name, executionId } = parse(started);
    const get = (id: string, claims: Record<string, unknown>) =>
      e.runRecord(request('GET', `/executions/${encodeURIComponent(id)}`, { claims }));

    const unknown = await get('no-such-execution', MALLORY);
    expect(unknown.statusCode).toBe(404);
    for (const id of [name, executionId]) {
      const res = await get(id, MALLORY);
      expect(res.statusCode).toBe(404);
      expect(parse(res).error.message).toBe(parse(unknown).error.message.replace('no-such-execution', id));
    }
    // The name the key alone would give (the old, unscoped hash) is not readable either.
    const guessed = `idem-${createHash('sha256').update('pay_flow\ninvoice-77').digest('hex').slice(0, 64)}`;
    expect((await get(guessed, MALLORY)).statusCode).toBe(404);

    for (const reader of [ALICE, FINANCE, AUDITOR]) {
      const res = await get(name, reader);
      expect(res.statusCode, reader.sub).toBe(200);
      expect(parse(res).execution).toMatchObject({ name, process: 'pay_flow', status: 'RUNNING' });
    }
  });

  it('the starter reads an execution whose run record was never written (from its input)', async () => {
    const e = await coldStartWith(ACCESS);
    const input = JSON.stringify({ input: { amount: 1 }, trigger: { kind: 'manual', user: 'alice' } });
    executions.set(execArn('no-record'), { name: 'no-record', input });
    const get = (claims: Record<string, unknown>) =>
      e.runRecord(request('GET', `/executions/${encodeURIComponent(execArn('no-record'))}`, { claims }));
    expect((await get(MALLORY)).statusCode).toBe(404);
    expect((await get(ALICE)).statusCode).toBe(200);
  });
});

describe('POST /processes/{name}/executions: start roles and per-caller idempotency keys', () => {
  it('a caller without a start role is refused and nothing starts', async () => {
    const e = await coldStartWith(ACCESS);
    const res = await e.start(
      request('POST', '/processes/pay_flow/executions', { body: { input: { amount: 1 } }, claims: MALLORY }),
    );
    expect(res.statusCode).toBe(403);
    expect(sfn).not.toHaveReceivedCommand(StartExecutionCommand);
  });

  it('a stage without start rules lets any authenticated caller start', async () => {
    const e = await coldStartWith({ ...ACCESS, start: undefined });
    const res = await e.start(
      request('POST', '/processes/pay_flow/executions', { body: { input: { amount: 1 } }, claims: MALLORY }),
    );
    expect(res.statusCode).toBe(202);
  });

  it("another caller can neither find nor block a caller's Idempotency-Key", async () => {
    const e = await coldStartWith(ACCESS);
    const start = (claims: Record<string, unknown>, amount: number) =>
      e.start(
        request('POST', '/processes/pay_flow/executions', {
          body: { input: { amount } },
          claims,
          headers: { 'Idempotency-Key': 'shared-key' },
        }),
      );
    const bobs = await start(BOB, 7);
    expect(bobs.statusCode).toBe(202);
    const alices = await start(ALICE, 5);
    expect(alices.statusCode).toBe(202);
    expect(parse(alices).name).not.toBe(parse(bobs).name);
    expect(parse(await start(ALICE, 5)).name).toBe(parse(alices).name);
    expect((await start(ALICE, 6)).statusCode).toBe(409);
  });
});

describe('identity', () => {
  it('an unverified email claim does not make the caller the assignee', async () => {
    const e = await coldStartWith(ACCESS);
    const { task_id } = await e.taskRegister(
      taskEvent(
        { role: undefined, assignee: 'eve@example.com', escalation_seconds: undefined },
        `assignee-token-${'a'.repeat(100)}`,
      ),
    );
    const as = (verified: unknown) => ({
      sub: 'someone',
      email: 'eve@example.com',
      email_verified: verified,
    });
    for (const verified of [false, 'false', undefined]) {
      expect(
        (await e.taskApi(request('GET', `/tasks/${task_id}`, { claims: as(verified) }))).statusCode,
      ).toBe(403);
      const list = await e.taskApi(request('GET', '/tasks', { claims: as(verified) }));
      expect(parse(list).tasks.map((t: { id: string }) => t.id)).not.toContain(task_id);
    }
    expect((await e.taskApi(request('GET', `/tasks/${task_id}`, { claims: as('true') }))).statusCode).toBe(
      200,
    );
    expect((await e.taskApi(request('GET', `/tasks/${task_id}`, { claims: as(true) }))).statusCode).toBe(200);
  });

  it('inside Lambda the dev headers are refused even with DAZZLE_DEV_AUTH set', async () => {
    const e = await coldStartWith(ACCESS, {
      DAZZLE_DEV_AUTH: '1',
      AWS_LAMBDA_FUNCTION_NAME: 'dazzle-shop-dev-task-api',
    });
    const forged = { 'X-Dev-User': 'boss', 'X-Dev-Roles': 'manager,auditor,payments' };
    expect((await e.taskApi(request('GET', '/tasks', { headers: forged }))).statusCode).toBe(401);
    const withToken = await e.taskApi(request('GET', '/tasks', { headers: forged, claims: MALLORY }));
    expect(withToken.statusCode).toBe(200);
    expect(parse(withToken).tasks).toEqual([]);
    expect((await e.runRecord(request('GET', '/executions/x', { headers: forged }))).statusCode).toBe(401);
  });
});

describe('requests that must be 4xx, never 5xx', () => {
  const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  it.each([
    ['a malformed % escape in a path id', 'GET', '/tasks/%E0%A4%A', undefined, 400],
    ['a task id past DynamoDB key limits', 'GET', `/tasks/${'t'.repeat(3000)}`, undefined, 400],
    ['an execution id past DynamoDB key limits', 'GET', `/executions/${'e'.repeat(3000)}`, undefined, 400],
    ['a signal name past DynamoDB key limits', 'POST', `/signals/${'s'.repeat(3000)}`, '{}', 400],
    [
      'a correlation id past DynamoDB key limits',
      'POST',
      '/signals/payment_received',
      JSON.stringify({ correlation_id: 'c'.repeat(3000) }),
      400,
    ],
    [
      'a deeply nested payload',
      'POST',
      '/signals/payment_received',
      `{"correlation_id":"order-9","payload":{"x":${deep(50_000)}}}`,
      400,
    ],
    [
      'a body over 256 KiB',
      'POST',
      '/signals/payment_received',
      JSON.stringify({ payload: { blob: 'x'.repeat(300_000) } }),
      413,
    ],
    [
      'an unknown signal body field',
      'POST',
      '/signals/payment_received',
      JSON.stringify({ correlation_id: 'order-9', amount: 1_000_000 }),
      400,
    ],
  ] as const)('%s', async (_what, method, path, body, status) => {
    const e = await coldStartWith(ACCESS);
    await registerWait(e, 'order-9');
    const entry = path.startsWith('/tasks')
      ? e.taskApi
      : path.startsWith('/executions')
        ? e.runRecord
        : path.startsWith('/signals')
          ? e.signalDeliver
          : e.start;
    const claims = { ...PAYMENTS, 'cognito:groups': ['payments', 'clerk', 'auditor'] };
    const res = await entry(request(method, path, { rawBody: body, claims }));
    expect(res.statusCode).toBe(status);
    expect(parse(res).error.code).toMatch(/^(BadRequest|PayloadTooLarge|InvalidField)$/);
    expect(sfn).not.toHaveReceivedCommand(SendTaskSuccessCommand);
  });

  it('an unknown field in a task completion is 400 and completes nothing', async () => {
    const e = await coldStartWith(ACCESS);
    const { task_id } = await e.taskRegister(
      taskEvent({ role: 'finance', escalation_seconds: undefined }, `extra-field-token-${'x'.repeat(50)}`),
    );
    const res = await e.taskApi(
      request('POST', `/tasks/${task_id}/complete`, {
        body: { outcome: 'approve', data: { approved: true }, completed_by: 'ceo' },
        claims: FINANCE,
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(sfn).not.toHaveReceivedCommand(SendTaskSuccessCommand);
  });
});

describe('GET /tasks pages (limit + cursor)', () => {
  it('pages through every open task once, oldest first; the cursor is bound to its caller', async () => {
    const e = await coldStartWith(ACCESS);
    const ids: string[] = [];
    for (let i = 0; i < 25; i++)
      ids.push(
        (
          await e.taskRegister(
            taskEvent({ role: 'pager', escalation_seconds: undefined }, `page-token-${i}-${'p'.repeat(40)}`),
          )
        ).task_id,
      );
    const list = (claims: Record<string, unknown>, query: Record<string, string> = {}) =>
      e.taskApi(request('GET', '/tasks', { claims, query }));
    const pager = user('pam', 'pager');
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await list(pager, { limit: '10', ...(cursor && { cursor }) });
      expect(res.statusCode).toBe(200);
      const page = parse(res);
      expect(page.tasks.length).toBeLessThanOrEqual(10);
      seen.push(...page.tasks.map((t: { id: string }) => t.id));
      cursor = page.next_cursor;
      pages++;
    } while (cursor !== undefined);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(25);
    expect([...seen].sort()).toEqual([...ids].sort());

    const first = parse(await list(pager, { limit: '4' }));
    expect(first.tasks).toHaveLength(4);
    const other = user('pete', 'pager');
    expect((await list(other, { cursor: first.next_cursor })).statusCode).toBe(400);
    const tampered = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(first.next_cursor, 'base64url').toString()), u: 'x' }),
    ).toString('base64url');
    for (const bad of [tampered, 'not a cursor', first.next_cursor.slice(0, 20), 'e30'])
      expect((await list(pager, { cursor: bad })).statusCode, bad).toBe(400);
    for (const limit of ['0', '101', '-1', '1.5', 'ten'])
      expect((await list(pager, { limit })).statusCode, limit).toBe(400);
  });

  it('a page stops before the response passes 6 MB, however large the tasks', async () => {
    const e = await coldStartWith(ACCESS);
    const form = [{ name: 'notes', type: 'text', required: false, description: 'd'.repeat(375_000) }];
    for (let i = 0; i < 16; i++)
      await e.taskRegister(
        taskEvent(
          { role: 'bulky', form, escalation_seconds: undefined },
          `bulky-token-${i}-${'b'.repeat(40)}`,
        ),
      );
    const bulky = user('bea', 'bulky');
    let total = 0;
    let cursor: string | undefined;
    do {
      const res = await e.taskApi(
        request('GET', '/tasks', { claims: bulky, query: { limit: '100', ...(cursor && { cursor }) } }),
      );
      expect(Buffer.byteLength(JSON.stringify(res))).toBeLessThan(6 * 1000 * 1000);
      const page = parse(res);
      total += page.tasks.length;
      cursor = page.next_cursor;
    } while (cursor !== undefined);
    expect(total).toBe(16);
  });
});
