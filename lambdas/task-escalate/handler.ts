import { documentClient } from '../shared/adapters/dynamo.ts';
import { DynamoTaskStore } from '../shared/adapters/dynamo-task-store.ts';
import { EventBridgeBus } from '../shared/adapters/eventbridge.ts';
import { lambdaEntry } from '../shared/api.ts';
import { object, str } from '../shared/check.ts';
import { ENV, type Env, optional, required } from '../shared/env.ts';
import { InvalidEventError } from '../shared/errors.ts';
import { createLogger } from '../shared/logger.ts';
import { parseWith } from '../shared/parse.ts';
import { systemClock } from '../shared/ports.ts';
import { escalateTask, type TaskEscalateDeps } from './core.ts';

const log = createLogger('task-escalate');

export function buildDeps(env: Env): TaskEscalateDeps {
  return {
    tasks: new DynamoTaskStore(documentClient(), required(env, ENV.stateTable)),
    bus: new EventBridgeBus(required(env, ENV.eventBus), optional(env, ENV.eventSource, 'dazzle.app')),
    clock: systemClock,
    log,
  };
}

const eventSchema = object({ task_id: str({ min: 1 }) });

/** Target of the one-time Scheduler schedule; its input is `{task_id}`. */
export async function handle(event: unknown, deps: TaskEscalateDeps) {
  const { task_id } = parseWith(
    eventSchema,
    event,
    (m, c) => new InvalidEventError(`invalid escalation event: ${m}`, c),
  );
  return escalateTask(task_id, deps);
}

export const handler = lambdaEntry(handle, buildDeps, log);
