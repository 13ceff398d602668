import { PLACEHOLDER } from '../../../contracts/runtime.ts';
import type { StepPlan } from '../../../plan/index.ts';
import type { Scope } from '../scope.ts';
import { EXECUTION_REF, emitLambdaStep, whoBody } from '../task.ts';
import { str } from '../types.ts';

/** LLM intent: the llm handler with the LlmIntentEvent; `input_map` paths evaluated here. */
export function emitLlmIntent(scope: Scope, plan: StepPlan<'llm_intent'>): string {
  const step = plan.step;
  const fn = PLACEHOLDER.handlerFunction('llmIntent');
  const input = Object.keys(step.llm_input_map)
    .sort()
    .map(
      (k) =>
        `${str(k)}: ${scope.env.expr.path(step.llm_input_map[k], scope.inForeach, step, 'llm_input_map')}`,
    );
  const payload = `{${whoBody(scope, step.name)}, 'execution': ${EXECUTION_REF}, 'intent': ${str(step.llm_intent)}, 'input': {${input.join(', ')}}}`;
  return emitLambdaStep(scope, plan, fn, payload, step.timeout_seconds);
}
