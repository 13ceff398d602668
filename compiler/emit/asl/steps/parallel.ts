import type { StepPlan } from '../../../plan/index.ts';
import { allSteps, type CompensationPlan } from '../../../plan/index.ts';
import { emitCompensationRun } from '../compensation.ts';
import { emitExitChoice, exitResults, exitRules, routesExits } from '../exits.ts';
import { emitLinearRetry, retriers } from '../retry.ts';
import { Scope } from '../scope.ts';
import { type Branch, type ChoiceRule, jsonata } from '../types.ts';

/**
 * Parallel: a Parallel state, one branch per nested step; each branch gets a context object
 * (see Scope) and returns only its result `{steps, completed, exit?, failed?, failure?}` (see
 * `scopeResult`), never its context, so the Parallel's result does not carry the input, trigger
 * and outer step outputs once per branch. The step's output is the merge of the branch steps'
 * outputs; the branches' saga records join the enclosing scope's.
 *
 * - fail_fast: native — the first failing branch fails the Parallel with that branch's error.
 * - wait_all: a failing branch records its failure in its context and ends normally (`failed:
 *   true`), so every branch runs to its end; then a Choice fails the step with
 *   `Parallel.BranchFailed` (cause: the branches' failures as JSON) if any branch failed.
 * - rollback: as wait_all, but before failing, the saga records of the branches (their completed
 *   compensable steps) are compensated in reverse order; records of a rolled-back parallel are not
 *   added to the process's saga list (they are already compensated).
 *
 * A fail_fast parallel loses the saga records of its branches when it fails (a failed Parallel state
 * returns only the error), so their compensations do not run; the validator warns (DZ325).
 * `complete` / `fail` written inside a branch end the process: see exits.ts.
 */
export function emitParallel(scope: Scope, plan: StepPlan<'parallel'>): string {
  const step = plan.step;
  const env = scope.env;
  const policy = step.parallel_policy;
  const marks = policy !== 'fail_fast';
  const children = (plan.scopes ?? []).map((branchPlan, i) => {
    const label = branchPlan.steps[0]?.step.name ?? `${step.name} ${i}`;
    const child = new Scope(env, branchPlan, `${label} lane`, scope.inForeach, marks);
    env.emitNested(child);
    return child;
  });
  const branches: Branch[] = children.map((child) => ({
    StartAt: env.names.step(child.plan.steps[0].step.name),
    States: child.states,
  }));
  const name = env.names.step(step.name);
  const routed = routesExits(plan);
  const check = env.names.aux(step.name, marks ? 'branches' : 'exits');
  const retry = retriers(step.retry, undefined);
  scope.add(name, {
    Type: 'Parallel',
    Arguments: scope.childContext(false, children),
    Branches: branches,
    ...scope.record(plan, '$merge([$states.result.steps])', {
      childRecords: branchRecords(plan),
      ...(marks ? { extraOutput: '$states.result' } : {}),
      exits: routed,
    }),
    ...(marks && scope.top ? { Output: jsonata(`{'branches': $states.result}`) } : {}),
    ...(retry ? { Retry: retry } : {}),
    Catch: scope.catchers(plan),
    ...(marks || routed ? { Next: check } : scope.flow(plan.next)),
  });
  emitLinearRetry(scope, plan, name);
  const exits = exitRules(scope, plan, exitResults(scope, marks));
  if (!marks) {
    if (routed) emitExitChoice(scope, check, exits, plan);
    return name;
  }

  const failed = scope.failWith(
    env.names.aux(step.name, 'branch failed'),
    step.name,
    "'Parallel.BranchFailed'",
    '$string([$states.input.branches[failed = true].failure])',
    plan.onFailure,
  );
  let onAnyFailure = failed;
  if (policy === 'rollback') {
    const compensations = branchCompensations(plan);
    if (compensations.length > 0) {
      onAnyFailure = emitCompensationRun(
        scope,
        env.names.aux(step.name, 'rollback'),
        '$reverse([$states.input.branches.completed])',
        compensations,
        { Next: failed },
        scope.top
          ? { Assign: { compensations: jsonata('$states.result') }, Output: jsonata('$states.input') }
          : { Output: jsonata(`$merge([$states.input, {'rollback': $states.result}])`) },
      );
    }
  }
  const anyFailed: ChoiceRule = {
    Condition: jsonata('$count($states.input.branches[failed = true]) > 0'),
    Next: onAnyFailure,
  };
  scope.add(check, {
    Type: 'Choice',
    Choices: [exits.fail, anyFailed, exits.complete].filter((r) => r !== undefined),
    Default: scope.target(plan.next),
  });
  return name;
}

/**
 * JSONata for the saga records of the branches to add to the scope's. A rolled-back parallel adds
 * none (they are compensated already), unless a branch exits with `fail`: then the process failure
 * path compensates them all.
 */
function branchRecords(plan: StepPlan<'parallel'>): string {
  const records = '[$states.result.completed]';
  if (plan.step.parallel_policy !== 'rollback') return records;
  const rolledBack = plan.exits?.fail
    ? "$count($states.result[failed = true]) > 0 and $count($states.result[exit = 'fail']) = 0"
    : '$count($states.result[failed = true]) > 0';
  return `(${rolledBack} ? [] : ${records})`;
}

function branchCompensations(plan: StepPlan<'parallel'>): CompensationPlan[] {
  const byName = new Map<string, CompensationPlan>();
  for (const branch of plan.scopes ?? []) {
    for (const s of allSteps(branch)) if (s.compensation) byName.set(s.compensation.name, s.compensation);
  }
  return [...byName.values()];
}
