import type { StepPlan } from '../../../plan/index.ts';
import { LAMBDA_TRANSIENT_ERRORS } from '../retry.ts';
import type { Scope } from '../scope.ts';
import { emitTaskStep, lambdaArgs, RESOURCE, whoBody } from '../task.ts';
import { str } from '../types.ts';
import { ENTITY_STORE, queryFilters } from './entityStore.ts';

/** Query: the entity-store handler, op `query`, with the filter values evaluated in the machine. */
export function emitQuery(scope: Scope, plan: StepPlan<'query'>): string {
  const step = plan.step;
  const payload = `{'op': 'query', ${whoBody(scope, step.name)}, 'entity': ${str(step.query_entity)}, 'filter': ${queryFilters(scope, step, step.query_filter)}, 'limit': ${step.query_limit}}`;
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
