import type { TaskRegisterEvent } from '../../compiler/contracts/runtime.ts';
import { ConfigError } from '../shared/errors.ts';
import { deterministicId, sha256Hex } from '../shared/hash.ts';
import type { Log } from '../shared/logger.ts';
import type { Clock, Escalations, TaskItem, TaskStore } from '../shared/ports.ts';

export interface TaskRegisterDeps {
  tasks: TaskStore;
  /** Absent when the deployment has no escalation target configured. */
  escalations?: Escalations;
  clock: Clock;
  log: Log;
}

/** Finished and abandoned task items stay this long after their deadline (DynamoDB TTL). */
export const TASK_RETENTION_SECONDS = 30 * 86_400;

const plus = (d: Date, seconds: number) => new Date(d.getTime() + seconds * 1000);

/**
 * Record a human task the state machine now waits for. The task id derives from the token, so a
 * retried invoke finds its task instead of creating a second one. The token goes only into the
 * token item (keyed by its hash); it is never logged or returned.
 */
export async function registerTask(
  event: TaskRegisterEvent,
  deps: TaskRegisterDeps,
): Promise<{ task_id: string }> {
  const tokenHash = sha256Hex(event.token);
  const id = deterministicId(`task:${tokenHash}`);
  const now = deps.clock.now();
  const deadline = plus(now, event.task.timeout_seconds);
  const esc = event.task.escalation_seconds;
  const escalationAt =
    esc !== undefined && esc > 0 && esc < event.task.timeout_seconds ? plus(now, esc) : undefined;
  if (escalationAt && !deps.escalations)
    throw new ConfigError(
      `task ${event.process}.${event.step} escalates, but no escalation target is configured`,
    );

  const { title, surface, role, assignee, entity, form, outcomes, effects, outcome_errors } = event.task;
  const task: TaskItem = {
    id,
    process: event.process,
    execution: event.execution,
    step: event.step,
    title,
    ...(surface !== undefined && { surface }),
    ...(role !== undefined && role !== '' && { role }),
    ...(assignee !== undefined && assignee !== '' && { assignee }),
    ...(entity !== undefined && { entity }),
    form,
    outcomes,
    created_at: now.toISOString(),
    deadline: deadline.toISOString(),
    ...(escalationAt && { escalation_at: escalationAt.toISOString() }),
    status: 'open',
    token_hash: tokenHash,
    ...(effects !== undefined && Object.keys(effects).length > 0 && { effects }),
    ...(outcome_errors === true && { outcome_errors }),
  };
  const ttl = Math.floor(deadline.getTime() / 1000) + TASK_RETENTION_SECONDS;
  const created = await deps.tasks.register(task, event.token, ttl);
  if (escalationAt) await deps.escalations?.schedule(id, escalationAt);
  deps.log.info(created ? 'task registered' : 'task already registered', {
    task_id: id,
    process: event.process,
    step: event.step,
    execution: event.execution.id,
  });
  return { task_id: id };
}
