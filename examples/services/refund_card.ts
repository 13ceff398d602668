/** Refunds an order's payment (compensation of charge_card, and the refund of an accepted return). */
import { reference, requireString, type ServiceEvent } from './lib/service.ts';

export const handler = async (event: ServiceEvent) => {
  const orderId = requireString(event.input, 'order_id');
  return { refund_id: reference('ref', orderId, event.process), order_id: orderId, status: 'refunded' };
};
