import type { ValidationContext } from '../context.ts';

/**
 * A step with `compensate` inside a `fail_fast` parallel (in a branch, or deeper): when a branch
 * fails, the Parallel state fails with that branch's error alone and the saga records of the other
 * branches are lost, so their completed steps are not compensated. `rollback` compensates them
 * (and `wait_all` keeps their records for the process's failure path). A warning, at `compensate`.
 */
export function FailFastCompensationsRule(context: ValidationContext): void {
  for (const { spec } of context.workflows) {
    for (const { step, scope } of context.stepsOf(spec)) {
      if (!step.compensate_with) continue;
      const failFast = [...scope.outer, scope].find(
        (s) => s.kind === 'parallel' && s.container?.parallel_policy === 'fail_fast',
      )?.container;
      if (!failFast) continue;
      context.report(
        'DZ325',
        `step "${step.name}" has compensate "${step.compensate_with}" inside parallel "${failFast.name}", ` +
          'which is fail_fast: when a branch fails, completed steps of the other branches are not compensated. ' +
          'Write on_any_failure: rollback to compensate them.',
        step,
        'compensate_with',
      );
    }
  }
}
