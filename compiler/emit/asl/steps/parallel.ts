import type { StepPlan } from '../../../plan/index.ts';
import { allSteps, type CompensationPlan } from '../../../plan/index.ts';
import { emitCompensationRun } from '../compensation.ts';
import { emitExitChoice, exitResults, exitRules, routesExits } from '../exits.ts';
import { emitLinearRetry, retriers } from '../retry.ts';
import { Scope } from '../scope.ts';
import { type Branch, type Catcher, type ChoiceRule, type JsonObject, jsonata, str } from '../types.ts';

/**
 * Parallel: a Parallel state, one branch per nested step; each branch gets a context object
 * (see Scope) and returns only its result `{steps, completed, exit?, failed?, failure?}` (see
 * `scopeResult`), never its context, so the Parallel's result does not carry the input, trigger
 * and outer step outputs once per branch. The step's output is the merge of the branch steps'
 * outputs; the branches' saga records join the enclosing scope's.
 *
 * - fail_fast: native — the first failing branch fails the Parallel with that branch's error.
 * - wait_all: a failing branch records its failure in its context and ends normally (`failed:
 *   true`), so every branch runs to its end; then the step fails with `Parallel.BranchFailed`
 *   (cause: the branches' failures as JSON) if any branch failed — raised by the Parallel itself
 *   where it can (`emitJoinedParallel`), else by a Choice after it.
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
  if (marks && scope.top && !routed && !step.retry && plan.onFailure.kind !== 'step') {
    return emitJoinedParallel(scope, plan, name, children, branches);
  }
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

/**
 * Opens the branches' report in the error a joined Parallel raises. The expression writes it as
 * `'#' & 'dz#'`, so the expression text (which AWS quotes in the cause) never holds it; the report
 * is URL-encoded (`$encodeUrlComponent`, no `#` in it), and a `#` closes it.
 */
const REPORT_MARK = '#dz#';
/**
 * Characters of encoded report that fit in a cause beside AWS's prefix and the expression text it
 * quotes: AWS caps a cause at 32,768 characters (EvaluationFailedEventDetails, Step Functions API
 * reference, https://docs.aws.amazon.com/step-functions/latest/apireference/API_EvaluationFailedEventDetails.html).
 */
const REPORT_BUDGET = 24_000;
/** Characters of the branches' failures kept when the whole report does not fit. */
const SHORT_CAUSE = 2_000;

/**
 * A top-level wait_all / rollback Parallel that checks its branches itself, with no Choice after
 * it (one state transition fewer on the happy path, and it can end the run itself; issue 14): the
 * step variable's `Assign` raises an error (`$error`) when a branch failed. An error thrown by a
 * JSONata expression of a state fails the state with `States.QueryEvaluationError` and an
 * `EvaluationFailed` event ("an evaluation failure ... for example, when a JSONata expression
 * throws an error", EvaluationFailedEventDetails, above; AWS-recorded causes in LocalStack's
 * snapshots, e.g. "The JSONata expression '…' specified for the field 'Output/FunctionResult'
 * threw an error during evaluation. T1006: …"), which the state's Catch handles like any other:
 * `States.ALL` matches every error but `States.DataLimitExceeded` and `States.Runtime` ("Handling
 * errors in Step Functions workflows", https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html).
 * The lock's required-input check relies on the same (lock.ts `putLock`, `$assert`).
 *
 * A failed state's own Assign is not applied and its Catch sees only `$states.errorOutput`, so the
 * error's message carries what the Choice used to read from the results: the branches' failures
 * (the cause of `Parallel.BranchFailed`, as before) and their saga records (compensated by the
 * rollback, or — wait_all — added to the process's list for the failure path, as before). The
 * Catch reads that report after `REPORT_MARK` in the cause; any other error (an Arguments
 * evaluation error, say) is recorded as it is, as before. A report too large for a cause keeps the
 * records and shortens the failures, and only past that drops the records (the failure says so).
 * Used only where no Retry of the step would retry the raised error, no process exit is routed
 * after the state and the step's failure goes to `fail`; otherwise the Choice form.
 */
function emitJoinedParallel(
  scope: Scope,
  plan: StepPlan<'parallel'>,
  name: string,
  children: readonly Scope[],
  branches: Branch[],
): string {
  const step = plan.step;
  const env = scope.env;
  const records = '[$states.result.completed]';
  const report = (cause: string, completed: string) =>
    `$encodeUrlComponent($string({'cause': ${cause}, 'completed': ${completed}}))`;
  const short = `$substring($cause, 0, ${SHORT_CAUSE})`;
  const raise =
    `($failed := $states.result[failed = true]; $count($failed) = 0 ? $merge([$states.result.steps]) : (` +
    `$cause := $string([$failed.failure]); $full := ${report('$cause', records)}; $short := ${report(short, records)}; ` +
    `$error('#' & 'dz#' & ($length($full) <= ${REPORT_BUDGET} ? $full : $length($short) <= ${REPORT_BUDGET} ? $short : ${report(short, 'null')}) & '#')))`;
  const assign: JsonObject = {
    ...scope.record(plan, '$merge([$states.result.steps])', { childRecords: records }).Assign,
  };
  assign[env.vars.of(step.name)] = jsonata(raise);

  // In the Catch: `$report`, the decoded report (undefined when the error is not a branch failure).
  const after = `$substringAfter($states.errorOutput.Cause, ${str(REPORT_MARK)})`;
  const withReport = (body: string) =>
    `($after := ${after}; $raised := $exists($after) and $after != $states.errorOutput.Cause; ` +
    `$report := $raised and $contains($after, '#') ? $parse($decodeUrlComponent($substringBefore($after, '#'))); ${body})`;
  const failure = withReport(
    `$raised ? {'step': ${str(step.name)}, 'error': 'Parallel.BranchFailed', 'cause': ` +
      `($type($report.completed) = 'array' ? '' : 'saga records of the branches too large to carry, not compensated; ') & ` +
      `($exists($report.cause) ? $report.cause : 'failures of the branches too large to report')} ` +
      `: {'step': ${str(step.name)}, 'error': $states.errorOutput.Error, 'cause': $states.errorOutput.Cause}`,
  );
  const branchRecords = withReport(`$type($report.completed) = 'array' ? $report.completed : []`);
  const failureTarget = scope.target(plan.onFailure);
  const catcher: Catcher = {
    ErrorEquals: ['States.ALL'],
    Next: failureTarget,
    Assign: { failure: jsonata(failure) },
  };
  const compensations = branchCompensations(plan);
  const rollback = step.parallel_policy === 'rollback' && compensations.length > 0;
  if (rollback) {
    catcher.Next = env.names.aux(step.name, 'rollback');
    catcher.Output = jsonata(`{'completed': ${branchRecords}}`);
  } else if (step.parallel_policy === 'wait_all' && compensations.length > 0 && catcher.Assign) {
    // As before: the branches' records join the process's, which its failure path compensates.
    catcher.Assign.completed = jsonata(`$append($completed, ${branchRecords})`);
  }
  scope.add(name, {
    Type: 'Parallel',
    Arguments: scope.childContext(false, children),
    Branches: branches,
    Assign: assign,
    Catch: [catcher],
    ...scope.flow(plan.next),
  });
  if (rollback) {
    emitCompensationRun(
      scope,
      catcher.Next,
      '$reverse($states.input.completed)',
      compensations,
      { Next: failureTarget },
      { Assign: { compensations: jsonata('$states.result') }, Output: jsonata('$states.input') },
    );
  }
  return name;
}
