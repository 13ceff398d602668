import { randomUUID } from 'node:crypto';
import { documentClient } from '../shared/adapters/dynamo.ts';
import { DynamoRunStore } from '../shared/adapters/dynamo-run-store.ts';
import { SfnExecutions } from '../shared/adapters/sfn.ts';
import { apiHandler, authConfig, fromProcessEnv, httpApi } from '../shared/api.ts';
import { callerOf } from '../shared/auth.ts';
import { loadProcesses } from '../shared/config.ts';
import { ENV, type Env, required } from '../shared/env.ts';
import { header, json, jsonBody } from '../shared/http.ts';
import { createLogger } from '../shared/logger.ts';
import { systemClock } from '../shared/ports.ts';
import { type StartDeps, startProcess } from './core.ts';

const log = createLogger('start');

export function buildDeps(env: Env) {
  const deps: StartDeps = {
    processes: loadProcesses(env),
    executions: new SfnExecutions(),
    runs: new DynamoRunStore(documentClient(), required(env, ENV.stateTable)),
    clock: systemClock,
    newId: randomUUID,
    log,
  };
  return { deps, auth: authConfig(env) };
}

/** `POST /processes/{name}/executions`. */
export const serve = httpApi<StartDeps>([
  {
    method: 'POST',
    path: '/processes/{name}/executions',
    run: async ({ name }, { deps, auth, event }) => {
      const caller = callerOf(event, auth);
      const body = jsonBody(event);
      const idempotencyKey = header(event, 'idempotency-key') || undefined;
      return json(202, await startProcess({ process: name, body, idempotencyKey, caller }, deps));
    },
  },
]);

/** API Gateway HTTP API (payload v2.0). */
export const handler = apiHandler(serve, fromProcessEnv(buildDeps), log);
