import { describe, expect, it } from 'vitest';
import type { HumanTaskSpec } from '../../../compiler/ir/types.ts';
import { codes, parse, processWithSteps } from './harness.ts';

function taskOf(steps: string): HumanTaskSpec {
  const result = parse(processWithSteps(steps));
  expect(codes(result.diagnostics)).toEqual([]);
  const step = result.ir.processes[0].steps[0];
  if (step.kind !== 'human_task') throw new Error(`expected a human task, got ${step.kind}`);
  return step.human_task;
}

describe('human tasks', () => {
  it('reads every field, including the title, form and escalation extensions', () => {
    const task = taskOf(`
- step review:
    human_task:
      surface: expense_review
      entity: ExpenseReport
      title: "Review expense"
      assignee_role: manager
      assignee: self.owner_id
      form:
        approved: bool required
        notes: text "Why"
      timeout: 4h
      escalation: 1d
`);
    expect(task).toEqual({
      surface: 'expense_review',
      entity_path: 'ExpenseReport',
      title: 'Review expense',
      assignee_role: 'manager',
      assignee_expression: 'self.owner_id',
      form: [
        { name: 'approved', type: 'bool', required: true },
        { name: 'notes', type: 'text', required: false, description: 'Why' },
      ],
      timeout_seconds: 14400,
      escalation_timeout_seconds: 86400,
      outcomes: [],
    });
  });

  it('defaults the task timeout to 7 days and has no implicit outcomes in the IR', () => {
    expect(taskOf('- step t:\n    human_task:\n      assignee_role: clerk\n')).toEqual({
      assignee_role: 'clerk',
      timeout_seconds: 604800,
      outcomes: [],
    });
  });

  it('reads outcomes in the Dazzle form and the documentation form', () => {
    const task = taskOf(`
- step review:
    human_task:
      outcomes:
        - approve "Approve Expense":
            label: "Approve"
            goto: pay
            sets:
              - ExpenseReport.status -> approved
            style: primary
        - hold:
        - name: reject
          label: "Reject"
          goto: fail
          confirm: "Sure?"
          style: danger
        - name: later
`);
    expect(task.outcomes).toEqual([
      {
        name: 'approve',
        label: 'Approve',
        goto: 'pay',
        sets: [{ field_path: 'ExpenseReport.status', value: 'approved' }],
        style: 'primary',
      },
      { name: 'hold', label: 'hold', goto: 'complete', sets: [], style: 'primary' },
      { name: 'reject', label: 'Reject', goto: 'fail', sets: [], confirm: 'Sure?', style: 'danger' },
      { name: 'later', label: 'later', goto: 'complete', sets: [], style: 'primary' },
    ]);
  });

  it('uses the outcome string as the label unless label: overrides it', () => {
    const task = taskOf(
      '- step t:\n    human_task:\n      outcomes:\n        - ok "Looks good":\n            goto: complete\n',
    );
    expect(task.outcomes[0].label).toBe('Looks good');
  });

  it('warns about unknown human task fields and keeps the rest', () => {
    const result = parse(
      processWithSteps('- step t:\n    human_task:\n      priority: high\n      timeout: 1h\n'),
    );
    expect(codes(result.diagnostics)).toEqual([['DZ200', 7, 11]]);
    const step = result.ir.processes[0].steps[0];
    expect(step.kind === 'human_task' && step.human_task.timeout_seconds).toBe(3600);
  });
});
