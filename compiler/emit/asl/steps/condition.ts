import type { FlowTarget, StepPlan } from '../../../plan/index.ts';
import type { Scope } from '../scope.ts';
import { str } from '../types.ts';

/** Condition: a Choice with the compiled JSONata `Condition`; on_false is the Default. */
export function emitCondition(scope: Scope, plan: StepPlan<'condition'>): string {
  const step = plan.step;
  const condition = scope.env.expr.condition(step.condition, scope.inForeach, step, 'condition');
  const whenTrue = plan.whenTrue ?? plan.next;
  const whenFalse = plan.whenFalse ?? plan.next;
  // A branch to `fail` records why first (a Pass): Choice-level Assign is avoided on purpose, as
  // whether it also applies to matched rules is not something to rely on.
  const to = (target: FlowTarget, branch: string): string =>
    target.kind === 'fail'
      ? scope.failWith(
          scope.env.names.aux(step.name, `${branch} fails`),
          step.name,
          "'Process.Failed'",
          str(`condition '${step.name}' is ${branch} and goes to fail`),
          target,
        )
      : scope.target(target);
  return scope.add(scope.env.names.step(step.name), {
    Type: 'Choice',
    Choices: [{ Condition: scope.t(condition), Next: to(whenTrue, 'true') }],
    Default: to(whenFalse, 'false'),
  });
}
