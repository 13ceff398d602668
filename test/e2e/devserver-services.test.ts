/**
 * Services in the dev server. No service can freeze or kill it: a service that never yields fails its step with
 * `States.Timeout` at the step's timeout, one that leaves a promise rejection unhandled fails it with
 * `Runtime.UnhandledPromiseRejection`, one that throws from a timer with the error's own name — as
 * the Lambda runtime reports them — while the server keeps answering and other executions go on.
 * An edited service module (`.ts` included, and the modules it imports) runs from the next call.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevServer } from '../../local/devserver/server.ts';
import { devServerOn } from './devserver-harness.ts';
import { until } from './harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'dz-contain-'));
const dsl = join(dir, 'dsl');
const services = join(dir, 'services');
const step = (process: string, service: string, timeout = '20s') => `
process ${process} "${process}":
  trigger: manual
  steps:
    - step call:
        service: ${service}
        timeout: ${timeout}
        retry:
          max_attempts: 1
  overlap: allow
`;
const lines: string[] = [];
let server: DevServer;

beforeAll(async () => {
  mkdirSync(dsl);
  mkdirSync(services);
  writeFileSync(
    join(dsl, 'app.dsl'),
    step('spin', 'spin', '2s') +
      step('leak', 'leak') +
      step('late', 'late_throw') +
      step('fine', 'fine') +
      step('versioned', 'versioned'),
  );
  writeFileSync(
    join(services, 'spin.ts'),
    'export const handler = async (): Promise<never> => { for (;;) {} };',
  );
  writeFileSync(
    join(services, 'leak.ts'),
    `export const handler = async () => {
       Promise.reject(new Error('nobody listens'));
       await new Promise((r) => setTimeout(r, 200));
       return { done: true };
     };`,
  );
  writeFileSync(
    join(services, 'late_throw.ts'),
    `export const handler = async () => {
       setTimeout(() => { throw new RangeError('thrown from a timer'); }, 10);
       await new Promise((r) => setTimeout(r, 5_000));
       return { done: true };
     };`,
  );
  writeFileSync(join(services, 'fine.ts'), 'export const handler = async () => ({ ok: true });');
  mkdirSync(join(services, 'lib'));
  writeFileSync(join(services, 'lib', 'version.ts'), "export const VERSION: string = 'v1';");
  writeFileSync(
    join(services, 'versioned.ts'),
    "import { VERSION } from './lib/version.ts';\nexport const handler = async () => ({ version: VERSION, entry: 'e1' });",
  );
  server = devServerOn(dsl, lines, { servicesDir: services });
  await server.start();
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function start(process: string): Promise<string> {
  const res = await fetch(`${server.url}/processes/${process}/executions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-dev-user': 'alice' },
    body: '{"input":{}}',
  });
  expect(res.status).toBe(202);
  const { name } = (await res.json()) as { name: string };
  const arn = server.rt.engine.listExecutions().find((d) => d.name === name)?.executionArn;
  return arn as string;
}

describe('services cannot freeze or kill the dev server', () => {
  it('fails a step whose service never yields with States.Timeout, and keeps serving meanwhile', async () => {
    const spinning = await start('spin');
    // While the service spins, the server answers and other executions run to their end.
    const fine = await start('fine');
    expect((await server.rt.awaitExecution(fine)).status).toBe('SUCCEEDED');
    const list = await fetch(`${server.url}/executions?process=spin`);
    expect(list.status).toBe(200);
    const done = await server.rt.awaitExecution(spinning);
    expect(done).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
  });

  it('fails the step with Runtime.UnhandledPromiseRejection, as the Lambda runtime reports it', async () => {
    const done = await server.rt.awaitExecution(await start('leak'));
    expect(done).toMatchObject({ status: 'FAILED', error: 'Runtime.UnhandledPromiseRejection' });
    expect(done.cause).toContain('Error: nobody listens');
  });

  it('fails the step with the name of an error thrown from a timer', async () => {
    const done = await server.rt.awaitExecution(await start('late'));
    expect(done).toMatchObject({ status: 'FAILED', error: 'RangeError' });
    expect(done.cause).toContain('thrown from a timer');
    // And the server is still up for the next one.
    expect((await server.rt.awaitExecution(await start('fine'))).status).toBe('SUCCEEDED');
  });
});

describe('edited service modules', () => {
  /** What the service returned (a process's output holds its declared outputs only). */
  const output = async () => {
    const done = await server.rt.awaitExecution(await start('versioned'));
    const succeeded = server.rt.engine
      .getExecutionHistory(done.executionArn)
      .find((e) => e.type === 'TaskSucceeded') as { taskSucceededEventDetails?: { output: string } };
    return JSON.parse(succeeded?.taskSucceededEventDetails?.output ?? 'null')?.Payload;
  };

  it('runs an edited .ts module, and an edited module it imports, from the next call on', async () => {
    expect(await output()).toEqual({ version: 'v1', entry: 'e1' });
    writeFileSync(
      join(services, 'versioned.ts'),
      "import { VERSION } from './lib/version.ts';\nexport const handler = async () => ({ version: VERSION, entry: 'e2' });",
    );
    await until(() => lines.some((l) => l.includes('services changed')), 'the services reload');
    expect(await output()).toEqual({ version: 'v1', entry: 'e2' });
    const reloads = lines.filter((l) => l.includes('services changed')).length;
    writeFileSync(join(services, 'lib', 'version.ts'), "export const VERSION: string = 'v2';");
    await until(
      () => lines.filter((l) => l.includes('services changed')).length > reloads,
      'the second services reload',
    );
    expect(await output()).toEqual({ version: 'v2', entry: 'e2' });
  });
});
