import type { StepPlan } from '../../../plan/index.ts';
import type { Scope } from '../scope.ts';
import { emitLambdaStep, whoBody } from '../task.ts';
import { str } from '../types.ts';
import { ENTITY_STORE, queryFilters } from './entityStore.ts';

/** Query: the entity-store handler, op `query`, with the filter values evaluated in the machine. */
export function emitQuery(scope: Scope, plan: StepPlan<'query'>): string {
  const step = plan.step;
  const payload = `{'op': 'query', ${whoBody(scope, step.name)}, 'entity': ${str(step.query_entity)}, 'filter': ${queryFilters(scope, step, step.query_filter)}, 'limit': ${step.query_limit}}`;
  return emitLambdaStep(scope, plan, ENTITY_STORE, payload, step.timeout_seconds);
}
