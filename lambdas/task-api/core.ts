/**
 * The human task API: list open tasks, read one, complete one. Pure; HTTP mapping is in handler.ts.
 */
import {
  outcomeError,
  SEND_TASK_FAILURE_LIMITS,
  type TaskCompletion,
} from '../../compiler/contracts/runtime.ts';
import type { Caller } from '../shared/auth.ts';
import { applyEffects } from '../shared/effects.ts';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  GoneError,
  InvalidFieldError,
  NotFoundError,
  PayloadTooLargeError,
  UpstreamError,
} from '../shared/errors.ts';
import { validateFields } from '../shared/fields.ts';
import type { Log } from '../shared/logger.ts';
import type { Callbacks, Clock, Completion, EntityStore, TaskItem, TaskStore } from '../shared/ports.ts';
import { openTaskPosition } from '../shared/tables.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';

export interface TaskApiDeps {
  tasks: TaskStore;
  callbacks: Callbacks;
  /** Where a completed outcome's `sets` are applied (the entity store). */
  entities: EntityStore;
  clock: Clock;
  log: Log;
}

/** What callers see of a task: everything but the token hash and the outcomes' entity changes. */
export type TaskView = Omit<TaskItem, 'token_hash' | 'effects'>;

export function view(task: TaskItem): TaskView {
  const { token_hash: _hidden, effects: _applied, ...rest } = task;
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

/** `GET /tasks` page size: `limit` defaults to this, and may be at most `MAX_PAGE`. */
export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 100;

/**
 * Most bytes of tasks in one response. Lambda returns at most 6 MB from a synchronous invocation
 * ("Invocation payload (request and response)", https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html),
 * and the body travels JSON-escaped inside the response; a task item can be 400 KB (DynamoDB's item
 * limit), so a page stops early rather than pass the limit.
 */
export const MAX_PAGE_BYTES = 5 * 1024 * 1024;

export interface ListQuery {
  status?: string;
  limit?: string;
  cursor?: string;
}

export interface TaskPage {
  tasks: TaskView[];
  /** Pass as `cursor` for the next page; absent on the last page. */
  next_cursor?: string;
}

function pageLimit(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_PAGE;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > MAX_PAGE)
    throw new InvalidFieldError(
      'limit',
      `must be a whole number from 1 to ${MAX_PAGE}, got '${raw.slice(0, 32)}'`,
    );
  return n;
}

/** Bytes `task` adds to the response body once escaped into the Lambda response. */
const escapedBytes = (task: TaskView) => Buffer.byteLength(JSON.stringify(JSON.stringify(task)));

export async function listTasks(caller: Caller, query: ListQuery, deps: TaskApiDeps): Promise<TaskPage> {
  if (query.status !== undefined && query.status !== 'open')
    throw new InvalidFieldError('status', `only 'open' is supported, got '${query.status.slice(0, 32)}'`);
  const limit = pageLimit(query.limit);
  const after = query.cursor === undefined ? undefined : decodeCursor(caller.user, query.cursor);
  const page = await deps.tasks.listOpen(caller.roles, caller.ids, { after, limit });
  const now = deps.clock.now().toISOString();
  const tasks: TaskView[] = [];
  let bytes = 0;
  let last: string | undefined;
  let more = page.more;
  for (const task of page.tasks) {
    // Past its deadline the execution has stopped waiting (the state's timeout), so it is not open.
    if (mayAct(caller, task) && !pastDeadline(task, now)) {
      const shown = view(task);
      bytes += escapedBytes(shown);
      if (bytes > MAX_PAGE_BYTES && tasks.length > 0) {
        more = true;
        break;
      }
      tasks.push(shown);
    }
    last = openTaskPosition(task);
  }
  return { tasks, ...(more && last !== undefined && { next_cursor: encodeCursor(caller.user, last) }) };
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
 * How a completion resumes a task that routes outcomes by error (`outcome_errors`): the first
 * declared outcome with SendTaskSuccess (`undefined` here), any other with SendTaskFailure, error
 * `HumanTask.Outcome.<name>` and the completion as the cause, which the state parses back into
 * the step's output. SendTaskFailure takes a cause of at most 32,768 characters
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskFailure.html), so a
 * larger one is refused (413) before anything is written.
 */
