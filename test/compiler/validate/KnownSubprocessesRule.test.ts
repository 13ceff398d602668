import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../compiler/parser/index.ts';
import { validateApp } from '../../../compiler/validate/index.ts';
import { KnownSubprocessesRule } from '../../../compiler/validate/rules/KnownSubprocessesRule.ts';
import { at, countingReads, dsl, FILE, harnessFor } from './harness.ts';

const { expectValid, expectErrors } = harnessFor(KnownSubprocessesRule);

describe('KnownSubprocessesRule', () => {
  it('accepts a process of the same files', () => {
    expectValid(dsl`
      process parent "Parent":
        steps:
          - step run_child:
              subprocess: child
      process child "Child":
        steps:
          - step work:
              service: s
    `);
  });

  it('warns about a process these files do not define', () => {
    const source = dsl`
      process parent "Parent":
        steps:
          - step run_child:
              subprocess: chlid
      process child "Child":
        steps:
          - step work:
              service: s
    `;
    const [found] = expectErrors(source, [at('DZ302', source, 'chlid')]);
    expect(found.severity).toBe('warning');
    expect(found.message).toContain('Did you mean "child"?');
  });

  it('reports a process that runs itself, directly or through another', () => {
    const source = dsl`
      process a "A":
        steps:
          - step again:
              subprocess: a
      process b "B":
        steps:
          - step to_c:
              subprocess: c
      process c "C":
        steps:
          - step to_b:
              subprocess: b
    `;
    expectErrors(
      source,
      [
        at('DZ303', source, 'subprocess: a', 1),
        at('DZ303', source, 'subprocess: c'),
        at('DZ303', source, 'subprocess: b'),
      ].map((e) => ({ ...e, column: e.column + 'subprocess: '.length })),
    );
  });

  it("resolves a subprocess within the caller's app", () => {
    const source = dsl`
      process shop_main "Main":
        steps:
          - step run_child:
              subprocess: billing_child
      process billing_child "Child":
        steps:
          - step work:
              service: s
    `;
    const appOf = (node: object) => String((node as { name: string }).name).split('_')[0];
    expectErrors(source, [at('DZ302', source, 'billing_child')], { appOf });
  });
});

describe('KnownSubprocessesRule at scale', () => {
  it('looks subprocesses up without scanning every process for each step', () => {
    // It used to search the list of every process for each subprocess step (quadratic).
    const n = 300;
    const source = [
      ...Array.from({ length: n }, (_, i) =>
        [`process p${i} "P":`, '  steps:', '    - step run:', '        subprocess: shared'].join('\n'),
      ),
      ['process shared "Shared":', '  steps:', '    - step work:', '        service: s'].join('\n'),
    ].join('\n');
    const parsed = parseSource({ name: FILE, text: `${source}\n` });
    const { items: processes, reads } = countingReads(parsed.ir.processes);
    const diagnostics = validateApp({ ...parsed.ir, processes }, parsed.sourceMap, {}, [
      KnownSubprocessesRule,
    ]);
    expect(diagnostics).toEqual([]);
    expect(reads() / n).toBeLessThan(5);
  });
});
