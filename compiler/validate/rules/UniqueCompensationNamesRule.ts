import { compensationsOf, type ValidationContext, workflowLabel } from '../context.ts';
import { reportDuplicates } from '../duplicates.ts';

/** Compensation names are unique within a process. */
export function UniqueCompensationNamesRule(context: ValidationContext): void {
  for (const workflow of context.workflows) {
    reportDuplicates(
      context,
      'DZ305',
      compensationsOf(workflow.spec),
      'compensation',
      workflowLabel(workflow),
    );
  }
}
