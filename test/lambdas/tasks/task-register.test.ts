import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../lambdas/shared/hash.ts';
import { parseTaskRegister } from '../../../lambdas/shared/schemas.ts';
import { registerTask } from '../../../lambdas/task-register/core.ts';
import { FakeClock, FakeEscalations, FakeTaskStore, RecordingLog } from '../helpers/fakes.ts';
import { TOKEN, taskEvent } from './fixtures.ts';

function setup() {
  const deps = {
    tasks: new FakeTaskStore(),
    escalations: new FakeEscalations(),
    clock: new FakeClock(),
    log: new RecordingLog(),
  };
  return deps;
}

describe('registerTask', () => {
  it('writes an open task with deadline and escalation, the token only in the token item', async () => {
    const deps = setup();
    const { task_id } = await registerTask(taskEvent(), deps);
    const task = deps.tasks.tasks.get(task_id);
    expect(task).toMatchObject({
      id: task_id,
      process: 'expense_approval',
      step: 'review',
      role: 'manager',
      surface: 'expense_review',
      entity: { name: 'ExpenseReport', id: 'er-1' },
      title: 'Review expense',
      status: 'open',
      created_at: '2026-11-25T10:00:00.000Z',
      deadline: '2026-11-25T14:00:00.000Z',
      escalation_at: '2026-11-25T11:00:00.000Z',
      token_hash: sha256Hex(TOKEN),
    });
    expect(JSON.stringify(task)).not.toContain('secret-token-tail');
    expect(deps.tasks.tokens.get(sha256Hex(TOKEN))).toBe(TOKEN);
    expect(deps.escalations.scheduled).toEqual([
      { taskId: task_id, at: new Date('2026-11-25T11:00:00.000Z') },
    ]);
    expect(deps.log.text()).not.toContain('secret-token-tail');
  });

  it('is idempotent: a retried invoke finds the same task', async () => {
    const deps = setup();
    const a = await registerTask(taskEvent(), deps);
    deps.clock.advance(5);
    const b = await registerTask(taskEvent(), deps);
    expect(b.task_id).toBe(a.task_id);
    expect(deps.tasks.tasks.size).toBe(1);
    expect(deps.tasks.tasks.get(a.task_id)?.created_at).toBe('2026-11-25T10:00:00.000Z');
  });

  it('schedules nothing without escalation, or when escalation is not before the deadline', async () => {
    const deps = setup();
    await registerTask(taskEvent({ escalation_seconds: undefined }), deps);
    await registerTask(taskEvent({ escalation_seconds: 4 * 3600 }, 'other-token'), deps);
    expect(deps.escalations.scheduled).toEqual([]);
  });

  it('refuses an escalating task when no escalation target is configured', async () => {
    const deps = { ...setup(), escalations: undefined };
    await expect(registerTask(taskEvent(), deps)).rejects.toMatchObject({ code: 'Config' });
  });

  it('takes a numeric assignee or entity id (from a JSONata path) as its string, null as absent', () => {
    const event = taskEvent();
    const parsed = parseTaskRegister({
      ...event,
      task: { ...event.task, assignee: 42, entity: { name: 'ExpenseReport', id: 7 }, surface: null },
    });
    expect(parsed.task).toMatchObject({ assignee: '42', entity: { name: 'ExpenseReport', id: '7' } });
    expect(parsed.task.surface).toBeUndefined();
  });

  it('rejects a payload that does not match the contract, naming the path', () => {
    expect(() => parseTaskRegister({ ...taskEvent(), token: '' })).toThrow(
      /invalid taskRegister event.*token/,
    );
    expect(() => parseTaskRegister({ ...taskEvent(), task: { title: 'x' } })).toThrow(/timeout_seconds/);
  });
});
