/** Retry backoffs (exact attempt counts and delays on the virtual clock), step and process timeouts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LambdaHandler } from '../../local/functions/services.ts';
import { gaps, type Local, startLocal } from './harness.ts';

const retrying = (name: string, service: string, retry: string) => `
process ${name} "${name}":
  trigger: manual
  input:
    fail_times: int required
  steps:
    - step call:
        service: ${service}
        timeout: 10s
        inputs:
          - fail_times -> fail_times
        retry:
${retry
  .trim()
  .split('\n')
  .map((l) => `          ${l.trim()}`)
  .join('\n')}
  timeout: 1h
  overlap: allow
`;

const DSL = `
${retrying('fixed_retry', 'fixed_svc', 'max_attempts: 3\nbackoff: fixed\ninterval: 5s')}
${retrying('exponential_retry', 'exp_svc', 'max_attempts: 4\nbackoff: exponential\ninterval: 2s\nbackoff_coefficient: 2.0\nmax_interval: 5s')}
${retrying('linear_retry', 'lin_svc', 'max_attempts: 4\nbackoff: linear\ninterval: 10s\nmax_interval: 25s')}

process slow_step "Step timeout":
  trigger: manual
  steps:
    - step hang:
        service: hang
        timeout: 1s
  overlap: allow

process long_wait "Process timeout":
  trigger: manual
  steps:
    - step nap:
        wait: 3h
    - step after:
        service: fixed_svc
  timeout: 2h
  overlap: allow
`;

/** Fails (with `Flaky.Error`) until it has been called `fail_times` times for this execution. */
function failing(): LambdaHandler {
  const counts = new Map<string, number>();
  return async (event) => {
    const e = event as { execution: { id: string }; input: { fail_times?: number } };
    const n = (counts.get(e.execution.id) ?? 0) + 1;
    counts.set(e.execution.id, n);
    if (n <= (e.input.fail_times ?? 0)) {
      const error = new Error(`attempt ${n} failed`);
      error.name = 'Flaky.Error';
      throw error;
    }
    return { attempts: n };
  };
}

let local: Local;
beforeAll(async () => {
  local = await startLocal(DSL, {
    fixed_svc: failing(),
    exp_svc: failing(),
    lin_svc: failing(),
    hang: () => new Promise(() => {}),
  });
});
afterAll(() => local?.close());

const callsOf = (service: string, arn: string) =>
  local.calls(service).filter((c) => (c.payload as { execution: { id: string } }).execution.id === arn);

describe('retry backoffs', () => {
  it('fixed: the same interval each time, max_attempts counting every attempt', async () => {
    const arn = local.start('fixed_retry', { fail_times: 2 });
    expect((await local.finish(arn)).status).toBe('SUCCEEDED');
    expect(gaps(callsOf('fixed_svc', arn))).toEqual([5, 5]);
    const exhausted = local.start('fixed_retry', { fail_times: 5 });
    const done = await local.finish(exhausted);
    expect([done.status, done.error]).toEqual(['FAILED', 'Flaky.Error']);
    expect(callsOf('fixed_svc', exhausted)).toHaveLength(3);
  });

  it('exponential: interval × coefficient^n, capped at max_interval', async () => {
    const arn = local.start('exponential_retry', { fail_times: 3 });
    expect((await local.finish(arn)).status).toBe('SUCCEEDED');
    expect(gaps(callsOf('exp_svc', arn))).toEqual([2, 4, 5]);
    const exhausted = local.start('exponential_retry', { fail_times: 9 });
    expect((await local.finish(exhausted)).status).toBe('FAILED');
    expect(callsOf('exp_svc', exhausted)).toHaveLength(4);
  });

  it('linear: interval × n, capped at max_interval (emulated in states)', async () => {
    const arn = local.start('linear_retry', { fail_times: 3 });
    expect((await local.finish(arn)).status).toBe('SUCCEEDED');
    expect(gaps(callsOf('lin_svc', arn))).toEqual([10, 20, 25]);
    const exhausted = local.start('linear_retry', { fail_times: 9 });
    const done = await local.finish(exhausted);
    expect([done.status, done.error]).toEqual(['FAILED', 'Flaky.Error']);
    expect(callsOf('lin_svc', exhausted)).toHaveLength(4);
  });
});

describe('timeouts', () => {
  it('fails a step that outlives its timeout with States.Timeout', async () => {
    const done = await local.run('slow_step');
    expect([done.status, done.error]).toEqual(['FAILED', 'States.Timeout']);
  });

  it('times the whole execution out at the process timeout', async () => {
    const arn = local.start('long_wait');
    const done = await local.finish(arn);
    expect(done.status).toBe('TIMED_OUT');
    expect((done.stopDate?.getTime() ?? 0) - done.startDate.getTime()).toBe(2 * 3600 * 1000);
    expect(callsOf('fixed_svc', arn)).toHaveLength(0);
  });
});
