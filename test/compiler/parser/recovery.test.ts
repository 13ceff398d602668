import { describe, expect, it } from 'vitest';
import { codes, dsl, parse } from './harness.ts';

describe('error recovery and skipped constructs', () => {
  it('skips other top-level constructs by block, without diagnostics', () => {
    const { ir, diagnostics } = parse(dsl`
      module shop.orders
      use shop.entities
      app shop "Shop"

      entity Order "Order":
        id: uuid pk
        total: decimal(10,2)
        status: enum[draft, confirmed]

      service payment_provider "Payments":
        kind: integration
        guarantees:
          - "Idempotent"

      process p:
        timeout: 1m
    `);
    expect(diagnostics).toEqual([]);
    expect(ir.processes.map((p) => p.name)).toEqual(['p']);
  });

  it('warns about an unknown field (DZ200) and skips exactly its block', () => {
    const { ir, diagnostics } = parse(dsl`
      process p:
        sla:
          warn_after: 1h
          steps:
            - step hidden:
                service: x
        steps:
          - step a:
              service: y
              owner: finance
              timeout: 1m
        timeout: 5m
    `);
    expect(codes(diagnostics)).toEqual([
      ['DZ200', 2, 3],
      ['DZ200', 10, 9],
    ]);
    const p = ir.processes[0];
    expect(p.steps.map((s) => s.name)).toEqual(['a']);
    expect(p.steps[0].timeout_seconds).toBe(60);
    expect(p.timeout_seconds).toBe(300);
  });

  it('warns about a field at the top level (mis-indented) and goes on', () => {
    const { ir, diagnostics } = parse('process p:\n  timeout: 1m\ntimeout: 2m\nprocess q:\n  timeout: 3m\n');
    expect(codes(diagnostics)).toEqual([['DZ200', 3, 1]]);
    expect(ir.processes.map((p) => p.timeout_seconds)).toEqual([60, 180]);
  });

  it('reports a syntax error and keeps the following lines', () => {
    const { ir, diagnostics } = parse(
      'process p:\n  input:\n    a uuid\n    b: uuid required\n  timeout: 1m\n',
    );
    expect(codes(diagnostics)).toEqual([['DZ103', 3, 7]]);
    expect(ir.processes[0].inputs.map((i) => i.name)).toEqual(['b']);
    expect(ir.processes[0].timeout_seconds).toBe(60);
  });

  it('reports an unexpected indented block', () => {
    const { ir, diagnostics } = parse('process p:\n  timeout: 1m\n      overlap: queue\n  overlap: allow\n');
    expect(codes(diagnostics)).toEqual([['DZ103', 3, 7]]);
    expect(ir.processes[0].overlap_policy).toBe('allow');
  });

  it('reports extra tokens after a value', () => {
    expect(codes(parse('process p:\n  timeout: 1m please\n').diagnostics)).toEqual([['DZ103', 2, 15]]);
  });

  it('survives an unterminated string and an inconsistent dedent', () => {
    const { ir, diagnostics } = parse(
      'process p "P:\n  timeout: 1m\nprocess q:\n    timeout: 1m\n  overlap: queue\n',
    );
    expect(codes(diagnostics).map(([code]) => code)).toContain('DZ101');
    expect(codes(diagnostics).map(([code]) => code)).toContain('DZ102');
    expect(ir.processes.map((p) => p.name)).toContain('q');
  });

  it('never throws on empty or odd input', () => {
    for (const text of [
      '',
      '\n\n',
      '   ',
      '-',
      ':',
      'process',
      'process p:',
      'story',
      '"',
      '\t\t-',
      '[[[[',
      ']]]',
      'process p:\n  steps:\n    -',
    ]) {
      expect(() => parse(text)).not.toThrow();
    }
  });
});
