import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoEntityStore } from '../../../lambdas/shared/adapters/dynamo-entity-store.ts';
import { DynamoTaskStore } from '../../../lambdas/shared/adapters/dynamo-task-store.ts';
import { SfnCallbacks } from '../../../lambdas/shared/adapters/sfn.ts';
import { sha256Hex } from '../../../lambdas/shared/hash.ts';
import { handle } from '../../../lambdas/task-api/handler.ts';
import { registerTask } from '../../../lambdas/task-register/core.ts';
import { type LocalDynamo, startDynamo } from '../helpers/dynalite.ts';
import { FakeClock, FakeEscalations, RecordingLog } from '../helpers/fakes.ts';
import { parse, request } from '../helpers/http.ts';
import { taskEvent } from '../tasks/fixtures.ts';

let db: LocalDynamo;
const sfn = mockClient(SFNClient);

beforeAll(async () => {
  db = await startDynamo();
});
afterAll(async () => {
  sfn.restore();
  await db.close();
});
beforeEach(() => sfn.reset());

function setup() {
  const tasks = new DynamoTaskStore(db.doc, db.stateTable);
  const deps = {
    tasks,
    callbacks: new SfnCallbacks(new SFNClient({ region: 'us-east-1' })),
    entities: new DynamoEntityStore(db.doc, db.entityTable),
    clock: new FakeClock(),
    log: new RecordingLog(),
  };
  const ctx = { ...deps, auth: { rolesClaim: 'cognito:groups', devAuth: false } };
  return { tasks, deps, ctx };
}

let tokenSeq = 0;
async function newTask(overrides = {}) {
  const { tasks, deps, ctx } = setup();
  const token = `token-${++tokenSeq}-${'t'.repeat(1500)}`;
  const { task_id } = await registerTask(taskEvent(overrides, token), {
    ...deps,
    escalations: new FakeEscalations(),
  });
  return { tasks, ctx, task_id, token };
}

const ALL = { limit: 100 };
const manager = (i = 0) => ({ sub: `mgr-${i}`, 'cognito:groups': ['manager'] });

