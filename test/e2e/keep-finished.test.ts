/**
 * Finished executions are kept up to the cap (`keepFinished`, `dev --keep-finished`), and nothing of
 * a dropped one stays in memory (issue 13.12): its service invocations go with it, and without a
 * state directory its run record too, so that a long session stays bounded.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Local, startLocal } from './harness.ts';

const DSL = `
process quick "Quick":
  trigger: manual
  steps:
    - step check:
        service: check
  overlap: allow
`;

let local: Local;

beforeAll(async () => {
  local = await startLocal(DSL, { check: async () => ({ ok: true }) }, { keepFinished: 2 });
});
afterAll(() => local?.close());

it('keeps the last finished executions; the dropped ones leave no invocation and no run record', async () => {
  const started: { name: string; arn: string }[] = [];
  for (let i = 0; i < 30; i++) {
    const res = await local.call(
      'start',
      'POST',
      '/processes/quick/executions',
      { user: 'alice' },
      { input: {} },
    );
    expect(res.status).toBe(202);
    started.push({ name: res.body.name as string, arn: res.body.executionId as string });
    await local.finish(res.body.executionId as string);
  }
  const kept = started.slice(-2);
  expect(
    local.rt.engine
      .listExecutions()
      .map((d) => d.executionArn)
      .sort(),
  ).toEqual(kept.map((e) => e.arn).sort());

  // Released in batches of 25: the first 25 dropped are gone entirely.
  const released = started.slice(0, 25);
  const invoked = new Set(local.rt.invocations.map((i) => i.execution));
  expect(released.filter((e) => invoked.has(e.arn))).toEqual([]);
  expect(kept.filter((e) => invoked.has(e.arn))).toEqual(kept);
  const read = (name: string) => local.call('runs', 'GET', `/executions/${name}`, { user: 'alice' });
  await local.until(async () => (await read(released[0].name)).status === 404, 'the run record to go');
  for (const e of released) expect((await read(e.name)).status).toBe(404);
  for (const e of kept) expect((await read(e.name)).body.execution).toMatchObject({ status: 'SUCCEEDED' });
});
