/** Overlap policies with two executions started at the same moment. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Finished, type Local, ok, startLocal } from './harness.ts';

const process = (policy: string) => `
process ${policy}_p "${policy}":
  trigger: manual
  input:
    n: int required
  steps:
    - step hold:
        wait: 5m
    - step work:
        service: work
        inputs:
          - n -> n
  timeout: 1d
  overlap: ${policy}
`;

const DSL = ['skip', 'queue', 'cancel_previous', 'allow'].map(process).join('\n');

let local: Local;
beforeAll(async () => {
  local = await startLocal(DSL, { work: ok({ worked: true }) });
});
afterAll(() => local?.close());

async function startTwo(workflow: string): Promise<[Finished, Finished]> {
  const release = local.clock.hold();
  const first = local.start(workflow, { n: 1 });
  // Let the first take the lock before the second asks for it (same virtual instant).
  await local.until(
    () =>
      local.rt.engine.getExecutionHistory(first).some((e) => e.type === 'WaitStateEntered')
        ? true
        : undefined,
    'the first execution to hold the lock',
  );
  const second = local.start(workflow, { n: 2 });
  release();
  return [await local.finish(first), await local.finish(second)];
}

const ms = (d: Finished) => (d.stopDate?.getTime() ?? 0) - d.startDate.getTime();
const worked = (workflow: string) =>
  local
    .calls('work')
    .filter((c) => (c.payload as { process: string }).process === workflow)
    .map((c) => (c.payload as { input: { n: number } }).input.n);

describe('overlap policies', () => {
  it('skip: the second execution ends at once as skipped', async () => {
    const [a, b] = await startTwo('skip_p');
    expect(a.status).toBe('SUCCEEDED');
    expect(b.status).toBe('SUCCEEDED');
    expect(b.output).toMatchObject({ status: 'SKIPPED', reason: 'overlap', holder: a.executionArn });
    expect(ms(b)).toBe(0);
    expect(worked('skip_p')).toEqual([1]);
  });

  it('queue: the second waits for the lock, then runs', async () => {
    const [a, b] = await startTwo('queue_p');
    expect([a.status, b.status]).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(worked('queue_p')).toEqual([1, 2]);
    expect(b.stopDate?.getTime() ?? 0).toBeGreaterThanOrEqual((a.stopDate?.getTime() ?? 0) + 300_000);
  });

  it('cancel_previous: the second stops the holder and takes over', async () => {
    const [a, b] = await startTwo('cancel_previous_p');
    expect(a.status).toBe('ABORTED');
    expect(b.status).toBe('SUCCEEDED');
    expect(worked('cancel_previous_p')).toEqual([2]);
  });

  it('allow: both run side by side', async () => {
    const [a, b] = await startTwo('allow_p');
    expect([a.status, b.status]).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect([ms(a), ms(b)]).toEqual([300_000, 300_000]);
    expect(worked('allow_p').sort()).toEqual([1, 2]);
  });
});
