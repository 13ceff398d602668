import type { SignalRegisterEvent } from '../../compiler/contracts/runtime.ts';
import { sha256Hex } from '../shared/hash.ts';
import type { Log } from '../shared/logger.ts';
import type { Clock, SignalStore } from '../shared/ports.ts';

export interface SignalRegisterDeps {
  signals: SignalStore;
  clock: Clock;
  log: Log;
}

/** Abandoned waits stay this long past their timeout before DynamoDB TTL removes them. */
export const WAIT_RETENTION_SECONDS = 86_400;

/**
 * Store a signal wait's token under (signal, correlation id), keyed by the token's hash. Putting the
 * same wait twice (a retried invoke) writes the same item.
 */
export async function registerSignalWait(event: SignalRegisterEvent, deps: SignalRegisterDeps) {
  const now = deps.clock.now();
  const tokenHash = sha256Hex(event.token);
  const correlation = event.correlation_id === '' ? undefined : event.correlation_id;
  const ttl = Math.floor(now.getTime() / 1000) + event.timeout_seconds + WAIT_RETENTION_SECONDS;
  await deps.signals.registerWait(
    {
      signal: event.signal,
      ...(correlation !== undefined && { correlation_id: correlation }),
      process: event.process,
      step: event.step,
      execution: event.execution,
      created_at: now.toISOString(),
      token_hash: tokenHash,
    },
    event.token,
    ttl,
  );
  deps.log.info('signal wait registered', {
    signal: event.signal,
    correlation_id: correlation,
    process: event.process,
    step: event.step,
    execution: event.execution.id,
  });
  return { signal: event.signal, correlation_id: correlation ?? null };
}
