/** Compensation of post_ledger_entry: books the reversing entry. */
import { reference, requireString, type ServiceEvent } from './lib/service.ts';

export const handler = async (event: ServiceEvent) => {
  const expenseId = requireString(event.input, 'expense_id');
  return { entry_id: reference('gl-rev', expenseId), reverses: reference('gl', expenseId) };
};
