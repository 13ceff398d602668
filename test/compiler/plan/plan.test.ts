import { describe, expect, it } from 'vitest';
import type { ProcessSpec } from '../../../compiler/ir/types.ts';
import {
  COMPLETE,
  EXIT_COMPLETE,
  EXIT_FAIL,
  FAIL,
  planWorkflow,
  toStep,
  workflowOf,
} from '../../../compiler/plan/index.ts';
import { processOf, service, step } from './builders.ts';

const plan = (p: ProcessSpec) => planWorkflow(workflowOf({ kind: 'process', spec: p }));

describe('planWorkflow', () => {
  it('continues with the next step, then completes', () => {
    const { root } = plan(processOf('p', [service('a'), service('b')]));
    expect(root.steps.map((s) => s.next)).toEqual([toStep('b'), COMPLETE]);
    expect(root.steps.map((s) => s.onFailure)).toEqual([FAIL, FAIL]);
  });

  it('follows on_success and on_failure: a step, complete or fail', () => {
    const { root } = plan(
      processOf('p', [
        service('a', { on_success: 'c', on_failure: 'b' }),
        service('b', { on_success: 'fail', on_failure: 'complete' }),
        service('c'),
      ]),
    );
    expect(root.steps[0]).toMatchObject({ next: toStep('c'), onFailure: toStep('b') });
    expect(root.steps[1]).toMatchObject({ next: FAIL, onFailure: COMPLETE });
  });

  it('treats a jump to an unknown step as fail (the validator reports it)', () => {
    const { root } = plan(processOf('p', [service('a', { on_failure: 'nowhere' })]));
    expect(root.steps[0].onFailure).toEqual(FAIL);
  });

  it('sends a condition without on_true/on_false to the next step', () => {
    const { root } = plan(
      processOf('p', [
        step('condition', 'check', { condition: 'x > 1', on_true: 'c' }),
        service('b'),
        service('c'),
      ]),
    );
    expect(root.steps[0]).toMatchObject({ whenTrue: toStep('c'), whenFalse: toStep('b') });
  });

  it('routes human task outcomes; no outcomes means one implicit outcome to the next step', () => {
    const task = (name: string, outcomes: { name: string; goto: string }[]) =>
      step('human_task', name, {
        human_task: {
          timeout_seconds: 60,
          outcomes: outcomes.map((o) => ({ ...o, label: o.name, sets: [], style: 'primary' })),
        },
      });
    const { root } = plan(
      processOf('p', [
        task('review', [
          { name: 'approve', goto: 'pay' },
          { name: 'reject', goto: 'fail' },
          { name: 'drop', goto: 'ack' },
        ]),
        task('ack', []),
        service('pay'),
      ]),
    );
    expect(root.steps[0].outcomes?.map((o) => [o.outcome.name, o.target])).toEqual([
      ['approve', toStep('pay')],
      ['reject', FAIL],
      ['drop', toStep('ack')],
    ]);
    expect(root.steps[1].outcomes?.map((o) => [o.outcome.name, o.target])).toEqual([
      ['complete', toStep('pay')],
    ]);
  });

  it('resolves declared and implicit compensations, each once', () => {
    const p = processOf(
      'p',
      [
        service('reserve', { compensate_with: 'release', inputs: [{ source: 'order_id', target: 'id' }] }),
        service('charge', {
          compensate_with: 'refund_card',
          inputs: [{ source: 'amount', target: 'amount' }],
        }),
        service('again', { compensate_with: 'release' }),
      ],
      {
        compensations: [
          {
            name: 'release',
            service: 'stock_release',
            inputs: [{ source: 'order_id', target: 'order' }],
            timeout_seconds: 60,
          },
        ],
      },
    );
    const result = plan(p);
    expect(result.compensations).toEqual([
      {
        name: 'release',
        service: 'stock_release',
        inputs: [{ source: 'order_id', target: 'order' }],
        timeoutSeconds: 60,
        retry: undefined,
        implicit: false,
      },
      {
        name: 'refund_card',
        service: 'refund_card',
        inputs: [{ source: 'amount', target: 'amount' }],
        timeoutSeconds: 30,
        implicit: true,
      },
    ]);
    expect(result.root.steps.map((s) => s.compensation?.name)).toEqual(['release', 'refund_card', 'release']);
  });

  it('plans parallel branches and foreach bodies as nested scopes', () => {
    const { root } = plan(
      processOf('p', [
        step('parallel', 'both', {
          parallel_steps: [service('x'), service('y', { compensate_with: 'undo_y' })],
        }),
        step('foreach', 'each', { foreach_source: 'both', foreach_steps: [service('m'), service('n')] }),
      ]),
    );
    const [par, each] = root.steps;
    expect(par.scopes?.map((s) => [s.depth, s.steps.map((x) => [x.step.name, x.next])])).toEqual([
      [1, [['x', COMPLETE]]],
      [1, [['y', COMPLETE]]],
    ]);
    expect(par.scopes?.[1].steps[0].compensation?.implicit).toBe(true);
    expect(each.scopes?.[0].steps.map((x) => x.next)).toEqual([toStep('n'), COMPLETE]);
  });

  it('makes complete and fail written inside nested scopes process exits, and reports them on the step', () => {
    const { root } = plan(
      processOf('p', [
        step('parallel', 'both', {
          parallel_steps: [service('x', { on_success: 'complete' }), service('y')],
        }),
        step('foreach', 'each', {
          foreach_source: 'both',
          foreach_steps: [
            step('parallel', 'inner', { parallel_steps: [service('m', { on_failure: 'fail' })] }),
            service('n'),
          ],
        }),
        service('z', { on_success: 'complete' }),
      ]),
    );
    const [par, each, z] = root.steps;
    // Implicit ends (fall-through, no on_failure) stay the end of the branch or iteration.
    expect(par.scopes?.map((s) => [s.steps[0].next, s.steps[0].onFailure])).toEqual([
      [EXIT_COMPLETE, FAIL],
      [COMPLETE, FAIL],
    ]);
    expect(par.exits).toEqual({ complete: true, fail: false });
    const inner = each.scopes?.[0].steps[0];
    expect(inner?.scopes?.[0].steps[0].onFailure).toEqual(EXIT_FAIL);
    expect([inner?.exits, each.exits]).toEqual([
      { complete: false, fail: true },
      { complete: false, fail: true },
    ]);
    expect(z.next).toEqual(COMPLETE);
  });
});
