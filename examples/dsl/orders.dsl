# Acme Shop — order processing, written in Dazzle's own step syntax (`- step NAME:`).
module shop.orders

use shop.entities
use shop.services

# A confirmed order is reserved, charged and shipped; a failed charge releases the stock.
process order_fulfillment "Order Fulfillment":
  "Reserves stock, charges the customer and ships a confirmed order"

  implements: [ORD-001, ORD-002]

  trigger:
    when: entity Order status -> confirmed

  input:
    order_id: uuid required "The confirmed order"
    customer_id: uuid required
    amount: decimal(10,2) required
    priority: str = "standard" "standard or express"

  output:
    tracking_number: str "Carrier tracking number"
      satisfies:
        - story: "ORD-002"
          outcome: "The customer receives a tracking number"

  steps:
    - step reserve_stock:
        service: reserve_inventory
        timeout: 30s
        inputs:
          - order_id -> order_id
        output: reservation
        compensate: release_stock

    - step charge_payment:
        service: charge_card
        timeout: 2m
        retry:
          max_attempts: 3
          backoff: exponential
          interval: 2s
          backoff_coefficient: 2.0
          max_interval: 30s
        inputs:
          - order_id -> order_id
          - amount -> amount
          - customer_id -> customer_id
        compensate: refund_payment
        on_failure: notify_payment_failed

    - step choose_shipping:
        condition: priority = express
        on_true: express_shipment
        on_false: standard_shipment

    - step express_shipment:
        service: book_courier
        timeout: 1m
        inputs:
          - order_id -> order_id
        on_success: notify_shipped

    - step standard_shipment:
        subprocess: standard_shipping
        timeout: 1h
        inputs:
          - order_id -> order_id

    - step notify_shipped:
        channel: customer_notifications
        message: OrderShipped
        timeout: 10s
        on_success: complete

    - step notify_payment_failed:
        channel: customer_notifications
        message: PaymentFailed
        on_success: fail

  compensations:
    - release_stock:
        service: release_inventory
        inputs:
          - order_id -> order_id
        timeout: 30s

    - refund_payment:
        service: refund_card
        inputs:
          - order_id -> order_id
        timeout: 1m

  timeout: 2h
  overlap: queue

  emits:
    on_start: OrderFulfillmentStarted
    on_complete: OrderFulfilled
    on_failure: OrderFulfillmentFailed

# Packing and labelling run side by side; both must finish before the carrier is booked.
process standard_shipping "Standard Shipping":
  "Packs an order and hands it to the standard carrier"

  implements: ORD-003

  trigger:
    when: manual

  input:
    order_id: uuid required

  output:
    tracking_number: str

  steps:
    - parallel prepare_parcel:
        - step pack_items:
            service: pack_order
            timeout: 5m
            inputs:
              - order_id -> order_id

        - step print_label:
            service: create_shipping_label
            timeout: 1m
            retry:
              max_attempts: 2
              backoff: fixed
              interval: 5s

        on_any_failure: wait_all

    - step hand_over:
        service: book_carrier
        timeout: 2m
        retry:
          max_attempts: 4
          backoff: linear
          interval: 10s
        inputs:
          - order_id -> order_id

  timeout: 1h
  overlap: allow

# Bank transfers: remind, give the customer a day, then wait for the bank's signal.
process await_bank_transfer "Await Bank Transfer":
  implements: [ORD-004]

  trigger:
    when: entity Order status pending_payment -> awaiting_transfer

  input:
    order_id: uuid required

  steps:
    - step remind_customer:
        channel: customer_notifications
        message: TransferReminder

    - step grace_period:
        wait: 1d

    - step transfer_received:
        wait: bank_transfer_received
        correlation: input.order_id
        timeout: 7d
        on_failure: cancel_unpaid_order

    - step mark_paid:
        service: mark_order_paid
        inputs:
          - order_id -> order_id
        on_success: complete

    - step cancel_unpaid_order:
        service: cancel_order
        inputs:
          - order_id -> order_id

  timeout: 10d
  overlap: cancel_previous

# A return request is checked by a clerk before the refund is issued.
process return_request "Return Request":
  implements: [ORD-005]

  trigger:
    when: entity ReturnRequest created

  input:
    return_request_id: uuid required "Set from the triggering ReturnRequest's id"
    order_id: uuid required

  steps:
    - step summarise_reason:
        llm_intent: summarise_return_reason
        input_map:
          reason: trigger.reason
          order: input.order_id
        timeout: 20s

    - step inspect_return:
        human_task:
          surface: return_review
          entity: ReturnRequest
          assignee_role: returns_clerk
          timeout: 2d
          outcomes:
            - accept "Accept return":
                goto: issue_refund
                sets:
                  - ReturnRequest.status -> accepted
                style: primary
            - decline "Decline return":
                label: "Decline"
                goto: notify_declined
                sets:
                  - ReturnRequest.status -> declined
                confirm: "Decline this return?"
                style: danger

    - step issue_refund:
        service: refund_card
        timeout: 1m
        inputs:
          - order_id -> order_id
        on_success: complete

    - step notify_declined:
        channel: customer_notifications
        message: ReturnDeclined

  timeout: 3d

# Every delivered order gets a short survey a few days later.
process post_delivery_survey "Post-Delivery Survey":
  implements: [ORD-006]

  trigger:
    when: process order_fulfillment completed

  steps:
    - step let_it_arrive:
        wait: 3d

    - step send_survey:
        channel: customer_notifications
        message: SurveyRequest

  timeout: 4d

# The payment provider raises a chargeback signal; someone in finance looks at it.
process handle_chargeback "Handle Chargeback":
  implements: [ORD-007]

  trigger:
    when: signal chargeback_received

  input:
    order_id: uuid required
    reason: str

  steps:
    - step review_chargeback:
        human_task:
          title: "Review chargeback"
          assignee_role: finance
          form:
            accepted: bool required
            notes: text
          timeout: 5d

    - step record_outcome:
        service: record_chargeback
        inputs:
          - order_id -> order_id
          - review_chargeback.data.accepted -> accepted

  timeout: 7d
