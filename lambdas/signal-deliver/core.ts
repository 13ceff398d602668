/**
 * Signal delivery: resume every execution waiting for (signal, correlation id) exactly once.
 *
 * Matching: a wait registered with correlation id X matches deliveries with correlation_id X; a wait
 * registered without one matches every delivery of the signal. Each wait is claimed by a conditional
 * delete, so concurrent deliveries never resume a wait twice. A delivery id (the EventBridge event
 * id, or the HTTP Idempotency-Key) is recorded with a conditional put, so the same delivery arriving
 * twice resumes nothing the second time (not even waits registered after the first); while the first
 * is still running, the second fails with 409/Conflict so that EventBridge (or the client) retries
 * it, rather than losing it if the first one crashes (its lease then expires and the retry runs).
 */
import type { SignalDelivery } from '../../compiler/contracts/runtime.ts';
import { ConflictError, UpstreamError } from '../shared/errors.ts';
import type { Log } from '../shared/logger.ts';
import type { Callbacks, Clock, SignalStore } from '../shared/ports.ts';

export interface SignalDeliverDeps {
  signals: SignalStore;
  callbacks: Callbacks;
  clock: Clock;
  log: Log;
}

export interface Signal {
  name: string;
  correlation_id?: string;
  payload: Record<string, unknown>;
  /** Dedupe key; without one the delivery is not deduplicated. */
  delivery_id?: string;
}

export interface DeliveryResult {
  delivered: number;
  /** The delivery id was seen before; `delivered` is what the first delivery resumed. */
  duplicate?: true;
}

/** A delivery that crashed mid-way may be taken over by a retry after this long. */
export const DELIVERY_LEASE_SECONDS = 60;

export async function deliverSignal(signal: Signal, deps: SignalDeliverDeps): Promise<DeliveryResult> {
  const { name, delivery_id: deliveryId } = signal;
  const correlation = signal.correlation_id === '' ? undefined : signal.correlation_id;
  if (deliveryId !== undefined) {
    const claim = await deps.signals.beginDelivery(
      name,
      deliveryId,
      deps.clock.now(),
      DELIVERY_LEASE_SECONDS,
    );
    if (claim.state === 'in_progress')
      // Not a success: the first delivery may still fail, and then this retry must run.
      throw new ConflictError(`delivery '${deliveryId}' of signal '${name}' is in progress; retry later`);
    if (claim.state === 'done') {
      deps.log.info('duplicate signal delivery', { signal: name, delivery_id: deliveryId });
      return { delivered: claim.delivered, duplicate: true };
    }
  }
  const output: SignalDelivery = {
    signal: name,
    ...(correlation !== undefined && { correlation_id: correlation }),
    payload: signal.payload,
  };
  const buckets = correlation === undefined ? [undefined] : [correlation, undefined];
  let delivered = 0;
  for (const bucket of buckets) {
    for (const hash of await deps.signals.waitHashes(name, bucket)) {
      if (await resumeOne(name, bucket, hash, output, deps)) delivered++;
    }
  }
  if (deliveryId !== undefined)
    await deps.signals.finishDelivery(name, deliveryId, delivered, deps.clock.now());
  deps.log.info('signal delivered', { signal: name, correlation_id: correlation, delivered });
  return { delivered };
}

async function resumeOne(
  name: string,
  bucket: string | undefined,
  hash: string,
  output: SignalDelivery,
  deps: SignalDeliverDeps,
): Promise<boolean> {
  const claimed = await deps.signals.claim(name, bucket, hash);
  if (!claimed) return false; // another delivery resumed it
  try {
    return (await deps.callbacks.sendSuccess(claimed.token, output)) === 'sent';
  } catch (err) {
    // Put the wait back so a retry of this delivery can still resume it.
    await deps.signals.registerWait(claimed.wait, claimed.token, claimed.ttl);
    throw new UpstreamError(`could not resume a wait for signal '${name}'`, err);
  }
}
