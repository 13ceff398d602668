/**
 * Error matching and retry delays, per the Amazon States Language and
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html:
 * the first retrier whose ErrorEquals matches applies (an exhausted one does not fall through to
 * later retriers); its counters persist across all visits within one state entry; the n-th retry by
 * a retrier waits IntervalSeconds × BackoffRate^(n-1), capped by MaxDelaySeconds, and with
 * JitterStrategy FULL a uniformly random fraction of that. MaxAttempts counts the retries of each
 * error name separately (the doc's ErrorA, ErrorB, ErrorC, ErrorB, ErrorB example: waits 1, 2, 5, 4,
 * then the third ErrorB is not retried).
 */
import { STATES_ERRORS } from './errors.ts';
import type { Retrier } from './machine.ts';
import type { Random } from './random.ts';

/** Terminal errors that no retrier or catcher handles, not even States.ALL. */
const TERMINAL = new Set<string>([STATES_ERRORS.runtime, STATES_ERRORS.dataLimitExceeded]);
const TIMEOUTS = new Set<string>([STATES_ERRORS.timeout, STATES_ERRORS.heartbeatTimeout]);

export function errorMatches(errorEquals: readonly string[], error: string): boolean {
  if (TERMINAL.has(error)) return false;
  for (const name of errorEquals) {
    if (name === error || name === STATES_ERRORS.all) return true;
    // States.TaskFailed matches any error except a timeout.
    if (name === STATES_ERRORS.taskFailed && !TIMEOUTS.has(error)) return true;
    // A heartbeat timeout is also a States.Timeout.
    if (name === STATES_ERRORS.timeout && error === STATES_ERRORS.heartbeatTimeout) return true;
  }
  return false;
}

/** Delay in ms before retry number `previousRetries + 1` of this retrier. */
export function retryDelayMs(retrier: Retrier, previousRetries: number, random: Random): number {
  let seconds = retrier.intervalSeconds * retrier.backoffRate ** previousRetries;
  if (retrier.maxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.maxDelaySeconds);
  if (retrier.jitter === 'FULL') seconds *= random();
  return Math.round(seconds * 1000);
}
