import { didYouMean } from '../../diagnostics/suggest.ts';
import type { ProcessSpec, ScheduleSpec } from '../../ir/types.ts';
import { inputsOf, type ScopedStep, type ValidationContext, workflowLabel } from '../context.ts';

/** Roots that always name data of the execution: its input and what triggered it. */
const DATA_ROOTS = ['input', 'inputs', 'trigger', 'self', 'entity'];

/**
 * A foreach iterates over something that exists when it starts: the output of an earlier step (by
 * name or `output:` mapping), an input, the trigger's data, or the item of an enclosing foreach.
 * Its `concurrency`, when given, is a whole number ≥ 0 (0 = no limit).
 */
export function ForeachSourcesRule(context: ValidationContext): void {
  for (const workflow of context.workflows) {
    const walked = context.stepsOf(workflow.spec);
    walked.forEach((scoped, position) => {
      const { step } = scoped;
      if (step.kind !== 'foreach') return;
      const concurrency = step.foreach_concurrency;
      if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 0)) {
        context.report(
          'DZ317',
          `concurrency of foreach "${step.name}" is ${concurrency}; write a whole number ≥ 0 (0 runs all items at once).`,
          step,
          'foreach_concurrency',
        );
      }
      if (!step.foreach_source) return; // StepKindsRule reports it
      const problem = sourceProblem(
        context,
        step.foreach_source,
        scoped,
        walked.slice(0, position),
        workflow.spec,
      );
      if (problem) {
        context.report(
          'DZ312',
          `foreach source "${step.foreach_source}" of step "${step.name}" in ${workflowLabel(workflow)} ${problem}.`,
          step,
          'foreach_source',
        );
      }
    });
  }
}

/** Why `source` cannot be iterated at the foreach, or undefined when it can. */
function sourceProblem(
  context: ValidationContext,
  source: string,
  foreach: ScopedStep,
  before: readonly ScopedStep[],
  spec: ProcessSpec | ScheduleSpec,
): string | undefined {
  const [root, field] = source.trim().split('.');
  const inputs = inputsOf(spec).map((input) => input.name);
  const enclosing = new Set(
    foreach.scope.outer.map((scope) => scope.container).concat(foreach.scope.container),
  );
  const earlier = before
    .filter(({ step }) => !enclosing.has(step))
    .flatMap(({ step }) => [step.name, ...(step.output_mapping ? [step.output_mapping] : [])]);
  const insideForeach = [foreach.scope, ...foreach.scope.outer].some((scope) => scope.kind === 'foreach');
  const triggerEntity = 'trigger' in spec ? spec.trigger?.entity_name : undefined;

  if (earlier.includes(root) || inputs.includes(root) || root === triggerEntity) return undefined;
  if (insideForeach && root === 'item') return undefined;
  if (root === 'input' || root === 'inputs') {
    if (field === undefined || inputs.includes(field)) return undefined;
    return `names no declared input "${field}"${didYouMean(field, inputs)}`;
  }
  if (DATA_ROOTS.includes(root)) return undefined;
  // Any other step of that name is this foreach, one around it, or one after it.
  if (context.stepsOf(spec).some(({ step }) => step.name === root)) {
    return `is step "${root}", which has not run yet when the foreach starts`;
  }
  return `is not an earlier step or an input${didYouMean(root, [...earlier, ...inputs])}`;
}
