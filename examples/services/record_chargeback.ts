/**
 * Records the finance team's decision on a chargeback: the `accepted` field of the review task's
 * form, which the step maps as an input (`review_chargeback.data.accepted -> accepted`).
 */
import { reference, requireString, type ServiceEvent } from './lib/service.ts';

export const handler = async (event: ServiceEvent) => {
  const orderId = requireString(event.input, 'order_id');
  const decision = event.input.accepted;
  const accepted = decision === true || decision === 'true';
  return { chargeback_id: reference('cb', orderId), order_id: orderId, accepted };
};
