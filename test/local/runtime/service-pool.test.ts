/**
 * Service modules in worker threads: what the Lambda Node.js runtime reports for each kind of failure
 * (errorType as in the runtime interface client: Runtime.UnhandledPromiseRejection, the error's own
 * name for an uncaught exception, Runtime.ExitError, Runtime.HandlerNotFound, …), the step timeout
 * enforced on code that never yields, warm containers, and reload.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type PoolInvocation, ServicePool } from '../../../local/functions/service-pool.ts';

const dir = mkdtempSync(join(tmpdir(), 'dz-pool-'));
const pools: ServicePool[] = [];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  rmSync(dir, { recursive: true, force: true });
});

function pool(maxWorkers = 2): ServicePool {
  const p = new ServicePool({ maxWorkers });
  pools.push(p);
  return p;
}

function module(name: string, code: string): string {
  const file = join(dir, name);
  writeFileSync(file, code);
  return file;
}

const call = (file: string, event: unknown = {}, extra: Partial<PoolInvocation> = {}): PoolInvocation => ({
  file,
  event,
  functionName: 'svc',
  functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:svc',
  requestId: 'r-1',
  timeoutMs: 20_000,
  ...extra,
});

/** The rejection of a promise, as `{name, message}`. */
async function failure(p: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await p;
  } catch (error) {
    const e = error as Error;
    return { name: e.name, message: e.message };
  }
  throw new Error('expected a failure');
}

describe('ServicePool', () => {
  it('runs .ts modules (with .ts imports) and .mjs modules, JSON in and out, with a Lambda context', async () => {
    module('lib.ts', 'export const twice = (n: number): number => n * 2;');
    const ts = module(
      'double.ts',
      `import { twice } from './lib.ts';
       export const handler = async (e: { n: number }, ctx: { functionName: string; getRemainingTimeInMillis(): number }) =>
         ({ n: twice(e.n), fn: ctx.functionName, left: ctx.getRemainingTimeInMillis() > 0, at: new Date(0) });`,
    );
    const mjs = module('nothing.mjs', 'export const handler = async () => undefined;');
    const cb = module(
      'callback.mjs',
      'export const handler = (e, ctx, done) => setTimeout(() => done(null, { via: "callback" }), 1);',
    );
    const p = pool();
    expect(await p.invoke(call(ts, { n: 21 }))).toEqual({
      n: 42,
      fn: 'svc',
      left: true,
      at: '1970-01-01T00:00:00.000Z',
    });
    expect(await p.invoke(call(mjs))).toBeNull();
    expect(await p.invoke(call(cb))).toEqual({ via: 'callback' });
  });

  it('keeps the name of a thrown error, and names load failures as the Lambda runtime does', async () => {
    const declined = module(
      'declined.mjs',
      `export const handler = async () => { const e = new Error('over the limit'); e.name = 'PaymentDeclined'; throw e; };`,
    );
    const noHandler = module('nohandler.mjs', 'export const other = () => 1;');
    const broken = module('broken.mjs', 'export const handler = (;');
    const p = pool();
    expect(await failure(p.invoke(call(declined)))).toEqual({
      name: 'PaymentDeclined',
      message: 'over the limit',
    });
    expect((await failure(p.invoke(call(noHandler)))).name).toBe('Runtime.HandlerNotFound');
    expect((await failure(p.invoke(call(broken)))).name).toBe('Runtime.UserCodeSyntaxError');
  });

  it('fails the invocation with States.Timeout when the code never yields, and keeps serving', async () => {
    const spin = module(
      'spin.mjs',
      'export const handler = async (e) => { if (e.spin) for (;;) {} return "ok"; };',
    );
    const p = pool(1);
    const stuck = failure(p.invoke(call(spin, { spin: true }, { timeoutMs: 500 })));
    // Queued behind the busy loop in the only container: it runs once that container is replaced.
    const next = p.invoke(call(spin, {}, { timeoutMs: 20_000 }));
    expect(await stuck).toEqual({ name: 'States.Timeout', message: 'Task timed out after 0.50 seconds' });
    expect(await next).toBe('ok');
  });

  it('fails the invocation with Runtime.UnhandledPromiseRejection and replaces the container', async () => {
    const file = module(
      'reject.mjs',
      `let calls = 0;
       export const handler = async (e) => {
         calls++;
         if (e.reject) Promise.reject(new Error('boom'));
         await new Promise((r) => setTimeout(r, 50));
         return calls;
       };`,
    );
    const p = pool(1);
    expect(await p.invoke(call(file))).toBe(1);
    expect(await failure(p.invoke(call(file, { reject: true })))).toEqual({
      name: 'Runtime.UnhandledPromiseRejection',
      message: 'Error: boom',
    });
    // A new container: module state starts again.
    expect(await p.invoke(call(file))).toBe(1);
  });

  it('fails the invocation with the error of an exception thrown from a timer, and of process.exit', async () => {
    const timer = module(
      'timer.mjs',
      `export const handler = async () => {
         setTimeout(() => { throw new TypeError('late'); }, 1);
         await new Promise((r) => setTimeout(r, 5_000));
         return 'never';
       };`,
    );
    const exit = module('exit.mjs', 'export const handler = async () => process.exit(3);');
    const p = pool(1);
    expect(await failure(p.invoke(call(timer)))).toEqual({ name: 'TypeError', message: 'late' });
    expect(await failure(p.invoke(call(exit)))).toEqual({
      name: 'Runtime.ExitError',
      message: 'Runtime exited with error: exit status 3',
    });
  });

  it('keeps containers warm (module state persists); reload() runs new code in new containers while running invocations finish on the old', async () => {
    const file = join(dir, 'counter.ts');
    const version = (v: number) =>
      `let calls = 0;
       export const handler = async (e: { waitMs?: number }) => {
         calls++;
         if (e.waitMs) await new Promise((r) => setTimeout(r, e.waitMs));
         return { v: ${v}, calls };
       };`;
    writeFileSync(file, version(1));
    const p = pool(2);
    expect(await p.invoke(call(file))).toEqual({ v: 1, calls: 1 });
    expect(await p.invoke(call(file))).toEqual({ v: 1, calls: 2 });
    const inFlight = p.invoke(call(file, { waitMs: 1_500 }));
    await new Promise((r) => setTimeout(r, 300));
    writeFileSync(file, version(2));
    p.reload();
    expect(await p.invoke(call(file))).toEqual({ v: 2, calls: 1 });
    expect(await inFlight).toEqual({ v: 1, calls: 3 });
  });
});
