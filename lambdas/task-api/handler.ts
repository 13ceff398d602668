import { documentClient } from '../shared/adapters/dynamo.ts';
import { DynamoEntityStore } from '../shared/adapters/dynamo-entity-store.ts';
import { DynamoTaskStore } from '../shared/adapters/dynamo-task-store.ts';
import { SfnCallbacks } from '../shared/adapters/sfn.ts';
import { type HttpDeps, httpApi, lambdaEntry } from '../shared/api.ts';
import { authConfig, callerOf } from '../shared/auth.ts';
import { ENV, type Env, required } from '../shared/env.ts';
import { json, jsonBody, onlyFields } from '../shared/http.ts';
import { createLogger } from '../shared/logger.ts';
import { systemClock } from '../shared/ports.ts';
import { completeTask, getTask, listTasks, type TaskApiDeps } from './core.ts';

const log = createLogger('task-api');

export type TaskApiHandlerDeps = TaskApiDeps & HttpDeps;

export function buildDeps(env: Env): TaskApiHandlerDeps {
  const doc = documentClient();
  return {
    tasks: new DynamoTaskStore(doc, required(env, ENV.stateTable)),
    callbacks: new SfnCallbacks(),
    entities: new DynamoEntityStore(doc, required(env, ENV.entityTable)),
    clock: systemClock,
    log,
    auth: authConfig(env),
  };
}

/** GET /tasks, GET /tasks/{id}, POST /tasks/{id}/complete. */
export const handle = httpApi<TaskApiHandlerDeps>([
  {
    method: 'GET',
    path: '/tasks',
    run: async (_p, { deps, event }) => {
      const q = event.queryStringParameters ?? {};
      return json(200, await listTasks(callerOf(event, deps.auth), q, deps));
    },
  },
  {
    method: 'GET',
    path: '/tasks/{id}',
    run: async ({ id }, { deps, event }) => json(200, await getTask(callerOf(event, deps.auth), id, deps)),
  },
  {
    method: 'POST',
    path: '/tasks/{id}/complete',
    run: async ({ id }, { deps, event }) => {
      const caller = callerOf(event, deps.auth);
      const body = jsonBody(event);
      onlyFields(body, ['outcome', 'data']);
      return json(200, await completeTask(caller, id, body, deps));
    },
  },
]);

/** API Gateway HTTP API (payload v2.0). */
export const handler = lambdaEntry(handle, buildDeps, log);
