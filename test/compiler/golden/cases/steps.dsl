# One focused process per step kind.
module golden.steps

process service_step "Service step":
  trigger:
    when: manual
  input:
    order_id: uuid required
    priority: str = "normal"
    attempts: int = "3"
  output:
    receipt: str
  steps:
    - step charge:
        service: charge_card
        timeout: 45s
        inputs:
          - order_id -> order_id
          - input.priority -> level
        output: receipt
    - step audit:
        service: audit_log
  overlap: allow

process send_step "Send step":
  trigger:
    when: manual
  steps:
    - step notify:
        channel: customer_notifications
        message: OrderShipped
        timeout: 10s
        inputs:
          - order_id -> order_id
  overlap: allow

process wait_steps "Wait steps":
  trigger:
    when: manual
  input:
    order_id: uuid required
  steps:
    - step cool_off:
        wait: 2h
    - step paid:
        wait: payment_received
        correlation: input.order_id
    - step confirmed:
        wait: confirmation
        timeout: 3d
  timeout: 7d
  overlap: allow

process human_task_step "Human task step":
  trigger:
    when: entity ExpenseReport status -> submitted
  input:
    expense_report_id: uuid required
  steps:
    - step review:
        human_task:
          surface: expense_review
          entity: ExpenseReport
          title: "Review expense"
          assignee_role: manager
          form:
            approved: bool required
            notes: text
          timeout: 4h
          escalation: 1h
          outcomes:
            - approve "Approve":
                goto: pay
                sets:
                  - ExpenseReport.status -> approved
            - reject "Reject":
                goto: fail
                confirm: "Reject this report?"
                style: danger
            - skip "Nothing to do":
                goto: complete
                sets:
                  - ExpenseReport.notes -> review.data.notes
    - step pay:
        service: pay_expense
    - step acknowledge:
        human_task:
          assignee_role: clerk
          timeout: 1d
  overlap: allow

process subprocess_step "Subprocess step":
  trigger:
    when: manual
  input:
    order_id: uuid required
  steps:
    - step ship:
        subprocess: service_step
        timeout: 1h
        inputs:
          - order_id -> order_id
  overlap: allow

process condition_step "Condition step":
  trigger:
    when: manual
  input:
    amount: int required
  steps:
    - step big:
        condition: amount > 1000
        on_true: escalate
    - step small:
        service: auto_approve
        on_success: complete
    - step escalate:
        service: manual_approve
  overlap: allow

process query_foreach_step "Query and foreach":
  trigger:
    when: manual
  steps:
    - step overdue:
        query: Invoice
        filter:
          due_date__lt: today
          status__not_in: [paid, cancelled]
          customer: input.customer_id
        limit: 50
    - step remind_each:
        foreach: overdue
        concurrency: 5
        steps:
          - step remind:
              service: send_reminder
              inputs:
                - item.id -> invoice_id
                - item_index -> position
    - step archive_each:
        foreach: overdue
        mode: distributed
        steps:
          - step archive:
              service: archive_invoice
  overlap: allow

process side_effect_step "Side effect step":
  trigger:
    when: entity Ticket updated
  steps:
    - step close_related:
        effects:
          - create AuditLog:
              set:
                - AuditLog.note -> "closed"
                - AuditLog.ticket -> self.id
          - update Task:
              where: linked_id = self.id and status != done
              set:
                - Task.status -> archived
  overlap: allow

process llm_intent_step "LLM intent step":
  trigger:
    when: entity Ticket created
  steps:
    - step classify:
        llm_intent: classify_ticket
        input_map:
          text: self.description
          title: self.title
  overlap: allow
