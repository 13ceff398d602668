import { describe, expect, it } from 'vitest';
import { codes, dsl, expectClean, onlyProcess, parse } from './harness.ts';

describe('process blocks', () => {
  it('reads the header, docstring, implements, inputs, outputs, timeout, overlap and emits', () => {
    const p = onlyProcess(
      expectClean(dsl`
        process order_fulfillment "Order Fulfillment":
          "Ships orders"
          implements: [ST-001, ST-002]
          trigger:
            when: manual
          input:
            order_id: uuid required
            email: str(255) required "Where to write"
            client: ref Client
            level: enum[low,high] = "low"
            note: text = "none" "A note"
          output:
            tracking: str "Tracking number"
              satisfies:
                - story: "ST-002"
                  outcome: "Customer gets tracking"
          steps:
            - step a:
                service: x
          timeout: 2h
          overlap: cancel_previous
          emits:
            on_start: Started
            on_complete: Done
            on_failure: Failed
      `),
    );
    expect(p).toMatchObject({
      name: 'order_fulfillment',
      title: 'Order Fulfillment',
      description: 'Ships orders',
      implements: ['ST-001', 'ST-002'],
      timeout_seconds: 7200,
      overlap_policy: 'cancel_previous',
      events: { on_start: 'Started', on_complete: 'Done', on_failure: 'Failed' },
      source: { file: 'test.dsl', line: 1, column: 1 },
    });
    expect(p.inputs).toEqual([
      { name: 'order_id', type: 'uuid', required: true },
      { name: 'email', type: 'str(255)', required: true, description: 'Where to write' },
      { name: 'client', type: 'ref Client', required: false },
      { name: 'level', type: 'enum[low,high]', required: false, default: 'low' },
      { name: 'note', type: 'text', required: false, default: 'none', description: 'A note' },
    ]);
    expect(p.outputs).toEqual([
      {
        name: 'tracking',
        type: 'str',
        description: 'Tracking number',
        satisfies: [{ story: 'ST-002', outcome: 'Customer gets tracking' }],
      },
    ]);
  });

  it('applies Dazzle’s defaults', () => {
    const p = onlyProcess(expectClean('process p:\n  steps:\n    - step a:\n        service: x\n'));
    expect(p).toEqual({
      name: 'p',
      implements: [],
      inputs: [],
      outputs: [],
      steps: [expect.objectContaining({ name: 'a' })],
      compensations: [],
      timeout_seconds: 86400,
      overlap_policy: 'skip',
      events: {},
      source: { file: 'test.dsl', line: 1, column: 1 },
    });
  });

  it('accepts a single implements id and a description: field', () => {
    const p = onlyProcess(expectClean('process p:\n  description: "Does p"\n  implements: ST-9\n'));
    expect([p.implements, p.description]).toEqual([['ST-9'], 'Does p']);
  });

  it('reads compensations in both forms', () => {
    const p = onlyProcess(
      expectClean(dsl`
        process p:
          compensations:
            - refund:
                service: refund_card
                inputs:
                  - order_id -> order_id
                timeout: 1m
            - name: release
              service: release_stock
              retry:
                max_attempts: 2
      `),
    );
    expect(p.compensations).toEqual([
      {
        name: 'refund',
        service: 'refund_card',
        inputs: [{ source: 'order_id', target: 'order_id' }],
        timeout_seconds: 60,
      },
      {
        name: 'release',
        service: 'release_stock',
        inputs: [],
        timeout_seconds: 30,
        retry: {
          max_attempts: 2,
          initial_interval_seconds: 1,
          backoff: 'exponential',
          backoff_coefficient: 2,
          max_interval_seconds: 60,
        },
      },
    ]);
  });

  it('reports an invalid overlap policy with the accepted values', () => {
    const { diagnostics, ir } = parse('process p:\n  overlap: sometimes\n');
    expect(codes(diagnostics)).toEqual([['DZ204', 2, 12]]);
    expect(diagnostics[0].message).toContain('cancel_previous');
    expect(ir.processes[0].overlap_policy).toBe('skip');
  });

  it('reports a header without a colon and skips that block only', () => {
    const { diagnostics, ir } = parse('process p "P"\n  timeout: 1h\nprocess q:\n  timeout: 1m\n');
    expect(codes(diagnostics)).toEqual([['DZ103', 1, 14]]);
    expect(ir.processes.map((p) => p.name)).toEqual(['q']);
  });

  it('warns about a field given twice', () => {
    expect(codes(parse('process p:\n  timeout: 1h\n  timeout: 2h\n').diagnostics)).toEqual([['DZ205', 3, 3]]);
  });

  it('records node and field locations in the source map', () => {
    const { ir, sourceMap } = parse(dsl`
      process p:
        input:
          a: uuid required
        timeout: 5m
    `);
    const p = ir.processes[0];
    const fallback = { file: '?', line: 0, column: 0 };
    expect(sourceMap.of(p, fallback)).toMatchObject({ line: 1, column: 1 });
    expect(sourceMap.field(p, 'timeout_seconds', fallback)).toMatchObject({ line: 4, column: 12 });
    expect(sourceMap.of(p.inputs[0], fallback)).toMatchObject({ line: 3, column: 5 });
    expect(sourceMap.field(p.inputs[0], 'type', fallback)).toMatchObject({ line: 3, column: 8 });
  });
});
