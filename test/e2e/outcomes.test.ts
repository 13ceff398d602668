/**
 * Human task outcomes end to end (the example's return_request, its task answered through the HTTP
 * API handler): each outcome goes to its own step straight from the task (the first resumes it with
 * SendTaskSuccess, the others with SendTaskFailure that the task catches), and its `sets` are
 * applied by the task API before the execution resumes, so the next step already sees the entity
 * updated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Local, startLocal } from './harness.ts';

const DSL = `
process return_request "Return Request":
  trigger: manual
  input:
    return_request_id: str required
    order_id: str required
  steps:
    - step inspect_return:
        human_task:
          entity: ReturnRequest
          assignee_role: returns_clerk
          timeout: 2d
          form:
            note: text
          outcomes:
            - accept "Accept return":
                goto: issue_refund
                sets:
                  - ReturnRequest.status -> accepted
            - decline "Decline return":
                goto: notify_declined
                sets:
                  - ReturnRequest.status -> declined
            - escalate "Escalate":
                goto: complete
                sets:
                  - ReturnRequest.note -> inspect_return.data.note
    - step issue_refund:
        service: refund_card
        inputs:
          - order_id -> order_id
        on_success: complete
    - step notify_declined:
        channel: customer_notifications
        message: ReturnDeclined
  timeout: 3d
  overlap: allow

process retried_review "Retried review":
  trigger: manual
  steps:
    - step review:
        retry:
          max_attempts: 3
          backoff: fixed
          interval: 10s
        human_task:
          assignee_role: returns_clerk
          timeout: 1h
          outcomes:
            - yes "Yes":
                goto: complete
            - no "No":
                goto: fail
  overlap: allow
`;

const clerk = { user: 'carol', roles: ['returns_clerk'] };

describe('human task outcomes', () => {
  let local: Local;
  /** ReturnRequest rows as refund_card found them when it ran. */
  const seenByRefund: Record<string, unknown>[][] = [];
  beforeAll(async () => {
    local = await startLocal(DSL, {
      refund_card: async () => {
        seenByRefund.push(await local.rows('ReturnRequest'));
        return { refunded: true };
      },
    });
  });
  afterAll(() => local?.close());

  async function answer(id: string, outcome: string, data: Record<string, unknown> = {}) {
    await local.seed('ReturnRequest', id, { status: 'requested' });
    const release = local.clock.hold();
    const arn = local.start('return_request', { return_request_id: id, order_id: `o-${id}` });
    const task = await local.until(async () => {
      const res = await local.call('tasks', 'GET', '/tasks?status=open', clerk);
      return (res.body.tasks as { id: string; execution: { id: string } }[]).find(
        (t) => t.execution.id === arn,
      );
    }, 'the task to be listed');
    const done = await local.call('tasks', 'POST', `/tasks/${task.id}/complete`, clerk, { outcome, data });
    expect(done.status).toBe(200);
    // The caller never sees the entity changes the task carries.
    expect(done.body.task).not.toHaveProperty('effects');
    release();
    const finished = await local.finish(arn);
    const row = (await local.rows('ReturnRequest')).find((r) => r.id === id);
    return { finished, row };
  }

  it('accept: the refund runs with ReturnRequest.status already accepted', async () => {
    const { finished, row } = await answer('rr-1', 'accept');
    expect(finished.status).toBe('SUCCEEDED');
    // No state between the task and the next step: no outcome Choice, no sets state.
    expect(finished.steps).toEqual(['Start check input', 'inspect_return', 'issue_refund']);
    expect(row).toMatchObject({ status: 'accepted' });
    expect(seenByRefund.at(-1)?.find((r) => r.id === 'rr-1')).toMatchObject({ status: 'accepted' });
  });

  it('decline: goes to notify_declined with ReturnRequest.status declined; no refund', async () => {
    const refunds = local.calls('refund_card').length;
    const { finished, row } = await answer('rr-2', 'decline');
    expect(finished.status).toBe('SUCCEEDED');
    // Resumed with SendTaskFailure HumanTask.Outcome.decline, which the task catches to its goto.
    expect(finished.steps).toEqual(['Start check input', 'inspect_return', 'notify_declined']);
    expect(row).toMatchObject({ status: 'declined' });
    expect(local.calls('refund_card')).toHaveLength(refunds);
    expect(local.events.map((e) => e['detail-type'])).toContain('ReturnDeclined');
  });

  it('a declared retry of every error never retries an outcome error (one task, one registration)', async () => {
    const release = local.clock.hold();
    const arn = local.start('retried_review');
    const task = await local.until(async () => {
      const res = await local.call('tasks', 'GET', '/tasks?status=open', clerk);
      return (res.body.tasks as { id: string; execution: { id: string } }[]).find(
        (t) => t.execution.id === arn,
      );
    }, 'the task to be listed');
    expect(
      (await local.call('tasks', 'POST', `/tasks/${task.id}/complete`, clerk, { outcome: 'no' })).status,
    ).toBe(200);
    release();
    const finished = await local.finish(arn);
    expect([finished.status, finished.error]).toEqual(['FAILED', 'HumanTask.OutcomeFail']);
    expect(finished.steps.filter((s) => s === 'review')).toHaveLength(1);
  });

  it('an outcome whose sets read its own form data applies them in a state after the task', async () => {
    const { finished, row } = await answer('rr-3', 'escalate', { note: 'call the customer' });
    expect(finished.status).toBe('SUCCEEDED');
    expect(finished.steps).toEqual(['Start check input', 'inspect_return', 'inspect_return sets escalate']);
    expect(row).toMatchObject({ status: 'requested', note: 'call the customer' });
  });
});
