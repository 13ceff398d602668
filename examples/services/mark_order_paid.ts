/** Marks an order paid once the bank transfer arrived. */
import { requireString, type ServiceEvent } from './lib/service.ts';

export const handler = async (event: ServiceEvent) => ({
  order_id: requireString(event.input, 'order_id'),
  status: 'paid',
});
