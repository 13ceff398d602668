/** Reserves the stock of an order in the warehouse system. */
import { reference, requireString, type ServiceEvent } from './lib/service.ts';

export const handler = async (event: ServiceEvent) => {
  const orderId = requireString(event.input, 'order_id');
  return { reservation_id: reference('res', orderId), order_id: orderId, status: 'reserved' };
};
