# `complete` and `fail` written inside parallel branches and foreach bodies end the whole process.
module golden.exits

process parallel_complete "Complete inside a parallel branch":
  trigger:
    when: manual
  input:
    blob: str
  output:
    batch: str
  steps:
    - step prepare:
        service: prepare
    - parallel checks:
        - step quick_check:
            service: quick_check
            on_success: complete
        - step slow_check:
            service: slow_check
        on_any_failure: fail_fast
    - step later:
        service: later
  emits:
    on_complete: ChecksCompleted
  overlap: allow

process parallel_fail "Fail inside a parallel branch":
  trigger:
    when: manual
  input:
    amount: int required
    blob: str
  steps:
    - step reserve:
        service: reserve
        compensate: release
    - parallel checks:
        - step charge:
            service: charge
            compensate: refund
        - step limit_check:
            condition: amount > 100
            on_true: fail
        on_any_failure: wait_all
        on_failure: recover
    - step later:
        service: later
        on_success: complete
    - step recover:
        service: recover
  compensations:
    - release:
        service: release_stock
    - refund:
        service: refund_card
  emits:
    on_failure: ChecksFailed
  overlap: allow

process foreach_complete "Complete inside a foreach body":
  trigger:
    when: manual
  input:
    items: json required
    blob: str
  output:
    batch: str
  steps:
    - step prepare:
        service: prepare
    - step each_item:
        foreach: input.items
        concurrency: 1
        steps:
          - step handle:
              service: handle_item
              inputs:
                - item.id -> id
          - step stop_here:
              condition: item.stop = true
              on_true: complete
    - step later:
        service: later
  emits:
    on_complete: ItemsCompleted
  overlap: allow

process foreach_fail "Fail inside a foreach body":
  trigger:
    when: manual
  input:
    items: json required
  steps:
    - step reserve:
        service: reserve
        compensate: release
    - step each_item:
        foreach: input.items
        concurrency: 1
        steps:
          - step handle:
              service: handle_item
              compensate: unhandle
              inputs:
                - item.id -> id
          - step check_item:
              condition: item.bad = true
              on_true: fail
    - step later:
        service: later
  compensations:
    - release:
        service: release_stock
    - unhandle:
        service: unhandle_item
        inputs:
          - handle.id -> id
  overlap: allow

process nested_fail "Fail inside a parallel inside a foreach body":
  trigger:
    when: manual
  input:
    items: json required
  steps:
    - step each_item:
        foreach: input.items
        concurrency: 1
        steps:
          - parallel checks:
              - step handle:
                  service: handle_item
                  compensate: unhandle
                  inputs:
                    - item.id -> id
              - step check_item:
                  condition: item.bad = true
                  on_true: fail
              on_any_failure: wait_all
          - step after_checks:
              service: after_checks
              inputs:
                - item.id -> id
    - step later:
        service: later
  compensations:
    - unhandle:
        service: unhandle_item
        inputs:
          - handle.id -> id
  overlap: allow
