/**
 * The human task API: list open tasks, read one, complete one. Pure; HTTP mapping is in handler.ts.
 */
import type { TaskCompletion } from '../../compiler/contracts/runtime.ts';
import type { Caller } from '../shared/auth.ts';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  GoneError,
  InvalidFieldError,
  NotFoundError,
  UpstreamError,
} from '../shared/errors.ts';
import { validateFields } from '../shared/fields.ts';
import type { Log } from '../shared/logger.ts';
import type { Callbacks, Clock, Completion, TaskItem, TaskStore } from '../shared/ports.ts';

export interface TaskApiDeps {
  tasks: TaskStore;
  callbacks: Callbacks;
  clock: Clock;
  log: Log;
}

/** What callers see of a task: everything but the token hash. */
export type TaskView = Omit<TaskItem, 'token_hash'>;

export function view(task: TaskItem): TaskView {
  const { token_hash: _hidden, ...rest } = task;
  return rest;
}

/** The outcome a task without declared outcomes has (LANGUAGE.md §4). */
export const IMPLICIT_OUTCOME = 'complete';

/** A task is the caller's when they hold its role or are its assignee; with neither, anyone's. */
export function mayAct(caller: Caller, task: TaskItem): boolean {
  if (task.role === undefined && task.assignee === undefined) return true;
  return (
    (task.role !== undefined && caller.roles.includes(task.role)) ||
    (task.assignee !== undefined && caller.ids.includes(task.assignee))
  );
}

export async function listTasks(caller: Caller, status: string | undefined, deps: TaskApiDeps) {
  if (status !== undefined && status !== 'open')
    throw new InvalidFieldError('status', `only 'open' is supported, got '${status}'`);
  const tasks = await deps.tasks.listOpen(caller.roles, caller.ids);
  const now = deps.clock.now().toISOString();
  // Past its deadline the execution has stopped waiting (the state's timeout), so it is not open.
  return { tasks: tasks.filter((t) => mayAct(caller, t) && !pastDeadline(t, now)).map(view) };
}

/** Our deadline is measured from a moment after the state started, so it never comes too early. */
const pastDeadline = (task: TaskItem, nowIso: string) => task.status === 'open' && nowIso >= task.deadline;

async function authorizedTask(caller: Caller, id: string, deps: TaskApiDeps): Promise<TaskItem> {
  const task = await deps.tasks.get(id);
  if (!task) throw new NotFoundError('task', id);
  if (!mayAct(caller, task)) {
    const who = [task.role && `role '${task.role}'`, task.assignee && 'the assignee']
      .filter(Boolean)
      .join(' or ');
    throw new ForbiddenError(`task '${id}' is for ${who}`);
  }
  return task;
}

export async function getTask(caller: Caller, id: string, deps: TaskApiDeps): Promise<{ task: TaskView }> {
  return { task: view(await authorizedTask(caller, id, deps)) };
}

function closedError(task: TaskItem): ConflictError | GoneError | undefined {
  if (task.status === 'completed')
    return new ConflictError(`task '${task.id}' is already completed`, { completed_by: task.completed_by });
  if (task.status === 'expired') return new GoneError(`task '${task.id}' has expired`);
  return undefined;
}

function checkOutcome(task: TaskItem, outcome: unknown): string {
  const declared = task.outcomes.length > 0 ? task.outcomes.map((o) => o.name) : [IMPLICIT_OUTCOME];
  if (typeof outcome !== 'string' || !declared.includes(outcome))
    throw new InvalidFieldError('outcome', `must be one of ${declared.join(', ')}`);
  return outcome;
}

/**
 * Complete a task: exactly one caller wins the conditional open → completed write (the rest get 409),
 * then the waiting execution resumes with `{outcome, data, completed_by}`. If Step Functions no longer
 * waits (timed out, invalid token) the task becomes `expired` (410); on any other callback failure
 * the completion is undone so the task can be completed again.
 */
export async function completeTask(
  caller: Caller,
  id: string,
  body: Record<string, unknown>,
  deps: TaskApiDeps,
): Promise<{ task: TaskView }> {
  const task = await authorizedTask(caller, id, deps);
  const closed = closedError(task);
  if (closed) throw closed;
  const now = deps.clock.now().toISOString();
  if (pastDeadline(task, now)) {
    await deps.tasks.expire(id, now);
    const current = await deps.tasks.get(id);
    if (current?.status === 'completed') throw closedError(current);
    throw new GoneError(`task '${id}' has expired: its deadline ${task.deadline} has passed`);
  }
  const outcome = checkOutcome(task, body.outcome);
  if (
    body.data !== undefined &&
    (typeof body.data !== 'object' || body.data === null || Array.isArray(body.data))
  )
    throw new BadRequestError('data must be a JSON object');
  const data = validateFields(task.form, body.data, 'the task form');

  const completion: Completion = { by: caller.user, at: now, outcome, data };
  if (!(await deps.tasks.complete(id, completion))) {
    const current = await deps.tasks.get(id);
    throw (current && closedError(current)) ?? new ConflictError(`task '${id}' changed while completing it`);
  }

  const token = await deps.tasks.token(task.token_hash);
  const output: TaskCompletion = { outcome, data, completed_by: caller.user };
  let result: 'sent' | 'gone';
  try {
    result = token === undefined ? 'gone' : await deps.callbacks.sendSuccess(token, output);
  } catch (err) {
    await deps.tasks.reopen(task, completion);
    throw new UpstreamError(`could not resume the execution of task '${id}'; try again`, err);
  }
  if (result === 'gone') {
    await deps.tasks.expire(id, now, completion);
    throw new GoneError(`task '${id}' has expired: its execution no longer waits for it`);
  }
  deps.log.info('task completed', { task_id: id, outcome, completed_by: caller.user });
  const { outcome: _o, data: _d, ...open } = task;
  return {
    task: view({ ...open, status: 'completed', completed_at: now, completed_by: caller.user, outcome, data }),
  };
}
