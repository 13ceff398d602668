import { paramKeyOf } from '../../ir/types.ts';
import { checkTimezone } from '../../schedule/timezone.ts';
import type { ValidationContext } from '../context.ts';

/** Timezones of schedules and process triggers are IANA names (or a `param("key")`). */
export function TimezonesRule(context: ValidationContext): void {
  for (const workflow of context.workflows) {
    const node = workflow.kind === 'schedule' ? workflow.spec : workflow.spec.trigger;
    const timezone = node?.timezone;
    if (!node || typeof timezone !== 'string' || paramKeyOf(timezone) !== undefined) continue;
    context.keep(checkTimezone(timezone, context.locateText(node, 'timezone', timezone)));
  }
}
