/** Posts the expense to the general ledger. */
import { reference, requireString, type ServiceEvent } from './lib/service.ts';

export const handler = async (event: ServiceEvent) => {
  const expenseId = requireString(event.input, 'expense_id');
  return { entry_id: reference('gl', expenseId), account: '6400-travel-and-expenses' };
};
