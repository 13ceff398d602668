import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkSources, compileSources } from '../../../compiler/index.ts';
import { allSteps, planWorkflow, workflowOf } from '../../../compiler/plan/index.ts';
import { aslValidator } from '../../../host/asl-validator.ts';

const DOCS = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/dazzle-docs/processes.dsl');

type States = Record<string, Record<string, unknown>>;

/**
 * The states of one ASL scope that nothing reaches from StartAt — what Step Functions rejects at
 * CreateStateMachine with `MISSING_TRANSITION_TARGET: State "X" is not reachable`. Written from the
 * ASL specification's transition fields (Next, Default, Choices[].Next, Catch[].Next), not from the
 * compiler, and applied to nested Parallel branches and Map item processors too.
 */
function unreachableStates(definition: { StartAt: string; States: States }): string[] {
  const reached = new Set([definition.StartAt]);
  for (const name of reached) {
    const state = definition.States[name] ?? {};
    const targets = [
      state.Next,
      state.Default,
      ...((state.Choices as { Next: string }[] | undefined) ?? []).map((c) => c.Next),
      ...((state.Catch as { Next: string }[] | undefined) ?? []).map((c) => c.Next),
    ];
    for (const t of targets) if (typeof t === 'string') reached.add(t);
  }
  const nested = Object.values(definition.States).flatMap((state) => [
    ...((state.Branches as { StartAt: string; States: States }[] | undefined) ?? []),
    ...(state.ItemProcessor ? [state.ItemProcessor as { StartAt: string; States: States }] : []),
  ]);
  return [
    ...Object.keys(definition.States).filter((name) => !reached.has(name)),
    ...nested.flatMap(unreachableStates),
  ];
}

function compile(text: string) {
  const result = compileSources([{ name: 'p.dsl', text }], { validateAsl: aslValidator() });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  expect(errors).toEqual([]);
  const asl = result.artifacts!.asl;
  return {
    result,
    // By workflow name (these cases have no process and schedule of one name).
    definitions: Object.fromEntries(
      result.artifacts!.manifest.workflows.map((w) => [w.name, JSON.parse(asl[w.id])]),
    ),
  };
}

/** The names of the steps the planner kept, at any depth. */
function plannedSteps(text: string): string[] {
  const { ir } = checkSources([{ name: 'p.dsl', text }]);
  const plan = planWorkflow(workflowOf({ kind: 'process', spec: ir.processes[0] }));
  return allSteps(plan.root).map((s) => s.step.name);
}

/** The steps DZ307 reports (by the name its message quotes first). */
function reportedUnreachable(text: string): number[] {
  const { diagnostics } = checkSources([{ name: 'p.dsl', text }]);
  return diagnostics.filter((d) => d.code === 'DZ307').map((d) => d.line);
}

const afterFinalTask = `
process expense_approval "Expense Approval":
  trigger: entity ExpenseReport status -> submitted
  steps:
    - step validate:
        service: validate_expense
    - step review:
        human_task:
          surface: expense_review
          outcomes:
            - approve "Approve Expense":
                goto: complete
            - reject "Reject":
                goto: fail
    - step notify:
        channel: notifications
        message: ExpenseDecision
        compensate: unsend
    - step audit:
        service: audit_log
        on_failure: cleanup
    - step cleanup:
        service: cleanup
`;

describe('unreachable steps are left out of the definition', () => {
  it("compiles the Dazzle docs' expense_approval: the step after an all-ending task is warned about and left out", () => {
    const { result, definitions } = compile(afterFinalTask);
    expect(result.diagnostics.filter((d) => d.code === 'DZ307').map((d) => d.line)).toEqual([15]);
    const asl = definitions.expense_approval;
    expect(unreachableStates(asl)).toEqual([]);
    const text = JSON.stringify(asl);
    // notify, audit and cleanup (reached only from audit's on_failure), and notify's compensation.
    for (const gone of ['ExpenseDecision', 'audit_log', 'cleanup', 'unsend'])
      expect(text).not.toContain(gone);
    const manifest = result.artifacts!.manifest.workflows[0];
    expect(JSON.stringify(manifest)).not.toContain('audit_log');
    expect(JSON.stringify(manifest)).not.toContain('unsend');
  });

  it('keeps a step that some reachable step jumps to, and drops one that only an unreachable step jumps to', () => {
    const text = `
process p:
  steps:
    - step a:
        service: a
        goto: d
    - step b:
        service: b
        goto: c
    - step c:
        service: c
    - step d:
        service: d
        on_failure: e
    - step e:
        service: e
        goto: complete
`;
    expect(plannedSteps(text)).toEqual(['a', 'd', 'e']);
    expect(unreachableStates(compile(text).definitions.p)).toEqual([]);
  });

  it('prunes inside foreach bodies and parallel branches too', () => {
    const text = `
process p:
  steps:
    - step items:
        service: list_items
    - step each:
        foreach: items
        steps:
          - step decide:
              human_task:
                surface: decide
                outcomes:
                  - ok "OK":
                      goto: complete
          - step never_in_body:
              service: never_in_body
    - parallel both:
        - step left:
            condition: input.x > 1
            on_true: complete
            on_false: fail
        - step right:
            service: right
`;
    expect(plannedSteps(text)).toEqual(['items', 'each', 'decide', 'both', 'left', 'right']);
    const { definitions } = compile(text);
    expect(unreachableStates(definitions.p)).toEqual([]);
    expect(JSON.stringify(definitions.p)).not.toContain('never_in_body');
  });

  it("follows a task's single outcome to its goto (not to the next written step)", () => {
    const text = `
process p:
  steps:
    - step ask:
        human_task:
          surface: ask
          outcomes:
            - done "Done":
                goto: last
    - step skipped:
        service: skipped
    - step last:
        service: last
`;
    expect(plannedSteps(text)).toEqual(['ask', 'last']);
    const asl = compile(text).definitions.p;
    expect(unreachableStates(asl)).toEqual([]);
    expect(asl.States.ask.Next).toBe('last');
  });

  it('leaves out exactly the steps DZ307 reports, on every example of the Dazzle docs page', () => {
    const text = readFileSync(DOCS, 'utf8');
    const { ir, diagnostics, sourceMap } = checkSources([{ name: 'docs.dsl', text }]);
    const warned = diagnostics.filter((d) => d.code === 'DZ307').map((d) => d.line);
    const dropped: number[] = [];
    const workflows = [
      ...ir.processes.map((spec) => ({ kind: 'process' as const, spec })),
      ...ir.schedules.map((spec) => ({ kind: 'schedule' as const, spec })),
    ];
    for (const workflow of workflows) {
      const kept = new Set(allSteps(planWorkflow(workflowOf(workflow)).root).map((s) => s.step));
      for (const step of workflow.spec.steps) {
        if (!kept.has(step))
          dropped.push(sourceMap.field(step, 'name', { file: '', line: 0, column: 0 }).line);
      }
    }
    expect(warned).toEqual([64, 155]);
    expect(dropped).toEqual(warned);
    expect(reportedUnreachable(afterFinalTask)).toEqual([15]);
  });
});
