import { MAX_OUTCOME_NAME, outcomeError } from '../../contracts/runtime.ts';
import type { ValidationContext } from '../context.ts';

/**
 * A human task outcome other than the first resumes its execution with SendTaskFailure, error
 * `HumanTask.Outcome.<name>`, which Step Functions takes up to 256 characters long
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskFailure.html): the
 * name fits in what is left.
 */
export function OutcomeNamesRule(context: ValidationContext): void {
  for (const { spec } of context.workflows) {
    for (const { step } of context.stepsOf(spec)) {
      if (step.kind !== 'human_task') continue;
      for (const outcome of step.human_task?.outcomes ?? []) {
        if (outcome.name.length <= MAX_OUTCOME_NAME) continue;
        context.report(
          'DZ326',
          `outcome "${outcome.name.slice(0, 40)}…" of step "${step.name}" is ${outcome.name.length} characters; ` +
            `its error ${outcomeError('<name>')} allows at most ${MAX_OUTCOME_NAME}: shorten it.`,
          outcome,
          'name',
        );
      }
    }
  }
}
