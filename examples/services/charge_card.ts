/**
 * Charges the customer's card. Amounts above the card limit are declined (`PaymentDeclined`, not
 * worth retrying); an amount ending in .99 stands for a flaky provider (`ProviderUnavailable`).
 */
import { reference, requireNumber, requireString, ServiceError, type ServiceEvent } from './lib/service.ts';

const CARD_LIMIT = 5000;

export const handler = async (event: ServiceEvent) => {
  const orderId = requireString(event.input, 'order_id');
  const amount = requireNumber(event.input, 'amount');
  if (amount > CARD_LIMIT)
    throw new ServiceError('PaymentDeclined', `amount ${amount} exceeds the card limit`);
  if (Math.round(amount * 100) % 100 === 99)
    throw new ServiceError('ProviderUnavailable', 'the payment provider timed out');
  return { payment_id: reference('pay', orderId, amount), amount, currency: 'EUR', status: 'captured' };
};
