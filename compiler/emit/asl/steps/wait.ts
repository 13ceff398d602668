import { PLACEHOLDER } from '../../../contracts/runtime.ts';
import { DEFAULTS } from '../../../ir/types.ts';
import type { StepPlan } from '../../../plan/index.ts';
import { LAMBDA_TRANSIENT_ERRORS } from '../retry.ts';
import type { Scope } from '../scope.ts';
import { EXECUTION_REF, emitTaskStep, lambdaArgs, RESOURCE, whoBody } from '../task.ts';
import { str } from '../types.ts';

/**
 * Wait: a duration is a Wait state; a signal is a `.waitForTaskToken` call of the signal-register
 * handler (SignalRegisterEvent), whose output is the SignalDelivery. A signal wait's timeout is
 * the step's when it differs from the step default (30 s), else the process timeout.
 */
export function emitWait(scope: Scope, plan: StepPlan<'wait'>): string {
  const step = plan.step;
  if (step.wait_for_signal === undefined) {
    const name = scope.env.names.step(step.name);
    return scope.add(name, {
      Type: 'Wait',
      Seconds: Math.max(0, step.wait_duration_seconds ?? 0),
      ...scope.flow(plan.next),
    });
  }
  const timeout = signalTimeout(step.timeout_seconds, scope.env.workflow.timeoutSeconds);
  const fn = PLACEHOLDER.handlerFunction('signalRegister');
  const correlation = step.wait_correlation
    ? `, 'correlation_id': ${scope.env.expr.path(step.wait_correlation, scope.inForeach, step, 'wait_correlation')}`
    : '';
  const payload = `{'token': $states.context.Task.Token, ${whoBody(scope, step.name)}, 'execution': ${EXECUTION_REF}, 'signal': ${str(step.wait_for_signal)}${correlation}, 'timeout_seconds': ${timeout}}`;
  const entry = emitTaskStep(scope, plan, {
    resource: RESOURCE.lambdaCallback,
    args: lambdaArgs(fn, scope.t(payload)),
    result: '$states.result',
    timeoutSeconds: timeout,
    transient: LAMBDA_TRANSIENT_ERRORS,
  });
  scope.env.iam.invokeLambda(entry, fn);
  return entry;
}

export function signalTimeout(stepTimeout: number, processTimeout: number): number {
  return stepTimeout === DEFAULTS.stepTimeoutSeconds ? processTimeout : stepTimeout;
}
