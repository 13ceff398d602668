# Acme Shop — the user stories the processes and schedules implement.
module shop.stories

story ORD-001 "Customer's confirmed order is fulfilled":
  "The happy path from a confirmed order to a shipped parcel"
  status: accepted
  persona: customer
  trigger: status_changed
  entities: [Order, Payment]
  executed_by: process.order_fulfillment
  given:
    - "Order.status is 'confirmed'"
  when:
    - "The order is confirmed"
  then:
    - "Stock is reserved and the card is charged"
    - "Order.status becomes 'shipped'"
  unless:
    - "The card is declined":
        then: "The stock is released and the customer is told the payment failed"

story ORD-002 "Customer receives a tracking number":
  status: accepted
  persona: customer
  trigger: status_changed
  entities: [Order]
  given:
    - "Order.status is 'confirmed'"
  then:
    - "The customer receives a tracking number"

story ORD-003 "Warehouse packs and labels standard orders":
  status: accepted
  persona: warehouse_staff
  trigger: external_event
  entities: [Order]
  executed_by: process.standard_shipping
  then:
    - "The parcel is packed and labelled before the carrier is booked"

story ORD-004 "Bank transfer orders wait for the money":
  status: accepted
  persona: customer
  trigger: status_changed
  entities: [Order]
  executed_by: process.await_bank_transfer
  given:
    - "Order.status is 'awaiting_transfer'"
  then:
    - "The customer is reminded once"
    - "Order.status becomes 'paid' when the bank confirms the transfer"
  unless:
    - "No transfer arrives within a week":
        then: "The order is cancelled"

story ORD-005 "Returns clerk decides on a return":
  status: accepted
  persona: returns_clerk
  trigger: form_submitted
  entities: [ReturnRequest, Order]
  executed_by: process.return_request
  then:
    - "ReturnRequest.status becomes 'accepted' and the customer is refunded"
  unless:
    - "The goods are damaged":
        then: "ReturnRequest.status becomes 'declined'"

story ORD-006 "Customer is asked about the delivery":
  status: draft
  persona: customer
  trigger: timer_elapsed
  entities: [Order]
  then:
    - "A survey request arrives three days after fulfilment"

story ORD-007 "Finance reviews a chargeback":
  status: accepted
  persona: finance
  trigger: external_event
  entities: [Payment]
  executed_by: process.handle_chargeback
  then:
    - "The chargeback decision is recorded"

story EXP-001 "Manager reviews large expense claims":
  status: accepted
  persona: manager
  trigger: status_changed
  entities: [ExpenseReport]
  executed_by: process.expense_approval
  given:
    - "ExpenseReport.status is 'pending_approval'"
    - "The claim is above 1000 or is for travel"
  then:
    - "ExpenseReport.status becomes 'approved' or 'rejected'"

story EXP-002 "Small expense claims are approved automatically":
  status: accepted
  persona: employee
  trigger: status_changed
  entities: [ExpenseReport, AuditLog]
  then:
    - "ExpenseReport.status becomes 'approved'"
    - "An AuditLog entry records the automatic approval"

story EXP-003 "Approved expenses are booked once the receipt is in":
  status: accepted
  persona: finance
  trigger: external_event
  entities: [ExpenseReport]
  executed_by: process.expense_settlement
  then:
    - "The ledger and the budget are updated together"

story EXP-004 "Finance reopens a rejected claim":
  status: draft
  persona: finance
  trigger: user_click
  entities: [ExpenseReport]
  executed_by: process.reopen_expense
  then:
    - "ExpenseReport.status becomes 'submitted'"

story OPS-001 "Customers are reminded of overdue invoices":
  status: accepted
  persona: finance
  trigger: cron_daily
  entities: [Invoice]
  then:
    - "Every overdue invoice's customer gets one reminder a night"

story OPS-002 "Stock levels stay current":
  status: accepted
  persona: warehouse_staff
  trigger: timer_elapsed
  entities: [Product]
  then:
    - "Product stock levels are at most 15 minutes old"

story OPS-003 "Warehouse report on a configurable schedule":
  status: accepted
  persona: warehouse_staff
  trigger: timer_elapsed
  then:
    - "The warehouse report is mailed at the configured time"

story OPS-004 "Operations sees a heartbeat":
  status: accepted
  persona: operator
  trigger: cron_hourly
  narrative_only: true
  then:
    - "A heartbeat event is published every hour"

story OPS-005 "Old orders are archived weekly":
  status: accepted
  persona: operator
  trigger: timer_elapsed
  entities: [Order]
  executed_by: process.archive_old_orders
  then:
    - "Delivered and cancelled orders are archived"

story OPS-006 "Pending payments are re-checked":
  status: accepted
  persona: finance
  trigger: timer_elapsed
  entities: [Payment]
  executed_by: process.payment_status_poll
  then:
    - "Payment.status reflects the provider's answer within an hour"

story CUS-001 "New customers are welcomed":
  status: accepted
  persona: customer
  trigger: form_submitted
  entities: [Customer]
  executed_by: process.welcome_customer
  then:
    - "A welcome message is sent"

story CUS-002 "Product changes reach the storefront search":
  status: accepted
  persona: merchandiser
  trigger: form_submitted
  entities: [Product]
  executed_by: process.sync_product
  then:
    - "The search index shows the changed product within a minute"

story CUS-003 "A deleted customer's data is erased":
  status: accepted
  persona: customer
  trigger: user_click
  entities: [Customer]
  executed_by: process.erase_customer_data
  then:
    - "No personal data of the customer remains"
