import { describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../../compiler/emit/asl/types.ts';
import { compileSources } from '../../../compiler/index.ts';
import type { SourceFile } from '../../../compiler/parser/index.ts';
import { costliestPath, countStates } from '../../../compiler/tools/aslPaths.ts';
import { type CompiledWorkflow, estimateCosts, formatCost, money } from '../../../compiler/tools/cost.ts';
import { PRICES } from '../../../compiler/tools/pricing.ts';
import { appFiles, docsFiles, exampleFiles, storyApps } from './harness.ts';

const LAMBDA = 'arn:aws:states:::lambda:invoke';

/** A → B (Lambda, retried 2+1 times, caught to Recover) → Choice(yes: C, default: Done) … */
const machine: StateMachineDefinition = {
  QueryLanguage: 'JSONata',
  StartAt: 'A',
  States: {
    A: { Type: 'Pass', Next: 'B' },
    B: {
      Type: 'Task',
      Resource: LAMBDA,
      Retry: [
        { ErrorEquals: ['Lambda.ServiceException'], MaxAttempts: 2, IntervalSeconds: 1, BackoffRate: 2 },
        { ErrorEquals: ['States.ALL'], MaxAttempts: 1, IntervalSeconds: 5 },
      ],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Recover' }],
      Next: 'Pick',
    },
    Pick: { Type: 'Choice', Choices: [{ Condition: '{% true %}', Next: 'Both' }], Default: 'Done' },
    Both: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'P1', States: { P1: { Type: 'Task', Resource: LAMBDA, End: true } } },
        {
          StartAt: 'P2',
          States: { P2: { Type: 'Wait', Seconds: 60, Next: 'P3' }, P3: { Type: 'Pass', End: true } },
        },
      ],
      Next: 'Each',
    },
    Each: {
      Type: 'Map',
      Items: '{% $items %}',
      ItemProcessor: {
        ProcessorConfig: { Mode: 'INLINE' },
        StartAt: 'M1',
        States: { M1: { Type: 'Task', Resource: LAMBDA, End: true } },
      },
      Next: 'Loop',
    },
    Loop: { Type: 'Choice', Choices: [{ Condition: '{% false %}', Next: 'A' }], Default: 'Done' },
    Recover: { Type: 'Task', Resource: 'arn:aws:states:::events:putEvents', Next: 'Failed' },
    Done: { Type: 'Succeed' },
    Failed: { Type: 'Fail', Error: 'X', Cause: 'y' },
  },
};

describe('aslPaths', () => {
  it('happy path: the costliest clean run to success, nested states counted', () => {
    const happy = costliestPath(machine, 'happy')!;
    // A, B, Pick, Both(+P1 +P2 +P3), Each(+M1), Loop, Done
    expect(happy.states).toEqual(['A', 'B', 'Pick', 'Both', 'Each', 'Loop', 'Done']);
    expect(happy.transitions).toBe(11);
    expect(happy.lambdaInvocations).toBe(3);
    expect(happy.waitSeconds).toBe(60);
  });

  it('counts Map iterations', () => {
    expect(costliestPath(machine, 'happy', { mapItems: 10 })!.transitions).toBe(11 - 1 + 10);
    expect(costliestPath(machine, 'happy', { mapItems: 10 })!.lambdaInvocations).toBe(2 + 10);
  });

  it('worst path: every retry spent, Catch edges followed, loops taken once', () => {
    const worst = costliestPath(machine, 'worst')!;
    // The costliest end is success through everything with B retried 3 times (B retries do not stop
    // the run); the failure route A, B(+3), Recover, Failed is cheaper.
    expect(worst.states).toEqual(['A', 'B', 'Pick', 'Both', 'Each', 'Loop', 'Done']);
    expect(worst.transitions).toBe(11 + 3);
    expect(worst.lambdaInvocations).toBe(3 + 3);
    expect(worst.waitSeconds).toBe(60 + 1 + 2 + 5);
  });

  it('has no happy path when every route fails', () => {
    const failing: StateMachineDefinition = {
      QueryLanguage: 'JSONata',
      StartAt: 'F',
      States: { F: { Type: 'Fail', Error: 'E', Cause: 'c' } },
    };
    expect(costliestPath(failing, 'happy')).toBeUndefined();
    expect(costliestPath(failing, 'worst')!.transitions).toBe(1);
  });

  it('counts states by type, nested ones included', () => {
    expect(countStates(machine)).toEqual({
      Pass: 2,
      Task: 4,
      Choice: 2,
      Parallel: 1,
      Wait: 1,
      Map: 1,
      Succeed: 1,
      Fail: 1,
    });
  });
});

function compiled(files: SourceFile[], workflowType: 'standard' | 'auto' = 'standard'): CompiledWorkflow[] {
  const result = compileSources(files, { workflowType });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const { asl, manifest } = result.artifacts!;
  return manifest.workflows.map((entry) => {
    const workflow =
      entry.kind === 'process'
        ? { kind: 'process' as const, spec: result.ir.processes.find((p) => p.name === entry.name)! }
        : { kind: 'schedule' as const, spec: result.ir.schedules.find((s) => s.name === entry.name)! };
    return { workflow, workflowType: entry.workflow_type, definition: JSON.parse(asl[entry.id]) };
  });
}

