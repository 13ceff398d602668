import type { Log } from '../shared/logger.ts';
import type { Clock, EventBus, TaskStore } from '../shared/ports.ts';

export interface TaskEscalateDeps {
  tasks: TaskStore;
  bus: EventBus;
  clock: Clock;
  log: Log;
}

export type EscalateResult =
  | { escalated: true }
  | { escalated: false; reason: 'unknown' | 'not_open' | 'already' };

/**
 * Fired by the task's one-time schedule: announce `TaskEscalated` and mark the task escalated; the
 * task stays open. The event goes out before the mark, so a failed mark is retried and the event is
 * delivered at least once (never zero times); a closed or already escalated task is left alone.
 */
export async function escalateTask(taskId: string, deps: TaskEscalateDeps): Promise<EscalateResult> {
  const task = await deps.tasks.get(taskId);
  if (!task) {
    deps.log.warn('escalation for an unknown task', { task_id: taskId });
    return { escalated: false, reason: 'unknown' };
  }
  if (task.status !== 'open') return { escalated: false, reason: 'not_open' };
  if (task.escalated_at !== undefined) return { escalated: false, reason: 'already' };
  const at = deps.clock.now().toISOString();
  await deps.bus.put('TaskEscalated', {
    task_id: task.id,
    process: task.process,
    step: task.step,
    execution: task.execution.id,
    title: task.title,
    ...(task.role !== undefined && { role: task.role }),
    ...(task.assignee !== undefined && { assignee: task.assignee }),
    ...(task.surface !== undefined && { surface: task.surface }),
    ...(task.entity !== undefined && { entity: task.entity }),
    deadline: task.deadline,
    escalated_at: at,
  });
  const marked = await deps.tasks.markEscalated(task.id, at);
  deps.log.info('task escalated', { task_id: task.id, marked });
  return { escalated: true };
}
