// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${…}` are the ASL placeholders, not templates.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSources } from '../../../compiler/index.ts';
import type { ProcessStep } from '../../../compiler/ir/types.ts';
import { ManifestSchema, manifestJsonSchema } from '../../../compiler/manifest/schema.ts';
import { chooseWorkflowType } from '../../../compiler/manifest/workflowType.ts';
import { planWorkflow, workflowOf } from '../../../compiler/plan/index.ts';
import { dslFiles, GOLDEN_DIR, ROOT, UPDATE } from '../golden/harness.ts';
import { processOf, service, step } from '../plan/builders.ts';

const SCHEMA_FILE = join(ROOT, 'compiler/manifest/manifest.schema.json');
const CASES = join(GOLDEN_DIR, 'cases');

const manifestOf = (file: string, options = {}) => {
  const result = compileSources(
    dslFiles(CASES, (f) => f === file),
    options,
  );
  expect(result.artifacts, JSON.stringify(result.diagnostics)).toBeDefined();
  return result.artifacts!.manifest;
};
const workflow = (file: string, name: string, options = {}) =>
  manifestOf(file, options).workflows.find((w) => w.name === name)!;

describe('manifest', () => {
  it('manifest.schema.json is generated from the zod schema and up to date', () => {
    const schema = manifestJsonSchema();
    if (UPDATE) writeFileSync(SCHEMA_FILE, `${JSON.stringify(schema, null, 2)}\n`);
    // Compared as JSON: the committed file is formatted by Biome.
    expect(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'))).toEqual(schema);
  });

  it('every manifest the compiler writes matches the schema', () => {
    for (const file of [...dslFiles(CASES).map((f) => f.name)]) ManifestSchema.parse(manifestOf(file));
    const examples = compileSources(dslFiles(join(ROOT, 'examples/dsl'))).artifacts;
    expect(examples).toBeDefined();
    ManifestSchema.parse(examples?.manifest);
  });

  it('gives each trigger the EventBridge pattern it needs (DESIGN §5)', () => {
    const pattern = (name: string) => workflow('triggers.dsl', name).triggers[0];
    expect(pattern('on_created')).toEqual({
      kind: 'entity_event',
      entity: 'Order',
      event_type: 'created',
      pattern: {
        source: ['${EventSource}'],
        'detail-type': ['EntityCreated'],
        detail: { entity: ['Order'] },
      },
    });
    expect(pattern('on_deleted')).toMatchObject({ pattern: { 'detail-type': ['EntityDeleted'] } });
    expect(pattern('on_transition')).toEqual({
      kind: 'entity_status_transition',
      entity: 'Order',
      from_status: 'pending',
      to_status: 'paid',
      pattern: {
        source: ['${EventSource}'],
        'detail-type': ['EntityStatusChanged'],
        detail: { entity: ['Order'], to_status: ['paid'], from_status: ['pending'] },
      },
    });
    expect(pattern('on_signal')).toMatchObject({
      kind: 'signal',
      signal: 'payment_received',
      pattern: { 'detail-type': ['Signal'], detail: { name: ['payment_received'] } },
    });
    expect(pattern('on_completed_event')).toMatchObject({
      via: 'on_complete_event',
      pattern: { 'detail-type': ['PaymentHandled'], detail: { process: ['on_transition'] } },
    });
    expect(pattern('on_completed_status')).toMatchObject({
      via: 'execution_status_change',
      pattern: {
        source: ['aws.states'],
        detail: { status: ['SUCCEEDED'], stateMachineArn: ['${StateMachine_process_on_status}'] },
      },
    });
    expect(workflow('steps.dsl', 'service_step').triggers).toEqual([
      { kind: 'manual', route: 'POST /processes/service_step/executions' },
    ]);
  });

  it('lists schedules: cron converted, rate() for intervals, timezone, catch_up, a dom+dow split', () => {
    expect(workflow('triggers.dsl', 'nightly').schedules).toEqual([
      {
        id: 'schedule-nightly',
        expression: 'cron(30 2 * * ? *)',
        source: '30 2 * * *',
        timezone: 'America/New_York',
        catch_up: true,
        split: false,
      },
    ]);
    expect(workflow('triggers.dsl', 'every_five').schedules[0].expression).toBe('rate(5 minutes)');
    expect(workflow('triggers.dsl', 'on_cron').schedules[0]).toMatchObject({ timezone: 'Europe/London' });
    expect(workflow('triggers.dsl', 'on_interval').schedules[0].expression).toBe('rate(1 hour)');
    const split = workflow('triggers.dsl', 'split_days').schedules;
    expect(split.map((s) => [s.id, s.expression, s.split])).toEqual([
      ['schedule-split_days', 'cron(0 9 1 * ? *)', true],
      ['schedule-split_days.2', 'cron(0 9 ? * 2 *)', true],
    ]);
    const result = compileSources(dslFiles(CASES, (f) => f === 'triggers.dsl'));
    expect(result.diagnostics.filter((d) => d.code === 'DZ512')).toHaveLength(1);
  });

  it('describes human tasks, signals, references and IAM needs', () => {
    const human = workflow('steps.dsl', 'human_task_step');
    expect(human.human_tasks[0]).toMatchObject({
      step: 'review',
      title: 'Review expense',
      role: 'manager',
      surface: 'expense_review',
      entity: 'ExpenseReport',
      timeout_seconds: 14_400,
      escalation_seconds: 3600,
    });
    expect(human.human_tasks[0].outcomes.map((o) => [o.name, o.goto])).toEqual([
      ['approve', 'pay'],
      ['reject', 'fail'],
      ['skip', 'complete'],
    ]);
    expect(human.references.handlers).toEqual(['entityStore', 'taskRegister']);
    const waits = workflow('steps.dsl', 'wait_steps');
    expect(waits.signals).toEqual([
      { step: 'paid', signal: 'payment_received', correlation: 'input.order_id', timeout_seconds: 604_800 },
      { step: 'confirmed', signal: 'confirmation', timeout_seconds: 259_200 },
    ]);
    const saga = workflow('policies.dsl', 'saga');
    expect(saga.references.services).toEqual([
      'charge_card',
      'refund_card',
      'reserve_stock',
      'ship_order',
      'stock_release',
    ]);
    for (const statement of saga.iam) {
      expect(statement.resources.length).toBeGreaterThan(0);
      expect(statement.resources.every((r) => r.startsWith('${'))).toBe(true);
    }
    const overlap = workflow('overlap.dsl', 'overlap_cancel');
    expect(overlap.overlap).toEqual({
      policy: 'cancel_previous',
      lock: { pk: 'LOCK#process-overlap_cancel', scope: 'process', lease_seconds: 600 },
    });
    expect(overlap.iam.find((s) => s.state === 'Lock stop holder')).toEqual({
      state: 'Lock stop holder',
      actions: ['states:StopExecution'],
      resources: ['${Executions_process_overlap_cancel}'],
    });
  });

  it('workflowType auto picks Express only when nothing rules it out, and says why', () => {
    const type = (spec: Parameters<typeof processOf>[2], steps: ProcessStep[] = [service('a')]) =>
      chooseWorkflowType(
        planWorkflow(workflowOf({ kind: 'process', spec: processOf('p', steps, spec) })),
        'auto',
      );
    expect(type({ timeout_seconds: 300 })).toEqual({
      type: 'EXPRESS',
      reason: 'auto: Express (no callbacks, no .sync, no lock, timeout 300s ≤ 300s)',
    });
    expect(type({ timeout_seconds: 301 }).type).toBe('STANDARD');
    expect(type({ timeout_seconds: 60, overlap_policy: 'queue' }).reason).toContain("overlap 'queue'");
    // `skip` is what Dazzle's IR records when nothing was written: no lock, so it stays Express.
    expect(type({ timeout_seconds: 60, overlap_policy: 'skip' }).type).toBe('EXPRESS');
    expect(type({ timeout_seconds: 60 }, [step('wait', 'w', { wait_for_signal: 's' })]).reason).toContain(
      'signal',
    );
    expect(type({ timeout_seconds: 60 }, [step('subprocess', 's', { subprocess: 'c' })]).reason).toContain(
      '.sync',
    );
    expect(workflow('overlap.dsl', 'overlap_allow', { workflowType: 'auto' }).workflow_type).toBe('EXPRESS');
    expect(workflow('overlap.dsl', 'overlap_allow').workflow_type).toBe('STANDARD');
  });

  it('workflowType auto keeps a process Standard when another is triggered by its Execution Status Change', () => {
    // Step Functions sends Execution Status Change events to EventBridge for Standard workflows only.
    const plan = planWorkflow(
      workflowOf({ kind: 'process', spec: processOf('p', [service('a')], { timeout_seconds: 60 }) }),
    );
    expect(chooseWorkflowType(plan, 'auto').type).toBe('EXPRESS');
    const watched = chooseWorkflowType(plan, 'auto', 'watcher');
    expect(watched.type).toBe('STANDARD');
    expect(watched.reason).toContain("process 'watcher'");
    const dsl = [
      'process child "Child":',
      '  overlap: allow',
      '  timeout: 1m',
      '  steps:',
      '    - step a:',
      '        service: a',
      'process parent "Parent":',
      '  steps:',
      '    - parallel both:',
      '        - step run_child:',
      '            subprocess: child',
      '        - step b:',
      '            service: b',
    ].join('\n');
    const compiled = compileSources([{ name: 'p.dsl', text: dsl }], { workflowType: 'auto' });
    const child = compiled.artifacts?.manifest.workflows.find((w) => w.name === 'child');
    expect(child?.workflow_type).toBe('STANDARD');
    expect(child?.workflow_type_reason).toContain("process 'parent' runs it as a subprocess");
    const called = chooseWorkflowType(plan, 'auto', undefined, 'parent');
    expect(called.type).toBe('STANDARD');
    expect(called.reason).toContain("process 'parent' runs it as a subprocess");
    // on_status emits no on_complete event: on_completed_status watches its status changes.
    expect(workflow('triggers.dsl', 'on_status', { workflowType: 'auto' }).workflow_type_reason).toContain(
      "process 'on_completed_status'",
    );
    // on_transition emits on_complete: its watcher listens to that event instead.
    expect(
      workflow('triggers.dsl', 'on_transition', { workflowType: 'auto' }).workflow_type_reason,
    ).not.toContain('Execution Status Change');
  });
});
