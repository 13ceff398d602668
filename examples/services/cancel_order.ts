/** Cancels an order whose payment never arrived. */
import { requireString, type ServiceEvent } from './lib/service.ts';

export const handler = async (event: ServiceEvent) => ({
  order_id: requireString(event.input, 'order_id'),
  status: 'cancelled',
  reason: 'payment_not_received',
});
