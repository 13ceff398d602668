import { rateExpression } from '../../schedule/rate.ts';
import type { ValidationContext } from '../context.ts';
import { workflowLabel } from '../context.ts';

/**
 * A schedule has exactly one of `cron` and `interval` (so has a process's cron or interval
 * trigger), and an interval is a rate EventBridge Scheduler can express: whole minutes, at least one.
 */
export function ScheduleFrequencyRule(context: ValidationContext): void {
  for (const workflow of context.workflows) {
    if (workflow.kind === 'schedule') {
      const { spec } = workflow;
      const hasCron = Boolean(spec.cron);
      const hasInterval = spec.interval_seconds !== undefined;
      if (hasCron === hasInterval) {
        const what = hasCron ? 'both `cron` and `interval`' : 'neither `cron` nor `interval`';
        context.report(
          'DZ318',
          `${workflowLabel(workflow)} has ${what}; give exactly one.`,
          spec,
          hasCron ? 'interval_seconds' : undefined,
        );
      }
      checkInterval(context, spec.interval_seconds, spec);
      continue;
    }
    const trigger = workflow.spec.trigger;
    if (!trigger) continue;
    if (trigger.kind === 'schedule_cron' && !trigger.cron) {
      context.report('DZ318', `cron trigger of ${workflowLabel(workflow)} has no cron expression.`, trigger);
    }
    if (trigger.kind === 'schedule_interval') {
      if (trigger.interval_seconds === undefined) {
        context.report('DZ318', `interval trigger of ${workflowLabel(workflow)} has no interval.`, trigger);
      }
      checkInterval(context, trigger.interval_seconds, trigger);
    }
  }
}

/** An interval is a rate EventBridge Scheduler can run (`rateExpression` says why not: DZ319). */
function checkInterval(context: ValidationContext, seconds: number | undefined, node: object): void {
  if (seconds === undefined) return;
  context.keep(rateExpression(seconds, context.locate(node, 'interval_seconds')).diagnostics);
}
