/** Compensation of reimburse_expense: reverses the transfer. */
import { reference, requireString, type ServiceEvent } from './lib/service.ts';

export const handler = async (event: ServiceEvent) => {
  const expenseId = requireString(event.input, 'expense_id');
  return { transfer_id: reference('trf', expenseId), status: 'reversed' };
};
