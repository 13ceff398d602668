import type { StepKind } from '../../../ir/types.ts';
import type { StepPlan } from '../../../plan/index.ts';
import type { Scope } from '../scope.ts';
import { emitCondition } from './condition.ts';
import { emitForeach } from './foreach.ts';
import { emitHumanTask } from './humanTask.ts';
import { emitLlmIntent } from './llmIntent.ts';
import { emitParallel } from './parallel.ts';
import { emitQuery } from './query.ts';
import { emitSend } from './send.ts';
import { emitService } from './service.ts';
import { emitSideEffect } from './sideEffect.ts';
import { emitSubprocess } from './subprocess.ts';
import { emitWait } from './wait.ts';

/** Emits one step's states into its scope; returns the step's entry state name. */
export type StepEmitter<K extends StepKind> = (scope: Scope, plan: StepPlan<K>) => string;

/** One emitter per step kind: adding a kind breaks the build until it has one. */
export const STEP_EMITTERS: { readonly [K in StepKind]: StepEmitter<K> } = {
  service: emitService,
  send: emitSend,
  wait: emitWait,
  human_task: emitHumanTask,
  subprocess: emitSubprocess,
  parallel: emitParallel,
  condition: emitCondition,
  query: emitQuery,
  foreach: emitForeach,
  side_effect: emitSideEffect,
  llm_intent: emitLlmIntent,
};

export function emitStep(scope: Scope, plan: StepPlan): string {
  const emit = STEP_EMITTERS[plan.step.kind] as StepEmitter<StepKind>;
  return emit(scope, plan);
}

/** Emits every step of a scope, in order. */
export function emitScopeSteps(scope: Scope): void {
  for (const plan of scope.plan.steps) emitStep(scope, plan);
}
