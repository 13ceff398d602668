/**
 * Compensation of update_budget: gives back what it charged (the compensation maps
 * `update_budget.charged -> amount`, read from the step's output when it completed).
 */
import type { ServiceEvent } from './lib/service.ts';

export const handler = async (event: ServiceEvent) => ({
  department: 'default',
  restored: Number(event.input.amount ?? 0),
});
