/** Packs the order's items into a parcel. */
import { reference, requireString, type ServiceEvent } from './lib/service.ts';

export const handler = async (event: ServiceEvent) => {
  const orderId = requireString(event.input, 'order_id');
  return { parcel_id: reference('pcl', orderId), weight_kg: 1.2 };
};
