/** `complete` and `fail` written inside parallel branches and foreach bodies end the whole process. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flaky, type Local, ok, startLocal } from './harness.ts';

// `overlap: skip`: the lock must be released on every path, or the next run is skipped.
const DSL = `
process branch_complete "complete in a branch":
  trigger: manual
  overlap: skip
  steps:
    - parallel checks:
        - step quick:
            service: fine
            on_success: complete
        - step slow:
            wait: 1h
        on_any_failure: wait_all
    - step after:
        service: after
  emits:
    on_complete: BranchCompleted
  timeout: 1d

process item_complete "complete in an iteration":
  trigger: manual
  overlap: skip
  input:
    items: json required
  steps:
    - step each:
        foreach: input.items
        steps:
          - step look:
              service: fine
          - step enough:
              condition: item.last = true
              on_true: complete
    - step after:
        service: after
  emits:
    on_complete: ItemsCompleted

process item_fail "fail in an iteration":
  trigger: manual
  overlap: skip
  input:
    items: json required
  steps:
    - step each:
        foreach: input.items
        steps:
          - step hold:
              service: fine
              compensate: undo_hold
          - step check:
              service: check
              on_failure: fail
    - step after:
        service: after
  compensations:
    - undo_hold:
        service: undo_hold
  emits:
    on_failure: ItemsFailed
`;

let local: Local;
beforeAll(async () => {
  local = await startLocal(DSL, {
    fine: ok({ fine: true }),
    after: ok(),
    check: flaky(1e9, 'Check.Refused'),
    undo_hold: ok(),
  });
});
afterAll(() => local?.close());

const detailTypes = () => local.events.map((e) => e['detail-type']);

describe('process exits from parallel branches and foreach iterations', () => {
  it('complete in a parallel branch completes the process once the other branches end; the lock is released', async () => {
    for (const _ of [1, 2]) {
      const done = await local.run('branch_complete');
      expect(done.status).toBe('SUCCEEDED');
      expect(done.output).not.toMatchObject({ status: 'SKIPPED' });
      expect(done.steps).not.toContain('after');
      expect(done.steps).toContain('Emit completed');
    }
    expect(local.calls('after')).toHaveLength(0);
    expect(detailTypes().filter((t) => t === 'BranchCompleted')).toHaveLength(2);
  });

  it('complete in a foreach iteration completes the process; the lock is released', async () => {
    const items = [{ id: 1 }, { id: 2, last: true }];
    for (const _ of [1, 2]) {
      const done = await local.run('item_complete', { items });
      expect(done.status).toBe('SUCCEEDED');
      // No outputs declared: the output is {} (the iterations' results are the step's, not the run's).
      expect(done.output).toEqual({});
      expect(done.steps).not.toContain('after');
    }
    expect(detailTypes().filter((t) => t === 'ItemsCompleted')).toHaveLength(2);
  });

  it('on_failure: fail in a foreach iteration fails the process with the error, after compensating every item', async () => {
    const undoBefore = local.calls('undo_hold').length;
    const done = await local.run('item_fail', { items: [{ id: 1 }, { id: 2 }] });
    expect(done).toMatchObject({ status: 'FAILED', error: 'Check.Refused' });
    expect(done.steps).not.toContain('after');
    expect(local.calls('undo_hold')).toHaveLength(undoBefore + 2);
    expect(detailTypes()).toContain('ItemsFailed');
    const again = await local.run('item_fail', { items: [] });
    expect(again.status).toBe('SUCCEEDED'); // the lock was released
  });
});
