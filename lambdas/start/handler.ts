import { randomUUID } from 'node:crypto';
import { documentClient } from '../shared/adapters/dynamo.ts';
import { DynamoRunStore } from '../shared/adapters/dynamo-run-store.ts';
import { SfnExecutions } from '../shared/adapters/sfn.ts';
import { type HttpDeps, httpApi, lambdaEntry } from '../shared/api.ts';
import { authConfig, callerOf } from '../shared/auth.ts';
import { loadAccess, loadProcesses } from '../shared/config.ts';
import { ENV, type Env, required } from '../shared/env.ts';
import { header, json, jsonBody, onlyFields } from '../shared/http.ts';
import { createLogger } from '../shared/logger.ts';
import { systemClock } from '../shared/ports.ts';
import { type StartDeps, startProcess } from './core.ts';

const log = createLogger('start');

export type StartHandlerDeps = StartDeps & HttpDeps;

export function buildDeps(env: Env): StartHandlerDeps {
  return {
    processes: loadProcesses(env),
    access: loadAccess(env),
    executions: new SfnExecutions(),
    runs: new DynamoRunStore(documentClient(), required(env, ENV.stateTable)),
    clock: systemClock,
    newId: randomUUID,
    log,
    auth: authConfig(env),
  };
}

/** `POST /processes/{name}/executions`. */
export const handle = httpApi<StartHandlerDeps>([
  {
    method: 'POST',
    path: '/processes/{name}/executions',
    run: async ({ name }, { deps, event }) => {
      const caller = callerOf(event, deps.auth);
      const body = jsonBody(event);
      onlyFields(body, ['input']);
      const idempotencyKey = header(event, 'idempotency-key') || undefined;
      return json(202, await startProcess({ process: name, body, idempotencyKey, caller }, deps));
    },
  },
]);

/** API Gateway HTTP API (payload v2.0). */
export const handler = lambdaEntry(handle, buildDeps, log);
