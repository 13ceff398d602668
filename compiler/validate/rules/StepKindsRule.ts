import { didYouMean } from '../../diagnostics/suggest.ts';
import { STEP_KINDS, type StepKind, type StepOf } from '../../ir/types.ts';
import { type ValidationContext, workflowLabel } from '../context.ts';

/** What each kind cannot run without; `undefined` when the step has it. */
const NEEDS: { [K in StepKind]: (step: StepOf<K>) => string | undefined } = {
  service: (step) => (step.service ? undefined : 'a `service:` name'),
  send: (step) => (step.channel && step.message ? undefined : 'both `channel:` and `message:`'),
  wait: (step) =>
    step.wait_duration_seconds !== undefined || step.wait_for_signal
      ? undefined
      : 'a duration or a signal name in `wait:`',
  human_task: (step) => (step.human_task ? undefined : 'a `human_task:` block'),
  subprocess: (step) => (step.subprocess ? undefined : 'a `subprocess:` process name'),
  parallel: (step) => (step.parallel_steps?.length ? undefined : 'at least one branch step'),
  condition: (step) => (step.condition ? undefined : 'a `condition:` expression'),
  query: (step) => (step.query_entity ? undefined : 'a `query:` entity'),
  foreach: (step) =>
    step.foreach_source && step.foreach_steps?.length ? undefined : 'a `foreach:` source and `steps:` to run',
  side_effect: (step) => (step.effects?.length ? undefined : 'at least one effect'),
  llm_intent: (step) => (step.llm_intent ? undefined : 'an `llm_intent:` name'),
};

const HOW =
  'give it `service:`, `channel:` + `message:`, `wait:`, `human_task:`, `subprocess:`, `condition:`, ' +
  '`query:`, `foreach:`, `llm_intent:`, `effects:` or parallel branches';

/** Every step has a kind (written, or implied by its fields) and the fields that kind needs. */
export function StepKindsRule(context: ValidationContext): void {
  for (const workflow of context.workflows) {
    for (const { step } of context.stepsOf(workflow.spec)) {
      const kind = step.kind as string | undefined;
      if (kind === undefined || kind === '') {
        context.report(
          'DZ309',
          `step "${step.name}" of ${workflowLabel(workflow)} has no kind: ${HOW}.`,
          step,
        );
        continue;
      }
      if (!(STEP_KINDS as readonly string[]).includes(kind)) {
        context.report(
          'DZ309',
          `step "${step.name}" has unknown kind "${kind}"; the kinds are ${STEP_KINDS.join(', ')}.` +
            didYouMean(kind, STEP_KINDS),
          step,
          'kind',
        );
        continue;
      }
      const missing = (NEEDS[step.kind] as (s: typeof step) => string | undefined)(step);
      if (missing) context.report('DZ310', `${step.kind} step "${step.name}" needs ${missing}.`, step);
    }
  }
}
