/** The three parallel policies. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flaky, type Local, ok, startLocal } from './harness.ts';

const parallel = (name: string, policy: string) => `
process ${name} "${name}":
  trigger: manual
  steps:
    - parallel both:
        - step fails_now:
            service: broken
        - step slow_branch:
            wait: 1h
        - step fine_branch:
            service: fine
            compensate: undo_fine
        on_any_failure: ${policy}
        on_failure: recover
    - step after:
        service: fine
        on_success: complete
    - step recover:
        service: fine
  compensations:
    - undo_fine:
        service: undo_fine
  timeout: 1d
  overlap: allow
`;

const DSL = `
${parallel('fail_fast_p', 'fail_fast')}
${parallel('wait_all_p', 'wait_all')}
${parallel('rollback_p', 'rollback')}

process all_good "all branches succeed":
  trigger: manual
  steps:
    - parallel both:
        - step left:
            service: fine
        - step right:
            service: fine
        on_any_failure: wait_all
  overlap: allow
`;

let local: Local;
beforeAll(async () => {
  local = await startLocal(DSL, {
    broken: flaky(1e9, 'Branch.Broken'),
    fine: ok({ fine: true }),
    undo_fine: ok(),
  });
});
afterAll(() => local?.close());

const elapsed = (d: { startDate: Date; stopDate?: Date }) =>
  ((d.stopDate?.getTime() ?? 0) - d.startDate.getTime()) / 1000;

describe('parallel policies', () => {
  // Each parallel step fails over to `recover`, so what differs is when it fails and what it undoes.
  it('fail_fast: fails as soon as one branch fails, without waiting for the others', async () => {
    const undoBefore = local.calls('undo_fine').length;
    const done = await local.run('fail_fast_p');
    expect(done.status).toBe('SUCCEEDED');
    expect(done.steps).toContain('recover');
    expect(done.steps).not.toContain('after');
    expect(elapsed(done)).toBe(0);
    expect(local.calls('undo_fine')).toHaveLength(undoBefore);
  });

  it('wait_all: runs every branch to its end, then fails', async () => {
    const undoBefore = local.calls('undo_fine').length;
    const done = await local.run('wait_all_p');
    expect(done.steps).toContain('recover');
    expect(elapsed(done)).toBe(3600);
    expect(local.calls('undo_fine')).toHaveLength(undoBefore);
  });

  it('rollback: compensates the branches that succeeded, then fails', async () => {
    const undoBefore = local.calls('undo_fine').length;
    const done = await local.run('rollback_p');
    expect(done.steps).toContain('recover');
    expect(done.steps).not.toContain('after');
    expect(local.calls('undo_fine')).toHaveLength(undoBefore + 1);
  });

  it('succeeds and continues when every branch succeeds', async () => {
    const done = await local.run('all_good');
    expect(done.status).toBe('SUCCEEDED');
    expect(done.steps).toEqual(expect.arrayContaining(['left', 'right']));
    expect(done.output).toEqual({});
  });
});
