import { type ValidationContext, workflowLabel } from '../context.ts';
import { reportDuplicates } from '../duplicates.ts';
import { isTerminal } from '../flow.ts';

/**
 * Step names are unique within a workflow, across nesting (a step's output is addressed by its
 * name from anywhere in the workflow), and none is `complete` or `fail`, which jumps read as
 * terminals.
 */
export function UniqueStepNamesRule(context: ValidationContext): void {
  for (const workflow of context.workflows) {
    const steps = context.stepsOf(workflow.spec).map(({ step }) => step);
    reportDuplicates(context, 'DZ304', steps, 'step', workflowLabel(workflow));
    for (const step of steps.filter((s) => isTerminal(s.name))) {
      context.report(
        'DZ324',
        `step "${step.name}" of ${workflowLabel(workflow)} is named like a terminal; ` +
          `a jump to "${step.name}" ends the workflow instead of running it. Rename the step.`,
        step,
        'name',
      );
    }
  }
}
