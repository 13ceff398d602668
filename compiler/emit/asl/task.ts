import type { StepKind } from '../../ir/types.ts';
import type { FlowTarget, StepPlan } from '../../plan/index.ts';
import { emitLinearRetry, LAMBDA_TRANSIENT_ERRORS, retriers } from './retry.ts';
import type { Scope } from './scope.ts';
import { type Catcher, type JsonObject, type JsonValue, type Retrier, str, type TaskState } from './types.ts';

/** Every Task resource the compiler emits (the post-emission check rejects any other). */
export const RESOURCE = {
  lambdaInvoke: 'arn:aws:states:::lambda:invoke',
  lambdaCallback: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
  putEvents: 'arn:aws:states:::events:putEvents',
  startExecutionSync: 'arn:aws:states:::states:startExecution.sync:2',
  dynamoPutItem: 'arn:aws:states:::dynamodb:putItem',
  dynamoGetItem: 'arn:aws:states:::dynamodb:getItem',
  dynamoDeleteItem: 'arn:aws:states:::dynamodb:deleteItem',
  /** StopExecution has no optimized integration; this is the AWS SDK integration. */
  stopExecution: 'arn:aws:states:::aws-sdk:sfn:stopExecution',
  /**
   * The trigger router's start (compiler/emit/router.ts): the AWS SDK integration, whose errors
   * are `Sfn.<Exception>` (ExecutionAlreadyExists ends a duplicate delivery).
   */
  sdkStartExecution: 'arn:aws:states:::aws-sdk:sfn:startExecution',
} as const;

export const KNOWN_RESOURCES: ReadonlySet<string> = new Set(Object.values(RESOURCE));

/** JSONata for the ExecutionRef of the contract. */
export const EXECUTION_REF =
  "{'id': $states.context.Execution.Id, 'name': $states.context.Execution.Name, 'start_time': $states.context.Execution.StartTime}";

/** JSONata object fields `process` and `step`. */
export const whoBody = (scope: Scope, step: string): string =>
  `'process': ${str(scope.env.workflow.name)}, 'step': ${str(step)}`;

export interface TaskSpec {
  readonly resource: string;
  readonly args: JsonValue;
  /** JSONata for the step output, from `$states.result`. */
  readonly result: string;
  readonly timeoutSeconds?: number;
  /** Errors retried when the step declares no `retry`. */
  readonly transient?: string[];
  /** Where to go on success instead of the plan's `next`: a state, or a flow target. */
  readonly next?: string | FlowTarget;
  /**
   * Catchers of errors the step answers with on purpose (a human task's outcomes), placed before
   * its catch-all and never retried, even by a declared `retry`.
   */
  readonly catchers?: readonly Catcher[];
}

/**
 * Emits a step implemented by one Task: its retries (native, or the linear loop), its Catch to the
 * failure target, and the recording of its output. Returns the entry state's name.
 */
export function emitTaskStep<K extends StepKind>(scope: Scope, plan: StepPlan<K>, spec: TaskSpec): string {
  const name = scope.env.names.step(plan.step.name);
  const catchers = spec.catchers ?? [];
  const retry = withoutRetrying(
    retriers(plan.step.retry, spec.transient),
    catchers.flatMap((c) => c.ErrorEquals),
  );
  const state: TaskState = {
    Type: 'Task',
    Resource: spec.resource,
    Arguments: spec.args,
    ...(spec.timeoutSeconds !== undefined ? { TimeoutSeconds: spec.timeoutSeconds } : {}),
    ...scope.record(plan, spec.result),
    ...(retry ? { Retry: retry } : {}),
    Catch: [...catchers, ...scope.catchers(plan)],
    ...(typeof spec.next === 'string' ? { Next: spec.next } : scope.flow(spec.next ?? plan.next)),
  };
  scope.add(name, state);
  emitLinearRetry(scope, plan, name);
  return name;
}

/**
 * `retry` with `errors` never retried: a retrier of every error (`States.ALL`, from a declared
 * `retry`) gets a retrier with `MaxAttempts: 0` for them in front of it, since the first retrier
 * that matches an error decides, and 0 means never ("Error handling in Step Functions",
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html). Retriers of
 * named errors only (the transient ones) never match them.
 */
function withoutRetrying(retry: Retrier[] | undefined, errors: readonly string[]): Retrier[] | undefined {
  if (!retry || errors.length === 0 || !retry.some((r) => r.ErrorEquals.includes('States.ALL'))) return retry;
  return [{ ErrorEquals: [...errors], MaxAttempts: 0 }, ...retry];
}

/**
 * A step that is one synchronous `lambda:invoke` of `fn` with the (unbound) JSONata `payload`: its
 * output is the function's return value; transient Lambda errors are retried when the step declares
 * no `retry`. Records the IAM need; returns the entry state's name.
 */
export function emitLambdaStep<K extends StepKind>(
  scope: Scope,
  plan: StepPlan<K>,
  fn: string,
  payload: string,
  timeoutSeconds: number,
): string {
  const entry = emitTaskStep(scope, plan, {
    resource: RESOURCE.lambdaInvoke,
    args: lambdaArgs(fn, scope.t(payload)),
    result: '$states.result.Payload',
    timeoutSeconds,
    transient: LAMBDA_TRANSIENT_ERRORS,
  });
  scope.env.iam.invokeLambda(entry, fn);
  return entry;
}

/** `Arguments` of a Lambda invoke with a JSONata payload. */
export function lambdaArgs(functionPlaceholder: string, payload: string): JsonObject {
  return { FunctionName: functionPlaceholder, Payload: payload };
}
