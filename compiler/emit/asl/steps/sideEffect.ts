import type { StepPlan } from '../../../plan/index.ts';
import { LAMBDA_TRANSIENT_ERRORS } from '../retry.ts';
import type { Scope } from '../scope.ts';
import { EXECUTION_REF, emitTaskStep, lambdaArgs, RESOURCE, whoBody } from '../task.ts';
import { ENTITY_STORE, effectsBody, requestIdBody } from './entityStore.ts';

/** Side effect: the entity-store handler, op `effects` (create/update), values evaluated here. */
export function emitSideEffect(scope: Scope, plan: StepPlan<'side_effect'>): string {
  const step = plan.step;
  const payload = `{'op': 'effects', ${whoBody(scope, step.name)}, 'execution': ${EXECUTION_REF}, 'request_id': ${requestIdBody(scope)}, 'effects': ${effectsBody(scope, step.effects)}}`;
  const entry = emitTaskStep(scope, plan, {
    resource: RESOURCE.lambdaInvoke,
    args: lambdaArgs(ENTITY_STORE, scope.t(payload)),
    result: '$states.result.Payload',
    timeoutSeconds: step.timeout_seconds,
    transient: LAMBDA_TRANSIENT_ERRORS,
  });
  scope.env.iam.invokeLambda(entry, ENTITY_STORE);
  return entry;
}
