import type { ProcessStep } from '../../ir/types.ts';
import { reachableSteps } from '../../plan/reachable.ts';
import { innerScopes, type StepScope, type ValidationContext } from '../context.ts';
import { listOf } from '../format.ts';

/**
 * Every step can be reached from the start of its scope through the flow: the next step,
 * `on_success`/`goto`, `on_failure`, `on_true`/`on_false` (a missing one continues with the next
 * step) and outcome gotos. A step after one that always jumps elsewhere is unreachable unless
 * something jumps to it. A run of consecutive unreachable steps is one warning, at its first step;
 * steps inside an unreachable parallel or foreach are not reported again. The planner leaves the
 * same steps out of the state machine (`reachableSteps`), which AWS would otherwise reject.
 */
export function ReachableStepsRule(context: ValidationContext): void {
  for (const { spec } of context.workflows) {
    checkScope(context, { kind: 'root', steps: spec.steps, outer: [] });
  }
}

function checkScope(context: ValidationContext, scope: StepScope): void {
  const reached = reachableSteps(scope.steps, scope.kind === 'parallel');
  let run: ProcessStep[] = [];
  scope.steps.forEach((step, index) => {
    if (!reached.has(step)) {
      run.push(step);
      if (index + 1 < scope.steps.length) return;
    } else {
      for (const inner of innerScopes(step, scope)) checkScope(context, inner);
    }
    if (run.length > 0) reportRun(context, scope, run);
    run = [];
  });
}

function reportRun(context: ValidationContext, scope: StepScope, run: readonly ProcessStep[]): void {
  const [first] = run;
  const previous = scope.steps[scope.steps.indexOf(first) - 1];
  const names = listOf(
    run.map((step) => `"${step.name}"`),
    'and',
  );
  const [what, them] = run.length === 1 ? [`step ${names} is`, 'it'] : [`steps ${names} are`, 'them'];
  const why = previous
    ? `step "${previous.name}" before ${them} always continues elsewhere and no reachable step jumps to ${them}`
    : `no reachable step continues with ${them} or jumps to ${them}`;
  context.report('DZ307', `${what} never reached: ${why}.`, first, 'name');
}
