# Acme Shop — expense claims, written in the documentation's step syntax (`- name: …` + `kind:`).
module shop.expenses

use shop.entities

process expense_approval "Expense Approval":
  "Classifies a claim, routes large or unusual ones to the manager and pays approved claims"

  implements: [EXP-001, EXP-002]

  trigger:
    when: entity ExpenseReport status submitted -> pending_approval

  input:
    expense_id: uuid required
    submitter_id: uuid required
    amount: decimal required
    description: text

  output:
    decision: json "The manager's review (outcome, data, completed_by); absent when auto-approved"

  steps:
    - name: classify_claim
      kind: llm_intent
      llm_intent: classify_expense
      input_map:
        description: input.description
        amount: input.amount
      timeout: 20s

    - name: needs_review
      kind: condition
      condition: input.amount > 1000 or classify_claim.category = "travel"
      on_true: manager_review
      on_false: auto_approve

    - name: manager_review
      kind: human_task
      output: decision
      human_task:
        surface: expense_review
        entity: ExpenseReport
        title: "Review expense claim"
        assignee_role: manager
        assignee: trigger.manager_id
        form:
          approved: bool required
          notes: text "Reason for the decision"
        timeout: 3d
        escalation: 1d
        outcomes:
          - approve "Approve":
              goto: pay_out
              sets:
                - ExpenseReport.status -> approved
              style: primary
          - name: reject
            label: "Reject"
            goto: notify_rejected
            confirm: "Reject this expense claim?"
            style: danger
            sets:
              - ExpenseReport.status -> rejected

    - name: auto_approve
      kind: side_effect
      effects:
        - update ExpenseReport:
            where: id = input.expense_id
            set:
              - ExpenseReport.status -> approved
        - create AuditLog:
            sets:
              - AuditLog.note -> "auto_approved"
              - AuditLog.expense_id -> input.expense_id

    - name: pay_out
      kind: service
      service: reimburse_expense
      timeout: 1m
      retry:
        max_attempts: 5
        backoff: exponential
        initial_interval: 1s
        max_interval: 20s
      inputs:
        - expense_id -> expense_id
        - amount -> amount
      compensate_with: reverse_reimbursement
      goto: notify_paid

    - name: notify_rejected
      channel: employee_notifications
      message: ExpenseRejected
      goto: complete

    - name: notify_paid
      kind: send
      channel: employee_notifications
      message: ExpensePaid

  compensations:
    - name: reverse_reimbursement
      service: reverse_reimbursement
      inputs:
        - expense_id -> expense_id
      timeout: 1m
      retry:
        max_attempts: 3
        backoff: fixed
        interval: 10s

  timeout: 14d
  overlap: skip

  emits:
    on_complete: ExpenseSettled
    on_failure: ExpenseFailed

# After approval the receipt must be uploaded; payout posting and the ledger run in parallel.
process expense_settlement "Expense Settlement":
  implements: EXP-003

  trigger: process expense_approval completed

  input:
    expense_id: uuid required

  steps:
    - name: cooling_off
      kind: wait
      wait_duration_seconds: 3600

    - name: receipt_uploaded
      wait_for_signal: "receipt_uploaded"
      correlation: input.expense_id
      timeout: 5d
      on_failure: chase_receipt

    - name: book_expense
      kind: parallel
      policy: rollback
      steps:
        - name: post_ledger
          service: post_ledger_entry
          compensate: reverse_ledger_entry
          inputs:
            - expense_id -> expense_id
        - name: update_budget
          kind: service
          service: update_budget
          compensate_with: restore_budget
      goto: complete

    - name: chase_receipt
      channel: employee_notifications
      message: ReceiptMissing

  compensations:
    - name: reverse_ledger_entry
      service: reverse_ledger_entry
      inputs:
        - expense_id -> expense_id
    - name: restore_budget
      service: restore_budget
      inputs:
        - update_budget.charged -> amount

  timeout: 6d

# Finance can re-run a rejected claim by hand: it goes back to submitted and through approval again.
process reopen_expense "Reopen Expense Claim":
  implements: [EXP-004]

  trigger: manual

  input:
    expense_id: uuid required
    submitter_id: uuid required
    amount: decimal required
    reason: str required "Why the claim is reopened"

  output:
    decision: json "The manager's review of the reopened claim (outcome, data, completed_by), from its approval run; absent when auto-approved"

  steps:
    - name: reopen
      effects:
        - update ExpenseReport:
            where: ExpenseReport.id = input.expense_id
            set:
              - ExpenseReport.status -> submitted

    - name: rerun_approval
      kind: subprocess
      subprocess: expense_approval
      timeout: 14d
      inputs:
        - expense_id -> expense_id
        - submitter_id -> submitter_id
        - amount -> amount
      satisfies:
        - story: "EXP-004"
          outcome: "The reopened claim goes through approval again"

  timeout: 15d
