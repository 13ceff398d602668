import { DEFAULTS, type HumanTaskOutcome, type ProcessStep, type StepOf } from '../ir/types.ts';
import { reachableSteps } from './reachable.ts';
import {
  COMPLETE,
  type CompensationPlan,
  EXIT_COMPLETE,
  EXIT_FAIL,
  FAIL,
  type FlowPlan,
  type FlowTarget,
  type OutcomeRoute,
  type ScopeExits,
  type ScopePlan,
  type StepPlan,
  toStep,
} from './types.ts';
import type { WorkflowDef } from './workflow.ts';

export { reachableSteps, successorNames } from './reachable.ts';
export * from './types.ts';
export { type WorkflowDef, workflowOf } from './workflow.ts';

/**
 * Builds the flow graph of a checked workflow. Jumps resolve within the scope of the step that
 * makes them (the validator rejects unknown names); a name that still does not resolve here is
 * treated as `fail`, so a plan never points nowhere.
 */
export function planWorkflow(workflow: WorkflowDef): FlowPlan {
  const compensations = new Map<string, CompensationPlan>();
  const root = planScope(workflow.steps, 0, { workflow, compensations });
  return { workflow, root, compensations: [...compensations.values()] };
}

/**
 * What planning one workflow shares across its scopes: the compensations registered so far. (Plain
 * functions over this, not closures: the tsx loader names every closure, at a cost per call.)
 */
interface Planning {
  readonly workflow: WorkflowDef;
  readonly compensations: Map<string, CompensationPlan>;
}

/** The compensation a step names, planned on first use. */
function register(planning: Planning, step: ProcessStep): CompensationPlan | undefined {
  const name = step.compensate_with;
  if (!name) return undefined;
  const existing = planning.compensations.get(name);
  if (existing) return existing;
  const declared = planning.workflow.compensations.find((c) => c.name === name);
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
  planning.compensations.set(name, plan);
  return plan;
}

/** The step names of a scope and whether it is nested (where `complete`/`fail` exit the process). */
interface ScopeNames {
  readonly names: ReadonlySet<string>;
  readonly nested: boolean;
}

/** A jump target within a scope; a name that does not resolve is `fail`. */
function resolve(scope: ScopeNames, name: string | undefined, fallback: FlowTarget): FlowTarget {
  if (name === undefined || name === '') return fallback;
  if (name === 'complete') return scope.nested ? EXIT_COMPLETE : COMPLETE;
  if (name === 'fail') return scope.nested ? EXIT_FAIL : FAIL;
  return scope.names.has(name) ? toStep(name) : FAIL;
}

/**
 * Plans one scope. Unreachable steps (`reachableSteps`) are left out, with the compensations and
 * nested scopes only they would bring: AWS rejects a definition with a state nothing reaches. The
 * validator reports them (DZ307). Fallthroughs still read the written order, so a kept step's
 * `next` is what the user wrote.
 */
function planScope(steps: readonly ProcessStep[], depth: number, planning: Planning): ScopePlan {
  const names: ScopeNames = { names: new Set(steps.map((s) => s.name)), nested: depth > 0 };
  const reachable = reachableSteps(steps);
  const planned: StepPlan[] = [];
  for (let index = 0; index < steps.length; index++) {
    if (reachable.has(steps[index])) planned.push(planStep(steps, index, names, depth, planning));
  }
  return { steps: planned, depth };
}

function planStep(
  steps: readonly ProcessStep[],
  index: number,
  names: ScopeNames,
  depth: number,
  planning: Planning,
): StepPlan {
  const step = steps[index];
  const following = steps[index + 1];
  const fallthrough = following ? toStep(following.name) : COMPLETE;
  const next = resolve(names, step.on_success, fallthrough);
  const onFailure = resolve(names, step.on_failure, FAIL);
  const compensation = register(planning, step);
  // Literals, not `{ ...base, … }`: spreading a shared base was the costliest part of planning.
  switch (step.kind) {
    case 'condition':
      return {
        next,
        onFailure,
        compensation,
        step,
        whenTrue: resolve(names, step.on_true, fallthrough),
        whenFalse: resolve(names, step.on_false, fallthrough),
      };
    case 'human_task':
      return { next, onFailure, compensation, step, outcomes: outcomeRoutes(step, next, names) };
    case 'parallel': {
      const scopes = step.parallel_steps.map((branch) => planScope([branch], depth + 1, planning));
      return { next, onFailure, compensation, step, scopes, exits: exitsOf(scopes) };
    }
    case 'foreach': {
      const scopes = [planScope(step.foreach_steps, depth + 1, planning)];
      return { next, onFailure, compensation, step, scopes, exits: exitsOf(scopes) };
    }
    case 'service':
    case 'send':
    case 'wait':
    case 'subprocess':
    case 'query':
    case 'side_effect':
    case 'llm_intent':
      return { next, onFailure, compensation, step };
    default: {
      const never: never = step;
      return never;
    }
  }
}

/** The implicit outcome of a human task that declares none: continue with the next step. */
export const IMPLICIT_OUTCOME: HumanTaskOutcome = {
  name: 'complete',
  label: 'Complete',
  sets: [],
  goto: 'complete',
  style: DEFAULTS.outcomeStyle,
};

function outcomeRoutes(step: StepOf<'human_task'>, next: FlowTarget, names: ScopeNames): OutcomeRoute[] {
  const outcomes = step.human_task.outcomes;
  if (outcomes.length === 0) return [{ outcome: IMPLICIT_OUTCOME, target: next }];
  return outcomes.map((outcome) => ({ outcome, target: resolve(names, outcome.goto, COMPLETE) }));
}

/** The process exits that steps of `scopes` (or of scopes nested in them) can take. */
function exitsOf(scopes: readonly ScopePlan[]): ScopeExits {
  let complete = false;
  let fail = false;
  for (const scope of scopes) {
    for (const s of scope.steps) {
      const targets = [
        s.next,
        s.onFailure,
        s.whenTrue,
        s.whenFalse,
        ...(s.outcomes ?? []).map((o) => o.target),
      ];
      for (const t of targets) {
        if (t?.kind === 'complete' && t.exit) complete = true;
        if (t?.kind === 'fail' && t.exit) fail = true;
      }
      if (s.exits?.complete) complete = true;
      if (s.exits?.fail) fail = true;
    }
  }
  return { complete, fail };
}

/** The plan of every step, depth first, in source order (for manifests and checks). */
export function allSteps(scope: ScopePlan): StepPlan[] {
  const found: StepPlan[] = [];
  collectSteps(scope, found);
  return found;
}

// Appends into one array: the emitters and the manifest walk every plan, and nested flatMaps
// copied each scope's steps once per level.
function collectSteps(scope: ScopePlan, found: StepPlan[]): void {
  for (const s of scope.steps) {
    found.push(s);
    for (const inner of s.scopes ?? []) collectSteps(inner, found);
  }
}
