import { MAX_OUTCOME_NAME, OUTCOME_NAME, outcomeError } from '../../contracts/runtime.ts';
import type { ValidationContext } from '../context.ts';

/**
 * A human task outcome other than the first resumes its execution with SendTaskFailure, error
 * `HumanTask.Outcome.<name>`, which Step Functions takes up to 256 characters long
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskFailure.html): the
 * name fits in what is left. It is an identifier (`OUTCOME_NAME`): names from `processes.json` can
 * be any string, and one like `__proto__` would lose its effects once keyed into an object.
 */
export function OutcomeNamesRule(context: ValidationContext): void {
  for (const { spec } of context.workflows) {
    for (const { step } of context.stepsOf(spec)) {
      if (step.kind !== 'human_task') continue;
      for (const outcome of step.human_task?.outcomes ?? []) {
        if (!OUTCOME_NAME.test(outcome.name))
          context.report(
            'DZ327',
            `outcome ${JSON.stringify(outcome.name.slice(0, 40))} of step "${step.name}" is not an identifier: ` +
              'use letters, digits and _, starting with a letter.',
            outcome,
            'name',
          );
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
