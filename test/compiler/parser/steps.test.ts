import { describe, expect, it } from 'vitest';
import { codes, parse, processWithSteps, stepsOf } from './harness.ts';

const clean = (steps: string) => {
  const result = parse(processWithSteps(steps));
  expect(codes(result.diagnostics)).toEqual([]);
  return result.ir.processes[0].steps;
};
const diagnosticsOf = (steps: string) => codes(parse(processWithSteps(steps)).diagnostics);

const DEFAULTS = {
  parallel_steps: [],
  parallel_policy: 'fail_fast',
  query_limit: 1000,
  foreach_steps: [],
  inputs: [],
  timeout_seconds: 30,
  effects: [],
  satisfies: [],
};

describe('steps', () => {
  it('reads the Dazzle form and the documentation form to the same IR', () => {
    const dazzle = clean(`
- step charge:
    service: Payments.charge
    timeout: 2m
    retry:
      max_attempts: 4
      backoff: linear
      interval: 5s
      backoff_coefficient: 1.5
      max_interval: 2m
    inputs:
      - input.order_id -> order_id
    output: receipt
    on_success: done
    on_failure: fail
    compensate: refund
`);
    const documented = clean(`
- name: charge
  kind: service
  service: Payments.charge
  timeout: 2m
  retry:
    max_attempts: 4
    backoff: linear
    initial_interval: 5s
    backoff_coefficient: 1.5
    max_interval: 2m
  inputs:
    - input.order_id -> order_id
  output: receipt
  goto: done
  on_failure: fail
  compensate_with: refund
`);
    expect(documented).toEqual(dazzle);
    expect(dazzle[0]).toEqual({
      ...DEFAULTS,
      name: 'charge',
      kind: 'service',
      service: 'Payments.charge',
      timeout_seconds: 120,
      retry: {
        max_attempts: 4,
        backoff: 'linear',
        initial_interval_seconds: 5,
        backoff_coefficient: 1.5,
        max_interval_seconds: 120,
      },
      inputs: [{ source: 'input.order_id', target: 'order_id' }],
      output_mapping: 'receipt',
      on_success: 'done',
      on_failure: 'fail',
      compensate_with: 'refund',
    });
  });

  it('infers each kind from its fields', () => {
    const steps = clean(`
- step a:
    service: s
- step b:
    channel: c
    message: M
- step c:
    wait: 1h
- step d:
    wait: order_paid
    correlation: input.order_id
- step e:
    subprocess: other
- step f:
    condition: Invoice.total   >  10000
    on_true: a
    on_false: b
- step g:
    llm_intent: classify
    input_map:
      text: input.description
- step h:
    effects:
      - create AuditLog:
          set:
            - AuditLog.note -> "closed"
- name: i
  wait_duration_seconds: 60
- name: j
  wait_for_signal: "paid"
`);
    expect(steps.map((s) => s.kind)).toEqual([
      'service',
      'send',
      'wait',
      'wait',
      'subprocess',
      'condition',
      'llm_intent',
      'side_effect',
      'wait',
      'wait',
    ]);
    expect(steps[3]).toMatchObject({ wait_for_signal: 'order_paid', wait_correlation: 'input.order_id' });
    expect(steps[5]).toMatchObject({ condition: 'Invoice.total > 10000', on_true: 'a', on_false: 'b' });
    expect(steps[6]).toMatchObject({ llm_intent: 'classify', llm_input_map: { text: 'input.description' } });
    expect(steps[7].effects).toEqual([
      {
        action: 'create',
        entity_name: 'AuditLog',
        assignments: [{ field_path: 'AuditLog.note', value: 'closed' }],
      },
    ]);
    expect(steps[8]).toMatchObject({ wait_duration_seconds: 60 });
    expect(steps[9]).toMatchObject({ wait_for_signal: 'paid' });
  });

  it('reads a quoted condition as its content', () => {
    expect(clean('- step c:\n    condition: "a = 1 and b = 2"\n')[0]).toMatchObject({
      condition: 'a = 1 and b = 2',
    });
  });

  it('reads query steps with a Django-style filter and a limit', () => {
    const [q] = clean(`
- name: overdue
  kind: query
  query: Invoice
  filter:
    due_date__lt: today
    status__not_in: [paid, cancelled]
  limit: 50
`);
    expect(q).toEqual({
      ...DEFAULTS,
      name: 'overdue',
      kind: 'query',
      query_entity: 'Invoice',
      query_filter: { due_date__lt: 'today', status__not_in: ['paid', 'cancelled'] },
      query_limit: 50,
    });
  });

  it('reads foreach steps with nested steps, concurrency and mode', () => {
    const [, f] = clean(`
- step rows:
    query: Order
- step each:
    foreach: rows
    concurrency: 5
    mode: distributed
    steps:
      - step one:
          service: archive
`);
    expect(f).toMatchObject({
      kind: 'foreach',
      foreach_source: 'rows',
      foreach_concurrency: 5,
      foreach_mode: 'distributed',
      parallel_steps: [],
    });
    expect(f.foreach_steps.map((s) => s.name)).toEqual(['one']);
  });

  it('reads parallel steps in both forms', () => {
    const [dazzle] = clean(`
- parallel both:
    - step a:
        service: x
    - step b:
        service: y
    on_any_failure: rollback
`);
    const [documented] = clean(`
- name: both
  kind: parallel
  policy: rollback
  steps:
    - name: a
      service: x
    - name: b
      service: y
`);
    expect(documented).toEqual(dazzle);
    expect(dazzle).toMatchObject({ kind: 'parallel', parallel_policy: 'rollback', foreach_steps: [] });
    expect(dazzle.parallel_steps.map((s) => s.name)).toEqual(['a', 'b']);
  });

  it('reads update effects with where and sets (Dazzle IR: entity_name, assignments), and step satisfies', () => {
    const [s] = clean(`
- name: close
  effects:
    - update Task:
        where: linked_id = self.id
        sets:
          - Task.status -> archived
  satisfies:
    - story: "ST-002"
      outcome: "Tasks are archived"
`);
    expect(s.effects).toEqual([
      {
        action: 'update',
        entity_name: 'Task',
        where: 'linked_id = self.id',
        assignments: [{ field_path: 'Task.status', value: 'archived' }],
      },
    ]);
    expect(s.satisfies).toEqual([{ story: 'ST-002', outcome: 'Tasks are archived' }]);
  });

  it('reports two kind-setting fields (DZ202) at the second one', () => {
    expect(diagnosticsOf('- step a:\n    service: x\n    subprocess: y\n')).toEqual([['DZ202', 7, 9]]);
    expect(diagnosticsOf('- name: a\n  wait_duration_seconds: 5\n  wait_for_signal: s\n')).toEqual([
      ['DZ202', 7, 24],
    ]);
  });

  it('reports kind: disagreeing with the fields (DZ203) at its value', () => {
    expect(diagnosticsOf('- name: a\n  kind: send\n  service: x\n')).toEqual([['DZ203', 6, 13]]);
  });

  it('reports an unknown kind value (DZ204)', () => {
    expect(diagnosticsOf('- name: a\n  kind: lambda\n  service: x\n')).toEqual([['DZ204', 6, 13]]);
  });

  it('leaves a step with no kind for validation', () => {
    const result = parse(processWithSteps('- step a:\n    timeout: 5s\n'));
    expect(codes(result.diagnostics)).toEqual([]);
    expect(result.ir.processes[0].steps[0].kind).toBeUndefined();
  });

  it('warns about fields that do not apply to the kind (DZ206) and drops them', () => {
    const result = parse(processWithSteps('- step a:\n    service: x\n    on_true: b\n'));
    expect(codes(result.diagnostics)).toEqual([['DZ206', 7, 18]]);
    expect(result.ir.processes[0].steps[0]).not.toHaveProperty('on_true');
  });

  it('reports a documentation-form step without a name', () => {
    expect(diagnosticsOf('- kind: service\n  service: x\n')).toEqual([['DZ103', 5, 5]]);
  });

  it('records step and field locations', () => {
    const { ir, sourceMap } = parse(processWithSteps('- step a:\n    service: x\n- name: b\n  service: y\n'));
    const [a, b] = ir.processes[0].steps;
    const none = { file: '?', line: 0, column: 0 };
    expect(sourceMap.of(a, none)).toMatchObject({ line: 5, column: 12 });
    expect(sourceMap.field(a, 'service', none)).toMatchObject({ line: 6, column: 18 });
    expect(sourceMap.of(b, none)).toMatchObject({ line: 7, column: 13 });
    expect(sourceMap.field(b, 'service', none)).toMatchObject({ line: 8, column: 16 });
  });

  it('keeps the steps after a broken one', () => {
    const steps = stepsOf(processWithSteps('- step a\n    service: x\n- step b:\n    service: y\n'));
    expect(steps.map((s) => s.name)).toEqual(['b']);
  });
});

describe('block locations', () => {
  it('locates block-valued objects at their key and their fields at their values', () => {
    const { ir, sourceMap } = parse(
      processWithSteps('- step t:\n    human_task:\n      timeout: 1h\n    retry:\n      max_attempts: 2\n'),
    );
    const step = ir.processes[0].steps[0];
    const none = { file: '?', line: 0, column: 0 };
    if (step.kind !== 'human_task') throw new Error('expected a human task');
    expect(sourceMap.of(step.human_task, none)).toMatchObject({ line: 6, column: 9 });
    expect(sourceMap.field(step.human_task, 'timeout_seconds', none)).toMatchObject({ line: 7, column: 20 });
    expect(sourceMap.of(step.retry!, none)).toMatchObject({ line: 8, column: 9 });
    expect(sourceMap.field(step.retry!, 'max_attempts', none)).toMatchObject({ line: 9, column: 25 });
  });
});
