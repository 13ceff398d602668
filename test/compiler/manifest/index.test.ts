import { describe, expect, it } from 'vitest';
import { emitStateMachine } from '../../../compiler/emit/asl/process.ts';
import type { ProcessSpec } from '../../../compiler/ir/types.ts';
import { indexWorkflows, workflowManifest } from '../../../compiler/manifest/build.ts';
import { planWorkflow, type WorkflowDef, workflowOf } from '../../../compiler/plan/index.ts';
import { processOf, service, step } from '../plan/builders.ts';

const AT = { file: 'p.dsl', line: 1, column: 1 };
const def = (spec: ProcessSpec): WorkflowDef => workflowOf({ kind: 'process', spec });
const calls = (name: string, subprocess: string) => step('subprocess', name, { subprocess });
const watches = (name: string, watched: string, fields: Partial<ProcessSpec> = {}) =>
  processOf(name, [service('a')], {
    trigger: { kind: 'process_completed', process_name: watched, timezone: 'UTC' },
    ...fields,
  });

describe('indexWorkflows (who calls and watches whom, built once per compile)', () => {
  it('finds the first caller by name, at any depth (parallel branches, foreach bodies)', () => {
    const index = indexWorkflows(
      [
        processOf('zeta', [calls('run', 'child')]),
        processOf('beta', [
          step('foreach', 'each', { foreach_source: 'items', foreach_steps: [calls('run', 'child')] }),
        ]),
        processOf('gamma', [
          step('parallel', 'both', { parallel_steps: [service('x'), calls('run', 'other')] }),
        ]),
        processOf('child', [service('a')]),
      ].map(def),
    );
    expect(index.subprocessCaller.get('child')).toBe('beta');
    expect(index.subprocessCaller.get('other')).toBe('gamma');
    expect(index.subprocessCaller.get('zeta')).toBeUndefined();
  });

  it('finds the first process (by name) triggered by a completion', () => {
    const index = indexWorkflows(
      [watches('w2', 'parent'), watches('w1', 'parent'), processOf('parent', [service('a')])].map(def),
    );
    expect(index.completionWatcher.get('parent')).toBe('w1');
    expect(index.completionWatcher.get('w1')).toBeUndefined();
    expect(index.byName.get('parent')?.name).toBe('parent');
  });

  it('the manifest of every workflow reads each workflow a bounded number of times', () => {
    // The manifest build scanned every workflow for each workflow's callers and watchers
    // (quadratic in workflows): count the reads of workflows' steps and triggers.
    let reads = 0;
    const counted = (spec: ProcessSpec): WorkflowDef =>
      new Proxy(def(spec), {
        get(target, key, receiver) {
          if (key === 'steps' || key === 'trigger') reads++;
          return Reflect.get(target, key, receiver);
        },
      });
    const n = 300;
    const defs = Array.from({ length: n }, (_, i) =>
      counted(
        i % 2
          ? watches(`p${i}`, `p${i - 1}`)
          : processOf(`p${i}`, [calls('run', `p${i + 1}`)], { overlap_policy: 'allow' }),
      ),
    );
    const index = indexWorkflows(defs);
    const types = defs.map((d) => {
      const plan = planWorkflow(d);
      const { definition, iam } = emitStateMachine(plan, undefined, AT);
      return workflowManifest(plan, definition, iam, { fallback: AT, workflowType: 'auto', workflows: index })
        .entry.workflow_type_reason;
    });
    expect(types[1]).toContain("process 'p0' runs it as a subprocess");
    expect(types[0]).toContain("process 'p1' is triggered by its completion");
    expect(reads / n).toBeLessThan(50);
  });
});
