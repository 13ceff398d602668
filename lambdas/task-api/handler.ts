import { documentClient } from '../shared/adapters/dynamo.ts';
import { DynamoTaskStore } from '../shared/adapters/dynamo-task-store.ts';
import { SfnCallbacks } from '../shared/adapters/sfn.ts';
import { apiHandler, authConfig, fromProcessEnv, httpApi } from '../shared/api.ts';
import { callerOf } from '../shared/auth.ts';
import { ENV, type Env, required } from '../shared/env.ts';
import { json, jsonBody } from '../shared/http.ts';
import { createLogger } from '../shared/logger.ts';
import { systemClock } from '../shared/ports.ts';
import { completeTask, getTask, listTasks, type TaskApiDeps } from './core.ts';

const log = createLogger('task-api');

export function buildDeps(env: Env) {
  const deps: TaskApiDeps = {
    tasks: new DynamoTaskStore(documentClient(), required(env, ENV.stateTable)),
    callbacks: new SfnCallbacks(),
    clock: systemClock,
    log,
  };
  return { deps, auth: authConfig(env) };
}

/** GET /tasks, GET /tasks/{id}, POST /tasks/{id}/complete. */
export const serve = httpApi<TaskApiDeps>([
  {
    method: 'GET',
    path: '/tasks',
    run: async (_p, { deps, auth, event }) =>
      json(200, await listTasks(callerOf(event, auth), event.queryStringParameters?.status, deps)),
  },
  {
    method: 'GET',
    path: '/tasks/{id}',
    run: async ({ id }, { deps, auth, event }) => json(200, await getTask(callerOf(event, auth), id, deps)),
  },
  {
    method: 'POST',
    path: '/tasks/{id}/complete',
    run: async ({ id }, { deps, auth, event }) => {
      const body = jsonBody(event);
      return json(200, await completeTask(callerOf(event, auth), id, body, deps));
    },
  },
]);

/** API Gateway HTTP API (payload v2.0). */
export const handler = apiHandler(serve, fromProcessEnv(buildDeps), log);
