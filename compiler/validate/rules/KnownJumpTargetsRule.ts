import { didYouMean } from '../../diagnostics/suggest.ts';
import { type ValidationContext, workflowLabel } from '../context.ts';
import { isTerminal, jumpsOf, TERMINALS } from '../flow.ts';

/**
 * `on_success`/`goto`, `on_failure`, `on_true`, `on_false` and outcome gotos name a step of the
 * same scope, `complete` or `fail`. A foreach body cannot jump out of itself, and each child of a
 * parallel is a branch of its own (it runs beside its siblings, so it cannot jump to them).
 */
export function KnownJumpTargetsRule(context: ValidationContext): void {
  for (const workflow of context.workflows) {
    const everywhere = new Set(context.stepsOf(workflow.spec).map(({ step }) => step.name));
    for (const scope of context.scopesOf(workflow.spec)) {
      const scopeNames = scope.steps.map((target) => target.name);
      for (const step of scope.steps) {
        // Every step of a scope reaches the same names but a parallel branch, which reaches itself.
        const names = scope.kind === 'parallel' ? [step.name] : scopeNames;
        for (const jump of jumpsOf(step)) {
          if (isTerminal(jump.target) || names.includes(jump.target)) continue;
          const elsewhere = everywhere.has(jump.target);
          const where =
            scope.kind === 'parallel'
              ? `its own branch of parallel "${scope.container?.name}"`
              : scope.container
                ? `foreach "${scope.container.name}"`
                : workflowLabel(workflow);
          const message = elsewhere
            ? `${jump.label} of step "${step.name}" names step "${jump.target}", which is outside ${where}; ` +
              `a jump reaches only steps of its own scope, "complete" or "fail".`
            : `${jump.label} of step "${step.name}" names no step "${jump.target}" of ${where}.` +
              didYouMean(jump.target, [...names, ...TERMINALS]);
          context.report('DZ300', message, jump.node, jump.field);
        }
      }
    }
  }
}
