/** Prints the shipping label (the step declares no inputs, so the order id comes from the context). */
import { reference, type ServiceEvent } from './lib/service.ts';

export const handler = async (event: ServiceEvent) => {
  const orderId = String(event.context.input.order_id ?? event.execution.name);
  return { label_id: reference('lbl', orderId), format: 'PDF' };
};
