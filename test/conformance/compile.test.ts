import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitStateMachine } from '../../compiler/emit/asl/process.ts';
import { toJsonText } from '../../compiler/emit/json.ts';
import { compileSources } from '../../compiler/index.ts';
import type { AppIR } from '../../compiler/ir/types.ts';
import { planWorkflow, workflowOf } from '../../compiler/plan/index.ts';
import { dslFiles, expectValidAsl } from '../compiler/golden/harness.ts';
import { dazzleCorpus } from './corpus.ts';

const CORPUS_DIR = dazzleCorpus();

const PROCESS_FILES = dslFiles(CORPUS_DIR).filter(
  (f) => /process|schedule/.test(f.name) || /^\s*(process|schedule)\s/m.test(f.text),
);

describe('the Dazzle corpus', () => {
  it('has process files to compile', () => {
    expect(PROCESS_FILES.length).toBeGreaterThan(5);
  });

  it.each(PROCESS_FILES.map((f) => f.name))('%s compiles to valid ASL, or reports its errors', (name) => {
    const file = PROCESS_FILES.find((f) => f.name === name)!;
    const result = compileSources([file]);
    if (!result.artifacts) {
      expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
      for (const d of result.diagnostics) expect(d.file).toBe(name);
      return;
    }
    const workflows = result.ir.processes.length + result.ir.schedules.length;
    expect(Object.keys(result.artifacts.asl)).toHaveLength(workflows);
    for (const [workflow, text] of Object.entries(result.artifacts.asl)) expectValidAsl(workflow, text);
  });

  // fixture_pra has a validation error (an on_failure to an unknown step), so its reference IR is
  // emitted directly: every construct of Dazzle's own parser reference must still emit valid ASL.
  const reference = JSON.parse(
    readFileSync(join(CORPUS_DIR, 'reference-ir', 'fixture_pra.processes.ir.json'), 'utf8'),
  ) as AppIR;
  const workflows = [
    ...reference.processes.map((spec) => ({ kind: 'process' as const, spec })),
    ...reference.schedules.map((spec) => ({ kind: 'schedule' as const, spec })),
  ];
  it.each(workflows.map((w) => [w.spec.name, w] as const))(
    'reference IR %s emits valid ASL',
    (_name, workflow) => {
      const emitted = emitStateMachine(planWorkflow(workflowOf(workflow)), undefined, {
        file: 'x',
        line: 1,
        column: 1,
      });
      expect(emitted.diagnostics).toEqual([]);
      expectValidAsl(workflow.spec.name, toJsonText(emitted.definition));
    },
  );
});
