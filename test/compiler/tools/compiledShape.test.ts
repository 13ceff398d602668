import { describe, expect, it } from 'vitest';
import { compileSources } from '../../../compiler/index.ts';
import { compiledShape, formatCompiledShape } from '../../../compiler/tools/compiledShape.ts';
import { formatInspect, inspectWorkflow } from '../../../compiler/tools/inspect.ts';
import { exampleFiles } from './harness.ts';

const result = compileSources(exampleFiles(), { workflowType: 'auto' });

function shapeOf(name: string) {
  const entry = result.artifacts!.manifest.workflows.find((w) => w.name === name)!;
  return compiledShape(entry, JSON.parse(result.artifacts!.asl[entry.id]));
}

describe('inspect: compiled shape', () => {
  it('order_fulfillment: type and why, states, happy path', () => {
    const shape = shapeOf('order_fulfillment');
    expect(shape.workflow_type).toBe('STANDARD');
    expect(shape.workflow_type_reason).toMatch(/subprocess step 'standard_shipment'/);
    // The lock's acquire also checks the inputs and sets the variables; the last state ends the run.
    expect(shape.happy_path).toEqual([
      'Lock acquire',
      'Emit started',
      'reserve_stock',
      'charge_payment',
      'choose_shipping',
      'express_shipment',
      'notify_shipped',
      'Success release lock',
      'Emit completed',
    ]);
    expect(shape.happy_path_transitions).toBe(9);
    expect(shape.state_count).toBe(Object.values(shape.states_by_type).reduce((a, b) => a + b, 0));
    expect(shape.states_by_type.Task).toBeGreaterThan(5);
    expect(shape.schedules).toEqual([]);
  });

  it('schedules in AWS form: cron, rate and deploy-time parameters', () => {
    expect(shapeOf('overdue_invoice_reminders').schedules).toEqual([
      { expression: 'cron(0 2 * * ? *)', timezone: 'Europe/London', catch_up: true, split: false },
    ]);
    expect(shapeOf('heartbeat').schedules[0].expression).toBe('rate(1 hour)');
    expect(shapeOf('warehouse_report').schedules[0]).toMatchObject({
      expression: 'param("warehouse_report_cron")',
      timezone: 'param("warehouse_timezone")',
    });
    expect(shapeOf('archive_old_orders').schedules[0].expression).toBe('cron(30 3 ? * 1 *)');
  });

  it('is part of the inspect report and its text', () => {
    const report = inspectWorkflow(result.ir, 'order_fulfillment')!;
    report.compiled = shapeOf('order_fulfillment');
    const text = formatInspect(report);
    expect(text).toContain('compiled:');
    expect(text).toContain('  happy path: 9 transitions');
    expect(formatCompiledShape(shapeOf('heartbeat'))).toContain('  schedule:   rate(1 hour) UTC');
  });

  it('inspect shows kind-specific step fields and the trigger as IR', () => {
    const report = inspectWorkflow(result.ir, 'order_fulfillment')!;
    expect(report.trigger_spec).toMatchObject({
      kind: 'entity_status_transition',
      entity_name: 'Order',
      to_status: 'confirmed',
    });
    expect(report.implements).toEqual(['ORD-001', 'ORD-002']);
    const fields = Object.fromEntries(report.steps.map((s) => [s.name, s.fields]));
    expect(fields.charge_payment).toMatchObject({
      service: 'charge_card',
      timeout_seconds: 120,
      retry: { max_attempts: 3, backoff: 'exponential' },
      on_failure: 'notify_payment_failed',
      compensate_with: 'refund_payment',
    });
    expect(fields.choose_shipping).toMatchObject({
      condition: 'priority = express',
      on_true: 'express_shipment',
      on_false: 'standard_shipment',
    });
    expect(fields.notify_shipped).toMatchObject({
      channel: 'customer_notifications',
      message: 'OrderShipped',
    });
    expect(fields.standard_shipment).toMatchObject({ subprocess: 'standard_shipping' });
    const review = inspectWorkflow(result.ir, 'expense_approval')!.steps.find(
      (s) => s.kind === 'human_task',
    )!;
    expect(review.fields).toMatchObject({
      assignee_role: 'manager',
      outcomes: [{ name: 'approve', goto: 'pay_out' }, { name: 'reject' }],
    });
  });
});
