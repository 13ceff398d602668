import { describe, expect, it } from 'vitest';
import { escalateTask } from '../../../lambdas/task-escalate/core.ts';
import { registerTask } from '../../../lambdas/task-register/core.ts';
import { FakeBus, FakeClock, FakeEscalations, FakeTaskStore, RecordingLog } from '../helpers/fakes.ts';
import { taskEvent } from './fixtures.ts';

async function setup() {
  const deps = {
    tasks: new FakeTaskStore(),
    bus: new FakeBus(),
    clock: new FakeClock(),
    log: new RecordingLog(),
  };
  const { task_id } = await registerTask(taskEvent(), { ...deps, escalations: new FakeEscalations() });
  deps.clock.advance(3600);
  return { deps, task_id };
}

describe('escalateTask', () => {
  it('emits TaskEscalated once and marks the task, which stays open', async () => {
    const { deps, task_id } = await setup();
    expect(await escalateTask(task_id, deps)).toEqual({ escalated: true });
    expect(await escalateTask(task_id, deps)).toEqual({ escalated: false, reason: 'already' });
    expect(deps.bus.events).toHaveLength(1);
    expect(deps.bus.events[0]).toMatchObject({
      detailType: 'TaskEscalated',
      detail: {
        task_id,
        process: 'expense_approval',
        step: 'review',
        role: 'manager',
        escalated_at: '2026-11-25T11:00:00.000Z',
      },
    });
    expect(deps.tasks.tasks.get(task_id)).toMatchObject({
      status: 'open',
      escalated_at: '2026-11-25T11:00:00.000Z',
    });
  });

  it('leaves completed and unknown tasks alone', async () => {
    const { deps, task_id } = await setup();
    await deps.tasks.complete(task_id, { by: 'u', at: 'now', outcome: 'approve', data: {} });
    expect(await escalateTask(task_id, deps)).toEqual({ escalated: false, reason: 'not_open' });
    expect(await escalateTask('nope', deps)).toEqual({ escalated: false, reason: 'unknown' });
    expect(deps.bus.events).toEqual([]);
  });
});
