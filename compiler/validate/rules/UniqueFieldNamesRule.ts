import { inputsOf, type ValidationContext, workflowLabel } from '../context.ts';
import { reportDuplicates } from '../duplicates.ts';

/** Input, output, outcome and form field names are unique where they are declared. */
export function UniqueFieldNamesRule(context: ValidationContext): void {
  for (const workflow of context.workflows) {
    const { spec } = workflow;
    reportDuplicates(context, 'DZ306', inputsOf(spec), 'input', workflowLabel(workflow));
    if ('outputs' in spec)
      reportDuplicates(context, 'DZ306', spec.outputs ?? [], 'output', workflowLabel(workflow));
    for (const { step } of context.stepsOf(spec)) {
      if (step.kind !== 'human_task') continue;
      reportDuplicates(context, 'DZ306', step.human_task?.outcomes ?? [], 'outcome', `step "${step.name}"`);
      reportDuplicates(context, 'DZ306', step.human_task?.form ?? [], 'form field', `step "${step.name}"`);
    }
  }
}
