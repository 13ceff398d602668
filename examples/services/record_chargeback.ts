/**
 * Records the finance team's decision on a chargeback. The decision is the `accepted` field of the
 * review task's form: mapped as an input when the step maps it, else read from the task's output
 * in the step context (`review_chargeback.data.accepted`).
 */
import { reference, requireString, type ServiceEvent } from './lib/service.ts';

export const handler = async (event: ServiceEvent) => {
  const orderId = requireString(event.input, 'order_id');
  const review = event.context.steps.review_chargeback as { data?: { accepted?: unknown } } | undefined;
  const decision = event.input.accepted ?? review?.data?.accepted;
  const accepted = decision === true || decision === 'true';
  return { chargeback_id: reference('cb', orderId), order_id: orderId, accepted };
};
