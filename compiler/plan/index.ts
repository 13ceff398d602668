import { DEFAULTS, type HumanTaskOutcome, type ProcessStep, type StepOf } from '../ir/types.ts';
import {
  COMPLETE,
  type CompensationPlan,
  FAIL,
  type FlowPlan,
  type FlowTarget,
  type OutcomeRoute,
  type ScopePlan,
  type StepPlan,
  toStep,
} from './types.ts';
import type { WorkflowDef } from './workflow.ts';

export * from './types.ts';
export { type WorkflowDef, workflowOf } from './workflow.ts';

/**
 * Builds the flow graph of a checked workflow. Jumps resolve within the scope of the step that
 * makes them (the validator rejects unknown names); a name that still does not resolve here is
 * treated as `fail`, so a plan never points nowhere.
 */
export function planWorkflow(workflow: WorkflowDef): FlowPlan {
  const compensations = new Map<string, CompensationPlan>();
  const register = (step: ProcessStep): CompensationPlan | undefined => {
    const name = step.compensate_with;
    if (!name) return undefined;
    const existing = compensations.get(name);
    if (existing) return existing;
    const declared = workflow.compensations.find((c) => c.name === name);
    const plan: CompensationPlan = declared
      ? {
          name,
          service: declared.service ?? name,
          inputs: declared.inputs,
          timeoutSeconds: declared.timeout_seconds,
          retry: declared.retry,
          implicit: false,
        }
      : {
          name,
          service: name,
          inputs: step.inputs,
          timeoutSeconds: DEFAULTS.compensationTimeoutSeconds,
          implicit: true,
        };
    compensations.set(name, plan);
    return plan;
  };
  const root = planScope(workflow.steps, 0, register);
  return { workflow, root, compensations: [...compensations.values()] };
}

type Register = (step: ProcessStep) => CompensationPlan | undefined;

function planScope(steps: readonly ProcessStep[], depth: number, register: Register): ScopePlan {
  const names = new Set(steps.map((s) => s.name));
  const resolve = (name: string | undefined, fallback: FlowTarget): FlowTarget => {
    if (name === undefined || name === '') return fallback;
    if (name === 'complete') return COMPLETE;
    if (name === 'fail') return FAIL;
    return names.has(name) ? toStep(name) : FAIL;
  };
  const planned = steps.map((step, index): StepPlan => {
    const following = steps[index + 1];
    const fallthrough = following ? toStep(following.name) : COMPLETE;
    const next = resolve(step.on_success, fallthrough);
    const base = {
      next,
      onFailure: resolve(step.on_failure, FAIL),
      compensation: register(step),
    };
    switch (step.kind) {
      case 'condition':
        return {
          ...base,
          step,
          whenTrue: resolve(step.on_true, fallthrough),
          whenFalse: resolve(step.on_false, fallthrough),
        };
      case 'human_task':
        return { ...base, step, outcomes: outcomeRoutes(step, next, resolve) };
      case 'parallel':
        return {
          ...base,
          step,
          scopes: step.parallel_steps.map((branch) => planScope([branch], depth + 1, register)),
        };
      case 'foreach':
        return { ...base, step, scopes: [planScope(step.foreach_steps, depth + 1, register)] };
      case 'service':
      case 'send':
      case 'wait':
      case 'subprocess':
      case 'query':
      case 'side_effect':
      case 'llm_intent':
        return { ...base, step };
      default: {
        const never: never = step;
        return never;
      }
    }
  });
  return { steps: planned, depth };
}

/** The implicit outcome of a human task that declares none: continue with the next step. */
export const IMPLICIT_OUTCOME: HumanTaskOutcome = {
  name: 'complete',
  label: 'Complete',
  sets: [],
  goto: 'complete',
  style: DEFAULTS.outcomeStyle,
};

function outcomeRoutes(
  step: StepOf<'human_task'>,
  next: FlowTarget,
  resolve: (name: string | undefined, fallback: FlowTarget) => FlowTarget,
): OutcomeRoute[] {
  const outcomes = step.human_task.outcomes;
  if (outcomes.length === 0) return [{ outcome: IMPLICIT_OUTCOME, target: next }];
  return outcomes.map((outcome) => ({ outcome, target: resolve(outcome.goto, COMPLETE) }));
}

/** The plan of every step, depth first, in source order (for manifests and checks). */
export function allSteps(scope: ScopePlan): StepPlan[] {
  return scope.steps.flatMap((s) => [s, ...(s.scopes ?? []).flatMap(allSteps)]);
}
