/** Compensation of reserve_inventory: gives the reserved stock back. */
import { reference, requireString, type ServiceEvent } from './lib/service.ts';

export const handler = async (event: ServiceEvent) => {
  const orderId = requireString(event.input, 'order_id');
  return { reservation_id: reference('res', orderId), status: 'released' };
};
