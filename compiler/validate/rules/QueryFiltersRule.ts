import { FILTER_OPS } from '../../contracts/runtime.ts';
import { didYouMean } from '../../diagnostics/suggest.ts';
import type { ValidationContext } from '../context.ts';

/**
 * Query filter keys are `field` or `field__op` with an op the entity store implements
 * (`FILTER_OPS`). The store has no relation traversal, so in `a__b__op` the last part is the op too.
 */
export function QueryFiltersRule(context: ValidationContext): void {
  for (const { spec } of context.workflows) {
    for (const { step } of context.stepsOf(spec)) {
      if (step.kind !== 'query') continue;
      const filter = step.query_filter ?? {};
      for (const key of Object.keys(filter)) {
        const parts = key.split('__');
        const op = parts.at(-1) ?? '';
        if (parts.length < 2 || (FILTER_OPS as readonly string[]).includes(op)) continue;
        context.reportAt(
          'DZ316',
          `filter key "${key}" of query "${step.name}" uses unknown operator "${op}"; ` +
            `the operators are ${FILTER_OPS.join(' ')}.` +
            didYouMean(op, FILTER_OPS),
          context.sourceMap.has(filter) ? context.locate(filter, key) : context.locate(step, 'query_filter'),
        );
      }
    }
  }
}
