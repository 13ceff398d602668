import type { RetryConfig, StepKind } from '../../ir/types.ts';
import type { StepPlan } from '../../plan/index.ts';
import { attemptVariable, isLinear, type Scope } from './scope.ts';
import { jsonata, type Retrier, str } from './types.ts';

/** Lambda's transient service errors, which AWS recommends always retrying. */
export const LAMBDA_TRANSIENT_ERRORS = [
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
];

/** A small retry for infrastructure calls (DynamoDB, EventBridge, handler Lambdas) nobody configures. */
export function transientRetry(errors: string[]): Retrier[] {
  return [{ ErrorEquals: errors, IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 }];
}

/**
 * The ASL retriers for a step's `retry`. `max_attempts` counts every attempt, so ASL's
 * `MaxAttempts` (retries after the first) is one less. `fixed` waits `interval` each time
 * (BackoffRate 1); `exponential` multiplies by the coefficient up to `MaxDelaySeconds`. `linear`
 * has no ASL equivalent and gets no retrier: `emitLinearRetry` loops through states instead.
 * Without a `retry` the step still retries the service's transient errors (`transient`).
 */
export function retriers(
  retry: RetryConfig | undefined,
  transient: string[] | undefined,
): Retrier[] | undefined {
  if (retry === undefined || retry.max_attempts <= 1)
    return transient ? transientRetry(transient) : undefined;
  const interval = Math.max(1, Math.round(retry.initial_interval_seconds));
  const retries = retry.max_attempts - 1;
  switch (retry.backoff) {
    case 'fixed':
      return [
        { ErrorEquals: ['States.ALL'], IntervalSeconds: interval, MaxAttempts: retries, BackoffRate: 1 },
      ];
    case 'exponential':
      return [
        {
          ErrorEquals: ['States.ALL'],
          IntervalSeconds: interval,
          MaxAttempts: retries,
          BackoffRate: Math.max(1, retry.backoff_coefficient),
          MaxDelaySeconds: Math.max(1, Math.round(retry.max_interval_seconds)),
        },
      ];
    case 'linear':
      return undefined;
    default: {
      const never: never = retry.backoff;
      return never;
    }
  }
}

/**
 * Linear backoff, emulated exactly: the n-th retry waits `min(interval·n, max_interval)`.
 *
 * Shape (for step `x` with max_attempts N):
 *   x (Task)        ── Catch States.ALL, counter += 1 ──▶ `x retry`
 *   `x retry` (Choice): counter ≥ N ─▶ the step's failure target (counter reset to 0)
 *                       otherwise   ─▶ `x retry wait`
 *   `x retry wait` (Wait, Seconds = min(interval·counter, max_interval)) ─▶ x
 * The counter is the workflow variable `$attempts_x` at the top level (reset when x succeeds) and
 * `attempts.x` of the context object in a nested scope. Each retry costs two state transitions more
 * than a native Retry (the Choice and the Wait), plus the re-entered task.
 */
export function emitLinearRetry<K extends StepKind>(scope: Scope, plan: StepPlan<K>, entry: string): void {
  const retry = plan.step.retry;
  if (!isLinear(retry)) return;
  const step = plan.step.name;
  const names = scope.env.names;
  const interval = Math.max(1, Math.round(retry.initial_interval_seconds));
  const cap = Math.max(interval, Math.round(retry.max_interval_seconds));
  const counter = scope.attemptBody(step);
  const wait = names.aux(step, 'retry wait');
  const exhausted = jsonata(`${counter} >= ${retry.max_attempts}`);
  if (scope.top) {
    const assign: Record<string, string | number> = { [attemptVariable(step)]: 0 };
    if (plan.onFailure.kind === 'step') {
      assign[scope.env.vars.of(step)] = jsonata('$failure');
    }
    scope.add(names.aux(step, 'retry'), {
      Type: 'Choice',
      Choices: [{ Condition: exhausted, Next: scope.target(plan.onFailure), Assign: assign }],
      Default: wait,
    });
  } else {
    const reset = names.aux(step, 'retry exhausted');
    scope.add(names.aux(step, 'retry'), {
      Type: 'Choice',
      Choices: [{ Condition: exhausted, Next: reset }],
      Default: wait,
    });
    const steps =
      plan.onFailure.kind === 'step'
        ? `, 'steps': $merge([$states.input.steps, {${str(step)}: $states.input.failure}])`
        : '';
    scope.add(reset, {
      Type: 'Pass',
      Output: jsonata(
        `$merge([$states.input, {'attempts': $merge([$states.input.attempts, {${str(step)}: 0}])${steps}}])`,
      ),
      ...scope.flow(plan.onFailure),
    });
  }
  scope.add(wait, {
    Type: 'Wait',
    Seconds: jsonata(`$min([${interval} * ${counter}, ${cap}])`),
    Next: entry,
  });
}
