import { describe, expect, it } from 'vitest';
import { compileSources } from '../../../compiler/index.ts';
import { AslEngine, type Integrations } from '../../../local/asl/index.ts';

/**
 * A top-level wait_all / rollback parallel with no Choice after it (parallel.ts
 * `emitJoinedParallel`): the Parallel's own Assign raises an error when a branch failed, and its
 * Catch reads the branches' report from the error's cause. Run on the local interpreter, which
 * words evaluation errors as AWS does ("… threw an error during evaluation. D3137: <message>").
 */
const DSL = `
process joined "Joined":
  trigger:
    when: manual
  input:
    order_id: str required
  steps:
    - parallel both:
        - step left:
            service: left
            compensate: undo_left
        - step right:
            service: right
            compensate: undo_right
        on_any_failure: POLICY
    - step after:
        service: after
  compensations:
    - undo_left:
        service: undo_left
        inputs:
          - order_id -> order_id
    - undo_right:
        service: undo_right
        inputs:
          - order_id -> order_id
  overlap: allow
`;

const named = (name: string, message: string) => Object.assign(new Error(message), { name });

function engineFor(policy: 'wait_all' | 'rollback', invoke: (fn: string) => unknown) {
  const result = compileSources([{ name: 'joined.dsl', text: DSL.replace('POLICY', policy) }]);
  const artifacts = result.artifacts;
  if (!artifacts) throw new Error(JSON.stringify(result.diagnostics));
  const [workflow] = artifacts.manifest.workflows;
  const text = artifacts.asl[workflow.id];
  const calls: { fn: string; payload: unknown }[] = [];
  const integrations: Integrations = {
    invokeLambda: async (fn, payload) => {
      calls.push({ fn, payload });
      return { Payload: invoke(fn) ?? {} };
    },
  };
  const engine = new AslEngine({ integrations });
  const substitutions: Record<string, string> = {};
  for (const m of text.matchAll(/\$\{(\w+)\}/g)) substitutions[m[1]] = m[1];
  engine.registerStateMachine('joined', JSON.parse(text), { substitutions });
  return {
    engine,
    calls,
    definition: JSON.parse(text) as { States: Record<string, Record<string, unknown>> },
  };
}

const undos = (calls: { fn: string }[]) => calls.map((c) => c.fn).filter((f) => f.startsWith('Service_undo'));

describe('a wait_all / rollback parallel checks its branches itself', () => {
  it('has no Choice after it: the Parallel goes straight on, one transition fewer', async () => {
    const { engine, definition } = engineFor('wait_all', () => ({}));
    expect(Object.keys(definition.States)).not.toContain('both branches');
    expect(definition.States.both.Next).toBe('after');
    const run = await engine.runExecution('joined', { input: { order_id: 'o1' } });
    expect(run.status).toBe('SUCCEEDED');
    // Start check input, both, left, right, after (which ends the run).
    expect(run.transitions).toBe(5);
  });

  it('wait_all: a failed branch fails the step with Parallel.BranchFailed; the failure path compensates the other branch', async () => {
    const { engine, calls } = engineFor('wait_all', (fn) => {
      if (fn === 'Service_right') throw named('Declined', 'no');
    });
    const run = await engine.runExecution('joined', { input: { order_id: 'o1' } });
    expect(run).toMatchObject({ status: 'FAILED', error: 'Parallel.BranchFailed' });
    expect(JSON.parse(run.cause ?? '')).toMatchObject([
      { step: 'right', error: 'Declined', cause: expect.stringContaining('no') },
    ]);
    expect(undos(calls)).toEqual(['Service_undo_left']);
    expect(calls.find((c) => c.fn === 'Service_undo_left')?.payload).toMatchObject({
      input: { order_id: 'o1' },
    });
    expect(calls.map((c) => c.fn)).not.toContain('Service_after');
  });

  it('rollback: compensates the completed branch, then fails with the branches failures', async () => {
    const { engine, calls } = engineFor('rollback', (fn) => {
      if (fn === 'Service_left') throw named('Broken', 'left is broken');
    });
    const run = await engine.runExecution('joined', { input: { order_id: 'o1' } });
    expect(run).toMatchObject({ status: 'FAILED', error: 'Parallel.BranchFailed' });
    expect(JSON.parse(run.cause ?? '')).toMatchObject([{ step: 'left', error: 'Broken' }]);
    // Rolled back once (by the rollback), not again by the process failure path.
    expect(undos(calls)).toEqual(['Service_undo_right']);
  });

  it('a report too large for a cause keeps the saga records and shortens the failures', async () => {
    const huge = 'x'.repeat(40_000);
    const { engine, calls } = engineFor('rollback', (fn) => {
      if (fn === 'Service_left') throw named('Broken', huge);
    });
    const run = await engine.runExecution('joined', { input: { order_id: 'o1' } });
    expect(run).toMatchObject({ status: 'FAILED', error: 'Parallel.BranchFailed' });
    expect((run.cause ?? '').length).toBeLessThanOrEqual(2_000);
    expect(run.cause).toContain('"step":"left"');
    expect(undos(calls)).toEqual(['Service_undo_right']);
  });

  it('saga records too large for a cause: the failure says they were not compensated', async () => {
    const { engine, calls } = engineFor('rollback', (fn) => {
      if (fn === 'Service_left') throw named('Broken', 'no');
    });
    const run = await engine.runExecution('joined', { input: { order_id: 'o'.repeat(30_000) } });
    expect(run).toMatchObject({ status: 'FAILED', error: 'Parallel.BranchFailed' });
    expect(run.cause).toMatch(/^saga records of the branches too large to carry, not compensated; \[/);
    expect(undos(calls)).toEqual([]);
  });
});
