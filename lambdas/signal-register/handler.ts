import { documentClient } from '../shared/adapters/dynamo.ts';
import { DynamoSignalStore } from '../shared/adapters/dynamo-signal-store.ts';
import { lambdaEntry } from '../shared/api.ts';
import { ENV, type Env, required } from '../shared/env.ts';
import { createLogger } from '../shared/logger.ts';
import { systemClock } from '../shared/ports.ts';
import { parseSignalRegister } from '../shared/schemas.ts';
import { registerSignalWait, type SignalRegisterDeps } from './core.ts';

const log = createLogger('signal-register');

export function buildDeps(env: Env): SignalRegisterDeps {
  return {
    signals: new DynamoSignalStore(documentClient(), required(env, ENV.stateTable)),
    clock: systemClock,
    log,
  };
}

/** Target of a signal wait's `lambda:invoke.waitForTaskToken`. */
export const handle = (event: unknown, deps: SignalRegisterDeps) =>
  registerSignalWait(parseSignalRegister(event), deps);

export const handler = lambdaEntry(handle, buildDeps, log);
