import { isParamRef, type ProcessStep } from '../../ir/types.ts';
import { compensationsOf, type ValidationContext, workflowLabel } from '../context.ts';
import { formatDuration } from '../format.ts';

/**
 * Durations are positive, and no step is given longer than its workflow may run: the workflow
 * would time out first. A signal wait has no timeout of its own (it waits as long as the workflow
 * runs), so it is not compared.
 */
export function TimeoutsRule(context: ValidationContext): void {
  for (const workflow of context.workflows) {
    const { spec } = workflow;
    // A `timeout: param("…")` is only known at deploy time.
    const limit = isParamRef(spec.timeout_seconds) ? undefined : spec.timeout_seconds;
    if (!positive(context, limit, spec, 'timeout_seconds', `timeout of ${workflowLabel(workflow)}`)) continue;
    for (const compensation of compensationsOf(spec)) {
      positive(
        context,
        compensation.timeout_seconds,
        compensation,
        'timeout_seconds',
        `timeout of "${compensation.name}"`,
      );
    }
    for (const { step } of context.stepsOf(spec)) {
      positive(context, step.timeout_seconds, step, 'timeout_seconds', `timeout of step "${step.name}"`);
      if (step.kind === 'wait') {
        positive(
          context,
          step.wait_duration_seconds,
          step,
          'wait_duration_seconds',
          `wait of step "${step.name}"`,
        );
      }
      if (step.kind === 'human_task' && step.human_task) {
        const task = step.human_task;
        positive(
          context,
          task.timeout_seconds,
          task,
          'timeout_seconds',
          `task timeout of step "${step.name}"`,
        );
        positive(
          context,
          task.escalation_timeout_seconds,
          task,
          'escalation_timeout_seconds',
          `escalation of "${step.name}"`,
        );
      }
      const runs = longestRun(step);
      if (runs && limit !== undefined && runs.seconds > limit) {
        context.report(
          'DZ314',
          `step "${step.name}" may take ${formatDuration(runs.seconds)} (its ${runs.what}), longer than ` +
            `${workflowLabel(workflow)} runs (${formatDuration(limit)}); the workflow times out first.`,
          runs.node,
          runs.field,
        );
      }
    }
  }
}

/** Whether a duration is unset or positive; reports DZ322 when it is not. */
function positive(
  context: ValidationContext,
  seconds: number | undefined,
  node: object,
  field: string,
  what: string,
): boolean {
  if (seconds === undefined || seconds > 0) return true;
  context.report('DZ322', `${what} is ${seconds}s; a duration must be > 0.`, node, field);
  return false;
}

/** How long a step may take by its own settings, and where that was written. */
function longestRun(
  step: ProcessStep,
): { seconds: number; what: string; node: object; field: string } | undefined {
  switch (step.kind) {
    case 'human_task':
      return (
        step.human_task && {
          seconds: step.human_task.timeout_seconds,
          what: 'task timeout',
          node: step.human_task,
          field: 'timeout_seconds',
        }
      );
    case 'wait':
      if (step.wait_duration_seconds !== undefined) {
        return {
          seconds: step.wait_duration_seconds,
          what: 'wait',
          node: step,
          field: 'wait_duration_seconds',
        };
      }
      return undefined; // a signal wait lasts as long as the workflow
    case 'parallel':
    case 'foreach':
      return undefined; // bounded by the steps inside, which are checked themselves
    case 'service':
    case 'send':
    case 'subprocess':
    case 'condition':
    case 'query':
    case 'side_effect':
    case 'llm_intent':
      return { seconds: step.timeout_seconds, what: 'timeout', node: step, field: 'timeout_seconds' };
    default: {
      // A step with no kind (StepKindsRule reports it) has no run time to compare.
      const never: never = step;
      void never;
      return undefined;
    }
  }
}
