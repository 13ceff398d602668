import { PLACEHOLDER } from '../../../contracts/runtime.ts';
import type { StepOf } from '../../../ir/types.ts';
import type { StepPlan } from '../../../plan/index.ts';
import type { Scope } from '../scope.ts';
import { EXECUTION_REF, emitLambdaStep, whoBody } from '../task.ts';
import { str } from '../types.ts';

/** JSONata for a step's mapped inputs, or the whole context when it declares none (DESIGN §3). */
export function mappedInputs(scope: Scope, step: StepOf<'service' | 'send' | 'subprocess'>): string {
  if (step.inputs.length === 0) return scope.contextBody();
  const fields = step.inputs.map(
    (m) => `${str(m.target)}: ${scope.env.expr.path(m.source, scope.inForeach, m, 'source')}`,
  );
  return `{${fields.join(', ')}}`;
}

/** Service: Task `lambda:invoke` of `${Service_<name>}` with the ServiceEvent payload. */
export function emitService(scope: Scope, plan: StepPlan<'service'>): string {
  const step = plan.step;
  const fn = PLACEHOLDER.serviceFunction(step.service);
  const payload = `{${whoBody(scope, step.name)}, 'execution': ${EXECUTION_REF}, 'input': ${mappedInputs(scope, step)}, 'context': ${scope.contextBody()}}`;
  return emitLambdaStep(scope, plan, fn, payload, step.timeout_seconds);
}
