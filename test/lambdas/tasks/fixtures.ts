import type { TaskRegisterEvent } from '../../../compiler/contracts/runtime.ts';

export const TOKEN = `AQCEAAAAKgAAAAMAAAAA${'x'.repeat(600)}secret-token-tail`;

export function taskEvent(
  overrides: Partial<TaskRegisterEvent['task']> = {},
  token = TOKEN,
): TaskRegisterEvent {
  return {
    token,
    process: 'expense_approval',
    step: 'review',
    execution: {
      id: 'arn:aws:states:eu-west-1:123456789012:execution:expense_approval:run-1',
      name: 'run-1',
      start_time: '2026-11-25T09:59:00.000Z',
    },
    task: {
      title: 'Review expense',
      surface: 'expense_review',
      role: 'manager',
      entity: { name: 'ExpenseReport', id: 'er-1' },
      form: [
        { name: 'approved', type: 'bool', required: true },
        { name: 'amount', type: 'decimal', required: false },
        { name: 'notes', type: 'text', required: false, default: 'none' },
      ],
      outcomes: [
        { name: 'approve', label: 'Approve', style: 'primary' },
        { name: 'reject', label: 'Reject', style: 'danger', confirm: 'Sure?' },
      ],
      timeout_seconds: 4 * 3600,
      escalation_seconds: 3600,
      ...overrides,
    },
  };
}
