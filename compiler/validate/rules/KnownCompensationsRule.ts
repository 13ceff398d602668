import { didYouMean } from '../../diagnostics/suggest.ts';
import { compensationsOf, type ValidationContext } from '../context.ts';

/**
 * `compensate` names a declared compensation. When it does not, the compiler compensates by
 * calling the service of that name with the step's inputs (the documentation's own examples rely on
 * that), so this is a warning that says so.
 */
export function KnownCompensationsRule(context: ValidationContext): void {
  for (const { spec } of context.workflows) {
    const declared = compensationsOf(spec).map((compensation) => compensation.name);
    for (const { step } of context.stepsOf(spec)) {
      const name = step.compensate_with;
      if (!name || declared.includes(name)) continue;
      context.report(
        'DZ301',
        `compensate of step "${step.name}" names no declared compensation "${name}"; ` +
          `the compiler adds an implicit one that calls service "${name}" with the step's inputs.` +
          didYouMean(name, declared),
        step,
        'compensate_with',
      );
    }
  }
}