const expressable = `
process quick "Quick":
  trigger:
    when: manual
  steps:
    - step one:
        service: svc_one
    - step two:
        service: svc_two
        retry:
          max_attempts: 3
          backoff: fixed
          interval: 2s
  timeout: 1m
  overlap: allow
`;

describe('cost estimate', () => {
  it('prices Standard per transition and Express per request and duration', () => {
    const [w] = compiled([{ name: 'q.dsl', text: expressable }], 'auto');
    expect(w.workflowType).toBe('EXPRESS');
    const report = estimateCosts([w], 1000);
    const cost = report.workflows[0];
    expect(cost).toMatchObject({
      name: 'quick',
      kind: 'process',
      workflow_type: 'EXPRESS',
      express_possible: true,
    });
    // Start init, one, two (which ends the run).
    expect(cost.happy).toMatchObject({ transitions: 3, lambda_invocations: 2, express_billed_ms: 200 });
    const sfn = PRICES.stepFunctions;
    expect(cost.happy.per_run.standard).toBeCloseTo(3 * sfn.standardPerTransition, 12);
    expect(cost.happy.per_run.express).toBeCloseTo(
      sfn.expressPerRequest + (64 / 1024) * 0.2 * sfn.expressPerGbSecond,
      12,
    );
    const lambda = 2 * (PRICES.lambda.perRequest + (128 / 1024) * 0.1 * PRICES.lambda.perGbSecond);
    expect(cost.happy.per_run.lambda).toBeCloseTo(lambda, 12);
    expect(cost.happy.per_run.total).toBeCloseTo(cost.happy.per_run.express + lambda, 12);
    expect(cost.happy.for_runs.total).toBeCloseTo(cost.happy.per_run.total * 1000, 9);
    // Worst: two retried twice more (fixed 2 s back-off), one's transient-error retries, failure path.
    expect(cost.worst.transitions).toBeGreaterThan(cost.happy.transitions);
    expect(cost.worst.lambda_invocations).toBeGreaterThan(cost.happy.lambda_invocations);
    expect(cost.worst.wait_seconds).toBeGreaterThanOrEqual(4);
  });

  it('says why Express is not possible, and uses the deployed type for the total', () => {
    const report = estimateCosts(compiled(exampleFiles()), 10);
    const order = report.workflows.find((w) => w.name === 'order_fulfillment')!;
    expect(order).toMatchObject({ workflow_type: 'STANDARD', express_possible: false });
    expect(order.express_note).toMatch(/subprocess step 'standard_shipment'/);
    // Lock acquire (with the input check and the variables), Emit started, reserve_stock,
    // charge_payment, choose_shipping, a shipment, notify_shipped, Success release lock, Emit
    // completed (which ends the run).
    expect(order.happy.transitions).toBe(9);
    expect(order.happy.per_run.total).toBeCloseTo(
      order.happy.per_run.standard + order.happy.per_run.lambda,
      12,
    );
    expect(report.total.happy_for_runs).toBeCloseTo(
      report.workflows.reduce((s, w) => s + w.happy.for_runs.total, 0),
      9,
    );
  });

  it('happy ≤ worst for every workflow of the fixtures and the example app', () => {
    const sets = [exampleFiles(), ...storyApps().map((n) => appFiles(n)), docsFiles()];
    let count = 0;
    for (const files of sets) {
      const result = compileSources(files);
      if (!result.artifacts) continue;
      for (const w of estimateCosts(compiled(files), 1).workflows) {
        expect(w.happy.transitions, w.name).toBeGreaterThan(0);
        expect(w.worst.transitions, w.name).toBeGreaterThanOrEqual(w.happy.transitions);
        expect(w.worst.lambda_invocations, w.name).toBeGreaterThanOrEqual(w.happy.lambda_invocations);
        count++;
      }
    }
    expect(count).toBeGreaterThan(15);
  });

  it('formats money and the table', () => {
    expect(money(0)).toBe('$0');
    expect(money(0.000325)).toBe('$0.000325');
    expect(money(12.071)).toBe('$12.07');
    const text = formatCost(estimateCosts(compiled([{ name: 'q.dsl', text: expressable }], 'auto'), 1000));
    expect(text.split('\n')[0].split(/\s{2,}/)).toEqual([
      'WORKFLOW',
      'TYPE',
      'TRANSITIONS',
      'LAMBDA',
      'STANDARD/RUN',
      'EXPRESS/RUN',
      'TOTAL/RUN',
      'TOTAL/1000 RUNS',
    ]);
    expect(text).toMatch(/^quick\s+Express\s+3 \/ \d+\s+2 \/ \d+/m);
  });
});
