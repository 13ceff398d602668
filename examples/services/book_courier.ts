/** Books an express courier for the order. */
import { reference, requireString, type ServiceEvent } from './lib/service.ts';

export const handler = async (event: ServiceEvent) => {
  const orderId = requireString(event.input, 'order_id');
  return { tracking_number: reference('EXP', orderId).toUpperCase(), carrier: 'courier', eta_hours: 24 };
};