describe('tasks on DynamoDB (dynalite)', () => {
  it('50 concurrent completions: exactly one SendTaskSuccess, 49 × 409', async () => {
    const { ctx, task_id, token } = await newTask();
    sfn.on(SendTaskSuccessCommand).resolves({});
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        handle(
          request('POST', `/tasks/${task_id}/complete`, {
            body: { outcome: 'approve', data: { approved: true } },
            claims: manager(i),
          }),
          ctx,
        ),
      ),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(49);
    expect(sfn).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 1);
    const winner = parse(results.find((r) => r.statusCode === 200)!).task.completed_by;
    expect(sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, {
      taskToken: token,
      output: JSON.stringify({
        outcome: 'approve',
        data: { approved: true, notes: 'none' },
        completed_by: winner,
      }),
    });
  });

  it('stores the token only in the token item keyed by its hash', async () => {
    const { tasks, task_id, token } = await newTask();
    const task = await tasks.get(task_id);
    expect(JSON.stringify(task)).not.toContain(token);
    expect(await tasks.token(sha256Hex(token))).toBe(token);
  });

  it('lists open tasks by role and by assignee through the sparse GSIs', async () => {
    const a = await newTask({ role: 'auditor' });
    const b = await newTask({ role: undefined, assignee: 'zoe' });
    const { tasks } = setup();
    expect((await tasks.listOpen(['auditor'], [], ALL)).tasks.map((t) => t.id)).toEqual([a.task_id]);
    expect((await tasks.listOpen(['nobody'], ['zoe'], ALL)).tasks.map((t) => t.id)).toEqual([b.task_id]);
    await tasks.complete(a.task_id, { by: 'x', at: 'now', outcome: 'approve', data: {} });
    expect((await tasks.listOpen(['auditor'], [], ALL)).tasks).toEqual([]);
  });

  it('an outcome after the first: its sets land in the entity table, then SendTaskFailure with the completion', async () => {
    const { ctx, task_id, token } = await newTask({
      role: 'decider',
      outcome_errors: true,
      effects: {
        reject: [
          {
            action: 'update',
            entity: 'ExpenseReport',
            where: [{ field: 'id', op: 'eq', value: 'er-9' }],
            values: { status: 'rejected' },
          },
        ],
      },
    });
    const entities = new DynamoEntityStore(db.doc, db.entityTable);
    await entities.create('ExpenseReport', 'er-9', { status: 'submitted' });
    sfn.on(SendTaskFailureCommand).resolves({});
    const res = await handle(
      request('POST', `/tasks/${task_id}/complete`, {
        body: { outcome: 'reject', data: { approved: false } },
        claims: { sub: 'd', 'cognito:groups': ['decider'] },
      }),
      ctx,
    );
    expect(res.statusCode).toBe(200);
    expect(sfn).not.toHaveReceivedCommand(SendTaskSuccessCommand);
    expect(sfn).toHaveReceivedCommandWith(SendTaskFailureCommand, {
      taskToken: token,
      error: 'HumanTask.Outcome.reject',
      cause: JSON.stringify({
        outcome: 'reject',
        data: { approved: false, notes: 'none' },
        completed_by: 'd',
      }),
    });
    const rows = (await entities.query('ExpenseReport', [{ field: 'id', op: 'eq', value: 'er-9' }], 1)).items;
    expect(rows).toMatchObject([{ id: 'er-9', status: 'rejected' }]);
  });

  it('410 and expired when Step Functions says TaskTimedOut; the task leaves the open index', async () => {
    const { ctx, task_id, tasks } = await newTask({ role: 'expirer' });
    sfn.on(SendTaskSuccessCommand).rejects(Object.assign(new Error('timed out'), { name: 'TaskTimedOut' }));
    const res = await handle(
      request('POST', `/tasks/${task_id}/complete`, {
        body: { outcome: 'approve', data: { approved: true } },
        claims: { sub: 'e', 'cognito:groups': ['expirer'] },
      }),
      ctx,
    );
    expect(res.statusCode).toBe(410);
    expect((await tasks.get(task_id))?.status).toBe('expired');
    expect((await tasks.listOpen(['expirer'], [], ALL)).tasks).toEqual([]);
  });

  it('expiring never overwrites a completion by someone else', async () => {
    const { tasks, task_id } = await newTask();
    const mine = { by: 'a', at: '2026-11-25T10:00:00.000Z', outcome: 'approve', data: {} };
    await tasks.complete(task_id, mine);
    await tasks.expire(task_id, '2026-11-25T15:00:00.000Z');
    await tasks.expire(task_id, '2026-11-25T15:00:00.000Z', { ...mine, by: 'b' });
    expect((await tasks.get(task_id))?.status).toBe('completed');
    await tasks.expire(task_id, '2026-11-25T15:00:00.000Z', mine);
    expect((await tasks.get(task_id))?.status).toBe('expired');
  });

  it('reopens (back in the index) when the callback fails for another reason', async () => {
    const { ctx, task_id, tasks } = await newTask({ role: 'retrier' });
    sfn
      .on(SendTaskSuccessCommand)
      .rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));
    const claims = { sub: 'r', 'cognito:groups': ['retrier'] };
    const body = { outcome: 'approve', data: { approved: true } };
    expect(
      (await handle(request('POST', `/tasks/${task_id}/complete`, { body, claims }), ctx)).statusCode,
    ).toBe(502);
    expect((await tasks.listOpen(['retrier'], [], ALL)).tasks.map((t) => t.id)).toEqual([task_id]);
    sfn.on(SendTaskSuccessCommand).resolves({});
    expect(
      (await handle(request('POST', `/tasks/${task_id}/complete`, { body, claims }), ctx)).statusCode,
    ).toBe(200);
  });

  it("a task reopened after its outcome's changes completes with that outcome only", async () => {
    const id = `er-held-${tokenSeq}`;
    const where = [{ field: 'id', op: 'eq' as const, value: id }];
    const set = (status: string) => [
      { action: 'update' as const, entity: 'ExpenseReport', where, values: { status } },
    ];
    const { ctx, task_id, tasks } = await newTask({
      role: 'holder',
      outcome_errors: true,
      effects: { approve: set('approved'), reject: set('rejected') },
    });
    await ctx.entities.create('ExpenseReport', id, { status: 'submitted' });
    const status = async () => (await ctx.entities.query('ExpenseReport', where, 1)).items[0]?.status;
    sfn
      .on(SendTaskSuccessCommand)
      .rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));
    const claims = { sub: 'h', 'cognito:groups': ['holder'] };
    const complete = (outcome: string) =>
      handle(
        request('POST', `/tasks/${task_id}/complete`, {
          body: { outcome, data: { approved: true } },
          claims,
        }),
        ctx,
      );
    expect((await complete('approve')).statusCode).toBe(502);
    expect(await tasks.get(task_id)).toMatchObject({ status: 'open', applied_outcome: 'approve' });
    expect((await tasks.listOpen(['holder'], [], ALL)).tasks.map((t) => t.id)).toEqual([task_id]);
    sfn.on(SendTaskFailureCommand).resolves({});
    expect((await complete('reject')).statusCode).toBe(409);
    expect(await status()).toBe('approved');
    sfn.on(SendTaskSuccessCommand).resolves({});
    expect((await complete('approve')).statusCode).toBe(200);
    expect(await status()).toBe('approved');
    expect(sfn).not.toHaveReceivedCommand(SendTaskFailureCommand);
  });

  it('a retried registration keeps the first task; escalation is marked once', async () => {
    const { tasks, deps } = setup();
    const event = taskEvent({}, 'retry-token');
    const first = await registerTask(event, { ...deps, escalations: new FakeEscalations() });
    await tasks.complete(first.task_id, { by: 'x', at: 'now', outcome: 'approve', data: {} });
    await registerTask(event, { ...deps, escalations: new FakeEscalations() });
    expect((await tasks.get(first.task_id))?.status).toBe('completed');
    const other = await newTask();
    expect(await tasks.markEscalated(other.task_id, '2026-11-25T11:00:00.000Z')).toBe(true);
    expect(await tasks.markEscalated(other.task_id, '2026-11-25T11:00:01.000Z')).toBe(false);
    expect((await tasks.get(other.task_id))?.status).toBe('open');
  });
});
