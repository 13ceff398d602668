import { PLACEHOLDER } from '../../../contracts/runtime.ts';
import type { StepOf } from '../../../ir/types.ts';
import type { StepPlan } from '../../../plan/index.ts';
import type { Scope } from '../scope.ts';
import { EXECUTION_REF, emitLambdaStep, whoBody } from '../task.ts';
import { str } from '../types.ts';

/** JSONata for a step's mapped inputs `{<target>: <source>, …}` (`{}` when it maps none). */
export function mappedInputs(scope: Scope, step: StepOf<'service' | 'send' | 'subprocess'>): string {
  const fields = step.inputs.map(
    (m) => `${str(m.target)}: ${scope.env.expr.path(m.source, scope.inForeach, m, 'source')}`,
  );
  return `{${fields.join(', ')}}`;
}

/**
 * Service: Task `lambda:invoke` of `${Service_<name>}` with the ServiceEvent (DESIGN.md §3):
 * `input` = the mapped inputs (`{}` when the step maps none), `context` = `{input, trigger}` (the
 * process inputs and the trigger, once): step outputs reach a service through its mappings only,
 * so the payload does not grow with the number of steps before this one (256 KiB payload limit).
 */
export function emitService(scope: Scope, plan: StepPlan<'service'>): string {
  const step = plan.step;
  const fn = PLACEHOLDER.serviceFunction(step.service);
  const payload = `{${whoBody(scope, step.name)}, 'execution': ${EXECUTION_REF}, 'input': ${mappedInputs(scope, step)}, 'context': ${scope.contextBody()}}`;
  return emitLambdaStep(scope, plan, fn, payload, step.timeout_seconds);
}
