import { describe, expect, it } from 'vitest';
import type { TaskCompletion, TaskRegisterEvent } from '../../../compiler/contracts/runtime.ts';
import { deterministicId } from '../../../lambdas/shared/hash.ts';
import { handle } from '../../../lambdas/task-api/handler.ts';
import { registerTask } from '../../../lambdas/task-register/core.ts';
import {
  FakeCallbacks,
  FakeClock,
  FakeEntityStore,
  FakeEscalations,
  FakeTaskStore,
  RecordingLog,
} from '../helpers/fakes.ts';
import { parse, request } from '../helpers/http.ts';
import { TOKEN, taskEvent } from './fixtures.ts';

const manager = { sub: 'u-mgr', 'cognito:username': 'maria', 'cognito:groups': '[manager]' };
const clerk = { sub: 'u-clerk', 'cognito:groups': ['clerk'] };

async function setup(overrides = {}) {
  const deps = {
    tasks: new FakeTaskStore(),
    callbacks: new FakeCallbacks(),
    entities: new FakeEntityStore(),
    clock: new FakeClock(),
    log: new RecordingLog(),
  };
  const { task_id } = await registerTask(taskEvent(overrides), {
    ...deps,
    escalations: new FakeEscalations(),
  });
  const ctx = { ...deps, auth: { rolesClaim: 'cognito:groups', devAuth: false } };
  const complete = (body: unknown, claims: Record<string, unknown> = manager, id = task_id) =>
    handle(request('POST', `/tasks/${id}/complete`, { body, claims }), ctx);
  return { deps, ctx, task_id, complete };
}

