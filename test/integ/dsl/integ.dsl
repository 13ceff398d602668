# The processes the AWS integration test (test/integ/integ.dazzle.ts) drives through a deployed
# stage: every kind of start and resumption, no service code, no model, no long waits.

# Started over the API; a reviewer completes its task with a Cognito user's JWT.
process integ_review "Integration: Review":
  trigger: manual

  input:
    item_id: str required

  steps:
    - step review:
        human_task:
          surface: integ_review
          assignee_role: reviewer
          timeout: 1h
          outcomes:
            - approve "Approve":
                goto: complete
            - reject "Reject":
                goto: fail

  timeout: 2h

# Started by an entity event on the bus; resumed by a signal correlated by the item's id.
process integ_signal "Integration: Signal":
  trigger:
    when: entity IntegItem created

  input:
    integ_item_id: str required

  steps:
    - step go_ahead:
        wait: integ_go
        correlation: input.integ_item_id
        timeout: 1h

  timeout: 2h

# Runs every minute from EventBridge Scheduler.
schedule integ_tick "Integration: Tick":
  interval_seconds: 60
  catch_up: false

  steps:
    - name: pause
      wait: 1s

  timeout: 1m
