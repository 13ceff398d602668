/** Pays an approved expense claim out to the employee. */
import { reference, requireNumber, requireString, type ServiceEvent } from './lib/service.ts';

export const handler = async (event: ServiceEvent) => {
  const expenseId = requireString(event.input, 'expense_id');
  const amount = requireNumber(event.input, 'amount');
  return { transfer_id: reference('trf', expenseId), amount, status: 'paid' };
};