describe('task API', () => {
  it('completes a task: 200, SendTaskSuccess with {outcome, data, completed_by}', async () => {
    const { deps, complete, task_id } = await setup();
    const res = await complete({ outcome: 'approve', data: { approved: true, amount: '12.50' } });
    expect(res.statusCode).toBe(200);
    expect(parse(res).task).toMatchObject({
      id: task_id,
      status: 'completed',
      outcome: 'approve',
      completed_by: 'u-mgr',
    });
    expect(parse(res).task.token_hash).toBeUndefined();
    const output: TaskCompletion = {
      outcome: 'approve',
      data: { approved: true, amount: '12.50', notes: 'none' },
      completed_by: 'u-mgr',
    };
    expect(deps.callbacks.sent).toEqual([{ token: TOKEN, output }]);
  });

  it('409 for a second completion', async () => {
    const { complete } = await setup();
    expect((await complete({ outcome: 'approve', data: { approved: true } })).statusCode).toBe(200);
    const again = await complete({ outcome: 'reject', data: { approved: false } });
    expect(again.statusCode).toBe(409);
    expect(parse(again).error.code).toBe('Conflict');
  });

  it('400 for an undeclared outcome, naming outcome', async () => {
    const { complete, deps } = await setup();
    const res = await complete({ outcome: 'maybe', data: { approved: true } });
    expect(res.statusCode).toBe(400);
    expect(parse(res).error).toMatchObject({ code: 'InvalidField', field: 'outcome' });
    expect(deps.callbacks.sent).toEqual([]);
  });

  it('accepts the implicit outcome "complete" when the task declares none', async () => {
    const { complete } = await setup({ outcomes: [] });
    expect((await complete({ outcome: 'complete', data: { approved: true } })).statusCode).toBe(200);
  });

  it.each([
    [{ approved: 'yes' }, 'approved'],
    [{}, 'approved'],
    [{ approved: true, amount: 'twelve' }, 'amount'],
    [{ approved: true, colour: 'red' }, 'colour'],
  ])('400 for form data %j naming %s', async (data, field) => {
    const { complete } = await setup();
    const res = await complete({ outcome: 'approve', data });
    expect(res.statusCode).toBe(400);
    expect(parse(res).error.field).toBe(field);
    expect(parse(res).error.message).toContain(field);
  });

  it('403 when the caller lacks the role, or has no roles claim at all', async () => {
    const { complete } = await setup();
    expect((await complete({ outcome: 'approve', data: { approved: true } }, clerk)).statusCode).toBe(403);
    expect(
      (await complete({ outcome: 'approve', data: { approved: true } }, { sub: 'u-x' })).statusCode,
    ).toBe(403);
  });

  it('401 without JWT claims', async () => {
    const { ctx, task_id } = await setup();
    const res = await handle(
      request('POST', `/tasks/${task_id}/complete`, { body: { outcome: 'approve' } }),
      ctx,
    );
    expect(res.statusCode).toBe(401);
  });

  it('lets the assignee complete a task without holding the role', async () => {
    const { complete } = await setup({ assignee: 'carl' });
    const res = await complete(
      { outcome: 'approve', data: { approved: true } },
      { sub: 'u-c', username: 'carl' },
    );
    expect(res.statusCode).toBe(200);
  });

  it('404 for an unknown task', async () => {
    const { complete } = await setup();
    const res = await complete({ outcome: 'approve' }, manager, 'no-such-task');
    expect(res.statusCode).toBe(404);
    expect(parse(res).error.code).toBe('NotFound');
  });

  it('410 and the task expires when Step Functions no longer waits for it', async () => {
    const { complete, deps, task_id } = await setup();
    deps.callbacks.gone.add(TOKEN);
    const res = await complete({ outcome: 'approve', data: { approved: true } });
    expect(res.statusCode).toBe(410);
    expect(deps.tasks.tasks.get(task_id)?.status).toBe('expired');
    expect((await complete({ outcome: 'approve', data: { approved: true } })).statusCode).toBe(410);
  });

  it('410 without calling Step Functions once the deadline has passed; listed no more', async () => {
    const { complete, deps, ctx, task_id } = await setup();
    deps.clock.advance(4 * 3600);
    expect(parse(await handle(request('GET', '/tasks', { claims: manager }), ctx)).tasks).toEqual([]);
    expect((await complete({ outcome: 'approve', data: { approved: true } })).statusCode).toBe(410);
    expect(deps.callbacks.sent).toEqual([]);
    expect(deps.tasks.tasks.get(task_id)?.status).toBe('expired');
  });

  it('502 and the task reopens when the callback fails for another reason', async () => {
    const { complete, deps, task_id } = await setup();
    deps.callbacks.failWith = Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
    expect((await complete({ outcome: 'approve', data: { approved: true } })).statusCode).toBe(502);
    expect(deps.tasks.tasks.get(task_id)?.status).toBe('open');
    deps.callbacks.failWith = undefined;
    expect((await complete({ outcome: 'approve', data: { approved: true } })).statusCode).toBe(200);
  });

  describe('outcome routing by error (outcome_errors)', () => {
    it('the first declared outcome resumes with SendTaskSuccess', async () => {
      const { complete, deps } = await setup({ outcome_errors: true });
      expect((await complete({ outcome: 'approve', data: { approved: true } })).statusCode).toBe(200);
      expect(deps.callbacks.sent).toHaveLength(1);
      expect(deps.callbacks.failed).toEqual([]);
    });

    it('another resumes with SendTaskFailure: error HumanTask.Outcome.<name>, cause the completion', async () => {
      const { complete, deps } = await setup({ outcome_errors: true });
      const res = await complete({ outcome: 'reject', data: { approved: false, notes: 'no receipt' } });
      expect(res.statusCode).toBe(200);
      expect(parse(res).task).toMatchObject({ status: 'completed', outcome: 'reject' });
      expect(deps.callbacks.sent).toEqual([]);
      expect(deps.callbacks.failed).toEqual([
        { token: TOKEN, error: 'HumanTask.Outcome.reject', cause: expect.any(String) },
      ]);
      const completion: TaskCompletion = {
        outcome: 'reject',
        data: { approved: false, notes: 'no receipt' },
        completed_by: 'u-mgr',
      };
      expect(JSON.parse(deps.callbacks.failed[0].cause)).toEqual(completion);
    });

    it('a task registered without it (an older definition) resumes every outcome with success', async () => {
      const { complete, deps } = await setup();
      expect((await complete({ outcome: 'reject', data: { approved: false } })).statusCode).toBe(200);
      expect(deps.callbacks.sent).toHaveLength(1);
      expect(deps.callbacks.failed).toEqual([]);
    });

    it('413 naming the outcome and the limit when the cause would pass 32,768 characters; nothing written', async () => {
      const entities = new FakeEntityStore();
      await entities.create('ExpenseReport', 'er-1', { status: 'submitted' });
      const { complete, deps, ctx, task_id } = await setup({
        outcome_errors: true,
        effects: {
          reject: [{ action: 'update', entity: 'ExpenseReport', where: [], values: { status: 'x' } }],
        },
      });
      Object.assign(ctx, { entities });
      const notes = 'n'.repeat(32_768);
      const res = await complete({ outcome: 'reject', data: { approved: false, notes } });
      expect(res.statusCode).toBe(413);
      expect(parse(res).error).toMatchObject({ code: 'PayloadTooLarge' });
      expect(parse(res).error.message).toContain("outcome 'reject'");
      expect(parse(res).error.message).toContain('32768');
      expect(deps.tasks.tasks.get(task_id)?.status).toBe('open');
      expect((await entities.query('ExpenseReport', [], 10)).items[0].status).toBe('submitted');
      expect([deps.callbacks.sent, deps.callbacks.failed]).toEqual([[], []]);
      // The first outcome resumes with SendTaskSuccess, whose output may be larger (256 KiB).
      expect((await complete({ outcome: 'approve', data: { approved: true, notes } })).statusCode).toBe(200);
    });

    it('410 when SendTaskFailure finds the execution gone', async () => {
      const { complete, deps, task_id } = await setup({ outcome_errors: true });
      deps.callbacks.gone.add(TOKEN);
      expect((await complete({ outcome: 'reject', data: { approved: false } })).statusCode).toBe(410);
      expect(deps.tasks.tasks.get(task_id)?.status).toBe('expired');
    });
  });

  describe("outcome effects (the outcome's sets, carried by the task)", () => {
    const approved = {
      action: 'update' as const,
      entity: 'ExpenseReport',
      where: [{ field: 'id', op: 'eq' as const, value: 'er-1' }],
      values: { status: 'approved' },
    };
    const withEffects = {
      effects: { approve: [approved], reject: [{ ...approved, values: { status: 'rejected' } }] },
    };

    class CountingEntities extends FakeEntityStore {
      updates = 0;
      failWith?: Error;
      override async update(...args: Parameters<FakeEntityStore['update']>) {
        if (this.failWith) throw this.failWith;
        this.updates++;
        return super.update(...args);
      }
    }

    async function setupEffects(overrides: Partial<TaskRegisterEvent['task']> = withEffects) {
      const s = await setup(overrides);
      const entities = new CountingEntities();
      await entities.create('ExpenseReport', 'er-1', { status: 'submitted' });
      Object.assign(s.ctx, { entities });
      return { ...s, entities };
    }

    it("applies the completed outcome's changes before the execution resumes; callers never see them", async () => {
      const { complete, deps, entities, ctx, task_id } = await setupEffects();
      let seenAtCallback: unknown;
      const send = deps.callbacks.sendSuccess.bind(deps.callbacks);
      deps.callbacks.sendSuccess = async (token, output) => {
        seenAtCallback = (await entities.query('ExpenseReport', [], 10)).items[0]?.status;
        return send(token, output);
      };
      const res = await complete({ outcome: 'approve', data: { approved: true } });
      expect(res.statusCode).toBe(200);
      expect(seenAtCallback).toBe('approved');
      expect(entities.updates).toBe(1);
      expect(parse(res).task).not.toHaveProperty('effects');
      const shown = await handle(request('GET', `/tasks/${task_id}`, { claims: manager }), ctx);
      expect(parse(shown).task).not.toHaveProperty('effects');
      expect(parse(shown).task).not.toHaveProperty('token_hash');
    });

    it('applies them once when two completions race (one wins, the other gets 409)', async () => {
      const { complete, entities } = await setupEffects();
      const codes = (
        await Promise.all([
          complete({ outcome: 'approve', data: { approved: true } }),
          complete({ outcome: 'reject', data: { approved: false } }),
        ])
      )
        .map((r) => r.statusCode)
        .sort();
      expect(codes).toEqual([200, 409]);
      expect(entities.updates).toBe(1);
    });

    it('an outcome without changes applies none', async () => {
      const { complete, entities, deps } = await setupEffects({ effects: { reject: [approved] } });
      expect((await complete({ outcome: 'approve', data: { approved: true } })).statusCode).toBe(200);
      expect(entities.updates).toBe(0);
      expect(deps.callbacks.sent).toHaveLength(1);
    });

    it('502 and the task reopens, without resuming the execution, when the changes fail', async () => {
      const { complete, deps, entities, task_id } = await setupEffects();
      entities.failWith = Object.assign(new Error('throttled'), {
        name: 'ProvisionedThroughputExceededException',
      });
      const res = await complete({ outcome: 'approve', data: { approved: true } });
      expect(res.statusCode).toBe(502);
      expect(parse(res).error.code).toBe('Upstream');
      expect(deps.tasks.tasks.get(task_id)?.status).toBe('open');
      expect(deps.callbacks.sent).toEqual([]);
      entities.failWith = undefined;
      expect((await complete({ outcome: 'approve', data: { approved: true } })).statusCode).toBe(200);
      expect(entities.updates).toBe(1);
      expect(deps.callbacks.sent).toHaveLength(1);
    });
    it('after a failed callback the reopened task keeps its applied outcome: another gets 409 naming it, the same one resumes', async () => {
      const { complete, deps, entities, task_id } = await setupEffects();
      deps.callbacks.failWith = Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
      expect((await complete({ outcome: 'approve', data: { approved: true } })).statusCode).toBe(502);
      expect(deps.tasks.tasks.get(task_id)).toMatchObject({ status: 'open', applied_outcome: 'approve' });
      deps.callbacks.failWith = undefined;
      const other = await complete({ outcome: 'reject', data: { approved: false } });
      expect(other.statusCode).toBe(409);
      expect(parse(other).error).toMatchObject({ code: 'Conflict', field: 'outcome' });
      expect(parse(other).error.message).toContain("'approve'");
      expect((await entities.query('ExpenseReport', [], 10)).items[0].status).toBe('approved');
      expect(deps.callbacks.sent).toEqual([]);
      const same = await complete({ outcome: 'approve', data: { approved: true } });
      expect(same.statusCode).toBe(200);
      expect((await entities.query('ExpenseReport', [], 10)).items[0].status).toBe('approved');
      expect(deps.callbacks.sent).toHaveLength(1);
    });

    it('after changes that failed part way the reopened task completes only with that outcome', async () => {
      const { complete, deps, entities, task_id } = await setupEffects();
      entities.failWith = new Error('throttled');
      expect((await complete({ outcome: 'approve', data: { approved: true } })).statusCode).toBe(502);
      expect(deps.tasks.tasks.get(task_id)?.applied_outcome).toBe('approve');
      entities.failWith = undefined;
      expect((await complete({ outcome: 'reject', data: { approved: false } })).statusCode).toBe(409);
      expect(entities.updates).toBe(0);
    });

    it('an outcome without changes does not hold the task to it after a failed callback', async () => {
      const { complete, deps } = await setupEffects({ effects: { reject: [approved] } });
      deps.callbacks.failWith = new Error('throttled');
      expect((await complete({ outcome: 'approve', data: { approved: true } })).statusCode).toBe(502);
      deps.callbacks.failWith = undefined;
      expect((await complete({ outcome: 'reject', data: { approved: false } })).statusCode).toBe(200);
    });

    it('created rows take their ids from the task and the outcome', async () => {
      const create = { action: 'create' as const, entity: 'Note', where: [], values: { text: 'x' } };
      const { complete, entities, task_id } = await setupEffects({ effects: { approve: [create] } });
      expect((await complete({ outcome: 'approve', data: { approved: true } })).statusCode).toBe(200);
      const rows = (await entities.query('Note', [], 10)).items;
      expect(rows.map((r) => r.id)).toEqual([deterministicId(`task:${task_id}:approve#0`)]);
    });
  });

  it('400 for a body that is not JSON, 413 for one over 256 KiB', async () => {
    const { ctx, task_id } = await setup();
    const path = `/tasks/${task_id}/complete`;
    const notJson = await handle(request('POST', path, { rawBody: '{"outcome":', claims: manager }), ctx);
    expect(notJson.statusCode).toBe(400);
    expect(parse(notJson).error.code).toBe('BadRequest');
    const big = JSON.stringify({
      outcome: 'approve',
      data: { approved: true, notes: 'x'.repeat(256 * 1024) },
    });
    const tooBig = await handle(request('POST', path, { rawBody: big, claims: manager }), ctx);
    expect(tooBig.statusCode).toBe(413);
    expect(parse(tooBig).error).toMatchObject({
      code: 'PayloadTooLarge',
      message: expect.stringMatching(/limit/),
    });
  });

  it('GET /tasks lists open tasks for the caller; GET /tasks/{id} shows one', async () => {
    const { ctx, task_id, complete } = await setup();
    const list = await handle(request('GET', '/tasks', { query: { status: 'open' }, claims: manager }), ctx);
    expect(list.statusCode).toBe(200);
    expect(parse(list).tasks.map((t: { id: string }) => t.id)).toEqual([task_id]);
    const none = await handle(request('GET', '/tasks', { claims: clerk }), ctx);
    expect(parse(none).tasks).toEqual([]);
    const one = await handle(request('GET', `/tasks/${task_id}`, { claims: manager }), ctx);
    expect(parse(one).task).toMatchObject({
      id: task_id,
      form: expect.any(Array),
      outcomes: expect.any(Array),
      deadline: expect.any(String),
    });
    expect(JSON.stringify(parse(one))).not.toContain('token');
    expect((await handle(request('GET', `/tasks/${task_id}`, { claims: clerk }), ctx)).statusCode).toBe(403);
    expect(
      (await handle(request('GET', '/tasks', { query: { status: 'done' }, claims: manager }), ctx))
        .statusCode,
    ).toBe(400);
    await complete({ outcome: 'approve', data: { approved: true } });
    expect(parse(await handle(request('GET', '/tasks', { claims: manager }), ctx)).tasks).toEqual([]);
  });

  it('dev-auth mode takes the caller from X-Dev-User / X-Dev-Roles', async () => {
    const { ctx, task_id } = await setup();
    const dev = { ...ctx, auth: { ...ctx.auth, devAuth: true } };
    const headers = { 'X-Dev-User': 'alice', 'X-Dev-Roles': 'manager,clerk' };
    const res = await handle(
      request('POST', `/tasks/${task_id}/complete`, {
        body: { outcome: 'approve', data: { approved: true } },
        headers,
      }),
      dev,
    );
    expect(res.statusCode).toBe(200);
    expect(parse(res).task.completed_by).toBe('alice');
  });

  it('404 for unknown routes, 405 for a wrong method', async () => {
    const { ctx } = await setup();
    expect((await handle(request('GET', '/nope', { claims: manager }), ctx)).statusCode).toBe(404);
    expect((await handle(request('DELETE', '/tasks', { claims: manager }), ctx)).statusCode).toBe(405);
  });
});
