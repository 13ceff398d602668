import type { StepPlan } from '../../../plan/index.ts';
import type { Scope } from '../scope.ts';
import { EXECUTION_REF, emitLambdaStep, whoBody } from '../task.ts';
import { ENTITY_STORE, effectsBody, requestIdBody } from './entityStore.ts';

/** Side effect: the entity-store handler, op `effects` (create/update), values evaluated here. */
export function emitSideEffect(scope: Scope, plan: StepPlan<'side_effect'>): string {
  const step = plan.step;
  const payload = `{'op': 'effects', ${whoBody(scope, step.name)}, 'execution': ${EXECUTION_REF}, 'request_id': ${requestIdBody(scope)}, 'effects': ${effectsBody(scope, step.effects)}}`;
  return emitLambdaStep(scope, plan, ENTITY_STORE, payload, step.timeout_seconds);
}
