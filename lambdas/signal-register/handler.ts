import { documentClient } from '../shared/adapters/dynamo.ts';
import { DynamoSignalStore } from '../shared/adapters/dynamo-signal-store.ts';
import { ENV, type Env, required } from '../shared/env.ts';
import { createLogger } from '../shared/logger.ts';
import { once } from '../shared/once.ts';
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

const deps = once(() => buildDeps(process.env));

/** Target of a signal wait's `lambda:invoke.waitForTaskToken`. */
export const handler = async (event: unknown) => registerSignalWait(parseSignalRegister(event), deps());
