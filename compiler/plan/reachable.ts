import type { ProcessStep } from '../ir/types.ts';

/**
 * The names a step can continue with, in order (step names, `complete` or `fail`). A step continues
 * with its `on_success`, else `following` (the next step of its scope; none ends the scope); a
 * condition with `on_true`/`on_false`, a missing one meaning `following`; a human task with
 * outcomes with their gotos (an outcome without `goto` completes the process); any step with its
 * `on_failure` too.
 */
export function successorNames(step: ProcessStep, following: string | undefined): string[] {
  const onward = following ?? 'complete';
  const names: string[] = [];
  if (step.kind === 'condition') {
    names.push(step.on_true ?? onward, step.on_false ?? onward);
  } else if (step.kind === 'human_task' && (step.human_task?.outcomes ?? []).length > 0) {
    for (const outcome of step.human_task.outcomes) names.push(outcome.goto || 'complete');
  } else {
    names.push(step.on_success ?? onward);
  }
  if (step.on_failure) names.push(step.on_failure);
  return names;
}

/**
 * The steps of one scope that control can reach from its start: the first step of a sequence (the
 * process body, a foreach body), or every step when `branches` (each child of a parallel is a
 * branch of its own, with no "next step" between them). A step that only unreachable steps jump
 * to is unreachable too.
 *
 * AWS rejects a definition holding a state nothing transitions to (`MISSING_TRANSITION_TARGET:
 * State "X" is not reachable`, Step Functions CreateStateMachine, "InvalidDefinition"), so the
 * planner leaves unreachable steps out, and the validator reports them (DZ307) from this same set.
 */
export function reachableSteps(steps: readonly ProcessStep[], branches = false): Set<ProcessStep> {
  const reached = new Set<ProcessStep>(branches ? steps : steps.slice(0, 1));
  if (branches || steps.length < 2) return reached;
  const byName = new Map<string, ProcessStep>();
  for (const step of steps) if (!byName.has(step.name)) byName.set(step.name, step);
  const index = new Map(steps.map((step, i) => [step, i]));
  // A Set iterates over what is added while iterating: a breadth-first walk without a queue.
  for (const step of reached) {
    const following = steps[index.get(step)! + 1]?.name;
    for (const name of successorNames(step, following)) {
      const target = byName.get(name);
      if (target) reached.add(target);
    }
  }
  return reached;
}
