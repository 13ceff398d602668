import { documentClient } from '../shared/adapters/dynamo.ts';
import { DynamoEntityStore } from '../shared/adapters/dynamo-entity-store.ts';
import { lambdaEntry } from '../shared/api.ts';
import { ENV, type Env, required } from '../shared/env.ts';
import { createLogger } from '../shared/logger.ts';
import { systemClock } from '../shared/ports.ts';
import { parseEntityStore } from '../shared/schemas.ts';
import { type EntityStoreDeps, handleEntityStore } from './core.ts';

const log = createLogger('entity-store');

/** The default store is the DynamoDB entity table; pass another `EntityStore` to plug one in. */
export function buildDeps(
  env: Env,
  store = new DynamoEntityStore(documentClient(), required(env, ENV.entityTable)),
): EntityStoreDeps {
  return { store, clock: systemClock, log };
}

/** Target of `query` and `side_effect` steps (and human task outcome `sets`). */
export const handle = (event: unknown, deps: EntityStoreDeps) =>
  handleEntityStore(parseEntityStore(event), deps);

export const handler = lambdaEntry(handle, (env) => buildDeps(env), log);
