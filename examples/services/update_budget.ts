/** Charges the expense against the department budget (reads the process inputs from the context: no inputs declared). */
import type { ServiceEvent } from './lib/service.ts';

export const handler = async (event: ServiceEvent) => {
  const amount = Number(event.context.input.amount ?? 0);
  return { department: 'default', charged: Number.isFinite(amount) ? amount : 0 };
};
