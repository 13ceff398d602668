/** Human tasks through the HTTP API handlers: complete, reject, timeout (410), escalation, 403/409/400. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Local, ok, startLocal } from './harness.ts';

const DSL = `
process review "Review a claim":
  trigger: manual
  input:
    claim_id: str required
  steps:
    - step decide:
        human_task:
          title: "Decide the claim"
          assignee_role: manager
          form:
            approved: bool required
            notes: text
          timeout: 3d
          escalation: 1d
          outcomes:
            - approve "Approve":
                goto: pay
            - reject "Reject":
                goto: fail
    - step pay:
        service: pay
        inputs:
          - claim_id -> claim_id
          - decide.completed_by -> approver
  timeout: 5d
  overlap: allow
`;

const manager = { user: 'bob', roles: ['manager'] };

async function openTask(local: Local, arn: string) {
  return local.until(async () => {
    const res = await local.call('tasks', 'GET', '/tasks?status=open', manager);
    const tasks = res.body.tasks as { id: string; execution: { id: string } }[];
    return tasks.find((t) => t.execution.id === arn);
  }, 'the task to be listed');
}

describe('human tasks on the auto-advancing clock', () => {
  let local: Local;
  beforeAll(async () => {
    local = await startLocal(DSL, { pay: ok({ paid: true }) });
  });
  afterAll(() => local?.close());

  it('lists the task for its role, refuses others, validates, and resumes on completion', async () => {
    const release = local.clock.hold();
    const arn = local.start('review', { claim_id: 'c-1' });
    const task = await openTask(local, arn);
    expect(task).toMatchObject({
      title: 'Decide the claim',
      role: 'manager',
      status: 'open',
      step: 'decide',
    });
    const url = `/tasks/${task.id}/complete`;
    expect(
      (await local.call('tasks', 'GET', '/tasks?status=open', { user: 'eve', roles: ['clerk'] })).body.tasks,
    ).toEqual([]);
    expect(
      (await local.call('tasks', 'GET', `/tasks/${task.id}`, { user: 'eve', roles: ['clerk'] })).status,
    ).toBe(403);
    expect(
      (await local.call('tasks', 'POST', url, manager, { outcome: 'maybe', data: { approved: true } }))
        .status,
    ).toBe(400);
    expect((await local.call('tasks', 'POST', url, manager, { outcome: 'approve', data: {} })).status).toBe(
      400,
    );
    expect((await local.call('tasks', 'GET', '/tasks/nope', manager)).status).toBe(404);
    const done = await local.call('tasks', 'POST', url, manager, {
      outcome: 'approve',
      data: { approved: true },
    });
    expect(done.status).toBe(200);
    expect(
      (await local.call('tasks', 'POST', url, manager, { outcome: 'reject', data: { approved: false } }))
        .status,
    ).toBe(409);
    release();
    const finished = await local.finish(arn);
    expect(finished.status).toBe('SUCCEEDED');
    expect(finished.steps).toContain('pay');
    expect(local.calls('pay').at(-1)?.payload).toMatchObject({ input: { claim_id: 'c-1', approver: 'bob' } });
  });

  it('routes a reject outcome to fail', async () => {
    const release = local.clock.hold();
    const arn = local.start('review', { claim_id: 'c-2' });
    const task = await openTask(local, arn);
    const res = await local.call('tasks', 'POST', `/tasks/${task.id}/complete`, manager, {
      outcome: 'reject',
      data: { approved: false, notes: 'no receipt' },
    });
    expect(res.status).toBe(200);
    release();
    const finished = await local.finish(arn);
    expect([finished.status, finished.error]).toEqual(['FAILED', 'HumanTask.OutcomeFail']);
  });

  it('times out after the task timeout; completing it afterwards answers 410', async () => {
    const release = local.clock.hold();
    const arn = local.start('review', { claim_id: 'c-3' });
    const task = await openTask(local, arn);
    release();
    const finished = await local.finish(arn);
    expect([finished.status, finished.error]).toEqual(['FAILED', 'States.Timeout']);
    expect((finished.stopDate?.getTime() ?? 0) - finished.startDate.getTime()).toBe(3 * 86_400_000);
    const late = await local.call('tasks', 'POST', `/tasks/${task.id}/complete`, manager, {
      outcome: 'approve',
      data: { approved: true },
    });
    expect(late.status).toBe(410);
    expect((await local.call('tasks', 'GET', `/tasks/${task.id}`, manager)).body.task).toMatchObject({
      status: 'expired',
    });
  });
});

describe('escalation on a hand-driven clock', () => {
  let local: Local;
  beforeAll(async () => {
    local = await startLocal(DSL, { pay: ok({ paid: true }) }, { autoAdvance: false });
  });
  afterAll(() => local?.close());

  it('fires the one-time schedule at the escalation time, announces TaskEscalated, keeps the task open', async () => {
    const arn = local.start('review', { claim_id: 'c-4' });
    const task = await openTask(local, arn);
    const schedule = await local.until(() => local.rt.oneTime.pending()[0], 'the escalation schedule');
    expect(schedule.at.getTime() - local.clock.now()).toBe(86_400_000);
    await local.clock.advance(86_400_000);
    const escalated = await local.until(async () => {
      const t = (await local.call('tasks', 'GET', `/tasks/${task.id}`, manager)).body.task as Record<
        string,
        unknown
      >;
      return t.escalated_at ? t : undefined;
    }, 'the task to be escalated');
    expect(escalated).toMatchObject({
      status: 'open',
      escalated_at: new Date(local.clock.now()).toISOString(),
    });
    expect(local.events.find((e) => e['detail-type'] === 'TaskEscalated')?.detail).toMatchObject({
      task_id: task.id,
      step: 'decide',
      role: 'manager',
    });
    const res = await local.call('tasks', 'POST', `/tasks/${task.id}/complete`, manager, {
      outcome: 'approve',
      data: { approved: true },
    });
    expect(res.status).toBe(200);
    expect((await local.finish(arn)).status).toBe('SUCCEEDED');
  });
});
