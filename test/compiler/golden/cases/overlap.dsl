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