function failureOf(task: TaskItem, output: TaskCompletion): { error: string; cause: string } | undefined {
  if (task.outcome_errors !== true || output.outcome === task.outcomes[0]?.name) return undefined;
  const cause = JSON.stringify(output);
  const limit = SEND_TASK_FAILURE_LIMITS.cause;
  if (cause.length > limit)
    throw new PayloadTooLargeError(
      `outcome '${output.outcome}' resumes the execution with its completion as a SendTaskFailure cause, ` +
        `at most ${limit} characters; this one is ${cause.length}: send less form data`,
    );
  return { error: outcomeError(output.outcome), cause };
}

/**
 * Complete a task: exactly one caller wins the conditional open → completed write (the rest get 409),
 * then the waiting execution resumes with `{outcome, data, completed_by}` (`failureOf`). If Step Functions no longer
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
  if (task.applied_outcome !== undefined && outcome !== task.applied_outcome)
    throw new ConflictError(
      `task '${id}' must be completed with outcome '${task.applied_outcome}': ` +
        'an earlier completion with it already changed entities before it failed',
      { field: 'outcome' },
    );
  if (
    body.data !== undefined &&
    (typeof body.data !== 'object' || body.data === null || Array.isArray(body.data))
  )
    throw new BadRequestError('data must be a JSON object');
  const data = validateFields(task.form, body.data, 'the task form');
  const output: TaskCompletion = { outcome, data, completed_by: caller.user };
  const failure = failureOf(task, output);

  const completion: Completion = { by: caller.user, at: now, outcome, data };
  if (!(await deps.tasks.complete(id, completion))) {
    const current = await deps.tasks.get(id);
    throw (current && closedError(current)) ?? new ConflictError(`task '${id}' changed while completing it`);
  }

  // Only the winner of the claim gets here. The outcome's changes land before the execution
  // resumes, so the next step already sees them. If the callback below then finds the execution
  // gone (it timed out in the instant between the deadline check above and the callback), they stay
  // applied while the execution takes its timeout path and the task expires. If this or the
  // callback fails otherwise, the task reopens held to this outcome (`applied_outcome`): a retry
  // applies the same changes again (creates keep their ids, updates write the same values).
  const applied = outcomeEffects(task, outcome).length > 0 ? outcome : undefined;
  try {
    await applyOutcomeEffects(task, outcome, caller.user, deps);
  } catch (err) {
    await deps.tasks.reopen(task, completion, applied);
    throw new UpstreamError(`could not apply outcome '${outcome}' of task '${id}'; try again`, err);
  }

  const token = await deps.tasks.token(task.token_hash);
  let result: 'sent' | 'gone';
  try {
    result =
      token === undefined
        ? 'gone'
        : failure
          ? await deps.callbacks.sendFailure(token, failure.error, failure.cause)
          : await deps.callbacks.sendSuccess(token, output);
  } catch (err) {
    await deps.tasks.reopen(task, completion, applied);
    throw new UpstreamError(`could not resume the execution of task '${id}'; try again`, err);
  }
  if (result === 'gone') {
    await deps.tasks.expire(id, now, completion);
    throw new GoneError(`task '${id}' has expired: its execution no longer waits for it`);
  }
  deps.log.info('task completed', { task_id: id, outcome, completed_by: caller.user });
  const { outcome: _o, data: _d, applied_outcome: _a, ...open } = task;
  return {
    task: view({ ...open, status: 'completed', completed_at: now, completed_by: caller.user, outcome, data }),
  };
}

const outcomeEffects = (task: TaskItem, outcome: string) =>
  task.effects && Object.hasOwn(task.effects, outcome) ? task.effects[outcome] : [];

/**
 * The entity changes of `outcome`'s `sets` (evaluated when the task registered), applied as the
 * entity-store handler applies them, with the completer as actor. The request id derives from the
 * task and the outcome, so a completion retried after a failure creates nothing twice, and another
 * outcome's create is never taken for one already done.
 */
async function applyOutcomeEffects(
  task: TaskItem,
  outcome: string,
  actor: string,
  deps: TaskApiDeps,
): Promise<void> {
  const effects = outcomeEffects(task, outcome);
  if (effects.length === 0) return;
  await applyEffects(
    {
      process: task.process,
      step: task.step,
      execution: task.execution,
      actor,
      request_id: `task:${task.id}:${outcome}`,
      effects,
    },
    { store: deps.entities, clock: deps.clock, log: deps.log },
  );
}
