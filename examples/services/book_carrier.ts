/** Hands the parcel to the standard carrier and returns its tracking number. */
import { reference, requireString, type ServiceEvent } from './lib/service.ts';

export const handler = async (event: ServiceEvent) => {
  const orderId = requireString(event.input, 'order_id');
  return { tracking_number: reference('STD', orderId).toUpperCase(), carrier: 'standard', eta_days: 3 };
};
