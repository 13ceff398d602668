import { readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CODES } from '../../../compiler/diagnostics/codes.ts';
import { SourceMap } from '../../../compiler/ir/locations.ts';
import type { ProcessStep } from '../../../compiler/ir/types.ts';
import { RULES, validateApp } from '../../../compiler/validate/index.ts';
import { at, dsl, validate } from './harness.ts';
import { processOf, step } from './ir.ts';

const rulesDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../compiler/validate/rules');

describe('validateApp', () => {
  it('lists every rule file once in RULES', () => {
    const files = readdirSync(rulesDir).filter((f) => f.endsWith('Rule.ts'));
    expect(RULES.map((rule) => `${rule.name}.ts`).sort()).toEqual(files.sort());
  });

  it('runs every rule, each diagnostic with the severity of its code', () => {
    const source = dsl`
      process p "P":
        steps:
          - step first:
              service: s
              on_success: last
              compensate: undo
          - step skipped:
              service: s
          - step last:
              service: s
              on_failure: nowhere
    `;
    const found = validate(source, RULES);
    expect(found.map(({ code, line, column }) => ({ code, line, column }))).toEqual([
      at('DZ300', source, 'nowhere'),
      at('DZ301', source, 'undo'),
      at('DZ307', source, 'skipped'),
    ]);
    for (const d of found) expect(d.severity).toBe(CODES[d.code].severity);
  });

  it('never throws on IR with pieces missing, and reports what is missing', () => {
    const broken = [
      { ...step('no_kind'), kind: undefined },
      { ...step('no_task'), kind: 'human_task', human_task: undefined },
      { ...step('no_branches'), kind: 'parallel', parallel_steps: undefined },
    ] as unknown as ProcessStep[];
    const ir = { processes: [processOf(broken)], schedules: [], stories: [] };
    const found = validateApp(ir, new SourceMap(), {
      fallback: { file: 'processes.json', line: 1, column: 1 },
    });
    expect(found.map((d) => d.code)).toEqual(['DZ309', 'DZ310', 'DZ310']);
  });
});
