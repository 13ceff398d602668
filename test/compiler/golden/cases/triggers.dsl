# Each trigger kind, and schedules.
module golden.triggers

process on_created:
  trigger: entity Order created
  steps:
    - step work:
        service: work
  overlap: allow

process on_updated:
  trigger: entity Order updated
  steps:
    - step work:
        service: work
  overlap: allow

process on_deleted:
  trigger: entity Order deleted
  steps:
    - step work:
        service: work
  overlap: allow

process on_status:
  trigger: entity Order status -> shipped
  steps:
    - step work:
        service: work
  overlap: allow

process on_transition:
  trigger: entity Order status pending -> paid
  steps:
    - step work:
        service: work
  emits:
    on_complete: PaymentHandled
  overlap: allow

process on_signal:
  trigger: signal payment_received
  steps:
    - step work:
        service: work
  overlap: allow

process on_completed_event:
  trigger: process on_transition completed
  steps:
    - step work:
        service: work
  overlap: allow

process on_completed_status:
  trigger: process on_status completed
  steps:
    - step work:
        service: work
  overlap: allow

process on_cron:
  trigger:
    when: cron "0 8 * * 1-5"
    timezone: "Europe/London"
  steps:
    - step work:
        service: work

process on_interval:
  trigger: interval 1h
  steps:
    - step work:
        service: work

schedule nightly "Nightly":
  cron: "30 2 * * *"
  timezone: "America/New_York"
  catch_up: true
  overlap: queue
  timeout: 30m
  steps:
    - step work:
        service: work

schedule split_days:
  cron: "0 9 1 * 1"
  steps:
    - step work:
        service: work

schedule every_five:
  interval: 5m
  overlap: allow
  timeout: 2m
  steps:
    - step work:
        service: work
