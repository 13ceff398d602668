/**
 * Step outputs of 200 KiB each, through the compiled ASL and the local runtime, which enforces
 * AWS's limits (256 KiB per variable, per Assign and per state payload, 10 MiB of variables per
 * execution; local/asl/limits.ts): each step's output has its own variable and a service's payload
 * carries only what its step maps, so a process whose step outputs are each within the limits does
 * not fail merely because it has many steps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Local, startLocal } from './harness.ts';

const KIB = 1024;
const STEPS = 8;

const steps = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => `    - step s${i + 1}:
        service: big
`,
  ).join('');

const DSL = `
process many_big "Eight steps of 200 KiB":
  trigger: manual
  output:
    total: int
  steps:
${steps(STEPS)}    - step count:
        service: count
        inputs:
          - s${STEPS}.size -> last
          - s1.size -> first
  timeout: 1h

process big_output "A declared output of 200 KiB":
  trigger: manual
  output:
    data: str
  steps:
    - step s1:
        service: big
  timeout: 1h

process too_big "More step outputs than an execution may hold (10 MiB)":
  trigger: manual
  steps:
${steps(60)}  timeout: 1h
`;

let local: Local;
beforeAll(async () => {
  local = await startLocal(DSL, {
    big: async () => ({ size: 200 * KIB, data: 'x'.repeat(200 * KIB - 40) }),
    count: async (event) => {
      const e = event as { input: { first: number; last: number } };
      return { total: e.input.first + e.input.last };
    },
  });
});
afterAll(() => local?.close());

describe('step outputs of 200 KiB each', () => {
  it('a process of eight runs to its end; each service payload stays small', async () => {
    const done = await local.run('many_big');
    expect([done.status, done.error ?? null, done.cause ?? null]).toEqual(['SUCCEEDED', null, null]);
    expect(done.output).toEqual({ total: 400 * KIB });
    // No service payload carries step outputs beyond what its step maps: each stays small.
    const payloads = [...local.calls('big'), ...local.calls('count')].map((c) => JSON.stringify(c.payload));
    expect(payloads).toHaveLength(STEPS + 1);
    expect(Math.max(...payloads.map((p) => p.length))).toBeLessThan(2 * KIB);
    expect(local.calls('count')[0].payload).toMatchObject({ input: { first: 200 * KIB, last: 200 * KIB } });
  });

  it("a declared output of 200 KiB: one copy in the step's Assign, read into the output at the end", async () => {
    const done = await local.run('big_output');
    expect([done.status, done.error ?? null, done.cause ?? null]).toEqual(['SUCCEEDED', null, null]);
    expect((done.output as { data: string }).data).toHaveLength(200 * KIB - 40);
  });

  it('more than 10 MiB of them fail where AWS would: States.DataLimitExceeded at the 52nd', async () => {
    const done = await local.run('too_big');
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe('States.DataLimitExceeded');
    expect(done.cause).toMatch(/after state 's52', over the limit of 10485760 bytes/);
  });
});
