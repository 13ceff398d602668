# Parallel policies, retry backoffs, compensations, emits and outputs.
module golden.policies

process parallel_fail_fast "Parallel fail fast":
  trigger:
    when: manual
  steps:
    - parallel notify_all:
        - step notify_customer:
            service: notify_customer
        - step notify_warehouse:
            service: notify_warehouse
        on_any_failure: fail_fast
    - step done:
        service: log_done
  overlap: allow

process parallel_wait_all "Parallel wait all":
  trigger:
    when: manual
  steps:
    - parallel checks:
        - step check_credit:
            service: check_credit
        - step check_stock:
            service: check_stock
        on_any_failure: wait_all
        on_failure: report
    - step proceed:
        service: proceed
        on_success: complete
    - step report:
        service: report_problem
  overlap: allow

process parallel_rollback "Parallel rollback":
  trigger:
    when: manual
  input:
    order_id: uuid required
  steps:
    - parallel reserve_all:
        - step reserve_inventory:
            service: reserve_inventory
            compensate: release_inventory
        - step reserve_payment:
            service: reserve_payment
            compensate: release_payment
        on_any_failure: rollback
    - step finalize:
        service: finalize
  compensations:
    - release_inventory:
        service: inventory_release
        inputs:
          - order_id -> order_id
    - release_payment:
        service: payment_release
        inputs:
          - reserve_payment.hold_id -> hold_id
        timeout: 1m
  overlap: allow

process retry_backoffs "Retry backoffs":
  trigger:
    when: manual
  steps:
    - step fixed_retry:
        service: flaky
        retry:
          max_attempts: 5
          backoff: fixed
          interval: 10s
    - step exponential_retry:
        service: flaky
        retry:
          max_attempts: 3
          backoff: exponential
          interval: 1s
          backoff_coefficient: 3.0
          max_interval: 20s
    - step linear_retry:
        service: flaky
        retry:
          max_attempts: 4
          backoff: linear
          interval: 5s
          max_interval: 12s
        on_failure: fallback
    - step fallback:
        service: fallback
  overlap: allow

process saga "Saga":
  trigger:
    when: manual
  input:
    order_id: uuid required
  output:
    tracking_number: str
  steps:
    - step reserve:
        service: reserve_stock
        inputs:
          - order_id -> order_id
        compensate: release_stock
    - step charge:
        service: charge_card
        inputs:
          - order_id -> order_id
        compensate: refund_card
    - step ship:
        service: ship_order
  compensations:
    - release_stock:
        service: stock_release
        inputs:
          - order_id -> order_id
          - reserve.reservation_id -> reservation_id
        retry:
          max_attempts: 3
          backoff: linear
          interval: 2s
  emits:
    on_start: SagaStarted
    on_complete: SagaCompleted
    on_failure: SagaFailed
  overlap: allow
