import { paramKeyOf } from '../../ir/types.ts';
import { compileCron } from '../../schedule/cron.ts';
import { type ValidationContext, workflowLabel } from '../context.ts';

/**
 * Cron expressions of schedules and cron triggers are Unix 5-field expressions EventBridge
 * Scheduler can run, checked field by field (DZ510, DZ511, DZ513 at the bad field). The split of a
 * day-of-month + day-of-week OR into two schedules is the compiler's to report (DZ512).
 */
export function CronExpressionsRule(context: ValidationContext): void {
  for (const workflow of context.workflows) {
    const node = workflow.kind === 'schedule' ? workflow.spec : workflow.spec.trigger;
    const cron = node?.cron;
    // A deploy-time parameter (`param("key")`) is checked when the construct resolves it.
    if (!node || !cron || typeof cron !== 'string' || paramKeyOf(cron) !== undefined) continue;
    // compileCron, not parseCron: it remembers crons already compiled (the manifest compiles them too).
    const { diagnostics } = compileCron(cron, context.locateText(node, 'cron', cron));
    context.keep(
      diagnostics
        .filter((d) => d.code !== 'DZ512')
        .map((d) => ({ ...d, message: `${d.message} (${workflowLabel(workflow)})` })),
    );
  }
}
