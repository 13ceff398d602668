/** Compensation of update_budget. */
import type { ServiceEvent } from './lib/service.ts';

export const handler = async (event: ServiceEvent) => ({
  department: 'default',
  restored: event.context.steps.update_budget ?? null,
});
