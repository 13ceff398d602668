# Each overlap policy, on the same one-step process.
module golden.overlap

process overlap_skip:
  trigger: manual
  steps:
    - step work:
        service: work
  timeout: 10m
  overlap: skip

process overlap_queue:
  trigger: manual
  steps:
    - step work:
        service: work
  timeout: 10m
  overlap: queue

process overlap_cancel:
  trigger: manual
  steps:
    - step work:
        service: work
  timeout: 10m
  overlap: cancel_previous

process overlap_allow:
  trigger: manual
  steps:
    - step work:
        service: work
  timeout: 5m
  overlap: allow

# No `overlap:` written: no lock (Dazzle's IR still records skip), concurrent runs all run.
process overlap_unwritten:
  trigger: manual
  steps:
    - step work:
        service: work
  timeout: 10m

# Locked per order: runs for different orders never wait for or skip one another.
process overlap_per_order:
  trigger: entity Order status -> confirmed
  steps:
    - step work:
        service: work
  timeout: 10m
  overlap: skip

# Locked per correlation id of the signal.
process overlap_per_signal:
  trigger: signal payment_received
  steps:
    - step work:
        service: work
  timeout: 10m
  overlap: queue
