# Acme Shop — housekeeping: schedules, queries over entities, fan-out with foreach.
module shop.operations

use shop.entities

# Every night: find overdue invoices and remind each customer (at most 10 reminders at once).
schedule overdue_invoice_reminders "Overdue Invoice Reminders":
  "Reminds customers of invoices past their due date"

  implements: [OPS-001]

  cron: "0 2 * * *"
  timezone: "Europe/London"
  catch_up: true
  overlap: skip

  steps:
    - step find_overdue:
        query: Invoice
        filter:
          due_date__lt: today
          status__not_in: [paid, cancelled]
        limit: 500

    - step remind_each:
        foreach: find_overdue
        concurrency: 10
        mode: inline
        steps:
          - step send_reminder:
              channel: customer_notifications
              message: InvoiceOverdue

  timeout: 1h

  emits:
    on_start: OverdueSweepStarted
    on_complete: OverdueSweepCompleted
    on_failure: OverdueSweepFailed

# Stock levels come from the warehouse system every 15 minutes.
schedule stock_level_sync "Stock Level Sync":
  implements: OPS-002
  interval: 15m
  overlap: queue

  steps:
    - name: pull_levels
      kind: service
      service: pull_stock_levels
      timeout: 2m

  timeout: 10m

# The warehouse report's time and zone are deployment settings.
schedule warehouse_report "Warehouse Report":
  implements: [OPS-003]
  cron: param("warehouse_report_cron")
  timezone: param("warehouse_timezone")
  timeout: param("warehouse_report_timeout")

  steps:
    - name: build_report
      service: build_warehouse_report
      timeout: 5m
    - name: mail_report
      channel: staff_notifications
      message: WarehouseReportReady

# A once-an-hour heartbeat proves the scheduler and the bus work end to end.
schedule heartbeat "Heartbeat":
  implements: [OPS-004]
  interval_seconds: 3600
  catch_up: false
  overlap: cancel_previous

  steps:
    - name: beat
      channel: ops_events
      message: Heartbeat

  timeout: 1m

# Weekly: archive delivered and cancelled orders, many at a time in distributed mode.
process archive_old_orders "Archive Old Orders":
  implements: [OPS-005]

  trigger:
    when: cron "30 3 * * 0"
    timezone: "America/New_York"

  steps:
    - name: old_orders
      kind: query
      query: Order
      filter:
        status__in: [delivered, cancelled]
        archived__isnull: true
      limit: 1000

    - name: archive_each
      kind: foreach
      foreach: old_orders
      mode: distributed
      concurrency: 50
      steps:
        - name: archive_one
          service: archive_order
          timeout: 30s
          inputs:
            - item.id -> order_id

  timeout: 2h
  overlap: skip

# Re-checks payments that the provider left pending.
process payment_status_poll "Payment Status Poll":
  implements: [OPS-006]

  trigger: interval 1h

  steps:
    - name: pending_payments
      kind: query
      query: Payment
      filter:
        status: pending
      limit: 200

    - name: poll_each
      foreach: pending_payments
      steps:
        - name: poll_provider
          service: poll_payment_status
          inputs:
            - item.id -> payment_id

  timeout: 30m

# A new customer gets a welcome message.
process welcome_customer "Welcome Customer":
  implements: [CUS-001]

  trigger: entity Customer created

  input:
    customer_id: uuid required

  steps:
    - step send_welcome:
        channel: customer_notifications
        message: Welcome

  timeout: 5m

# Product changes are pushed to the storefront search index.
process sync_product "Sync Product to Search":
  implements: [CUS-002]

  trigger:
    when: entity Product updated

  steps:
    - step push_to_index:
        service: index_product
        timeout: 30s
        retry:
          max_attempts: 3

  timeout: 5m

# A deleted customer's personal data is erased everywhere.
process erase_customer_data "Erase Customer Data":
  implements: [CUS-003]

  trigger:
    when: entity Customer deleted

  steps:
    - step erase:
        service: erase_personal_data
        timeout: 5m
        inputs:
          - trigger.id -> customer_id

  timeout: 1h
