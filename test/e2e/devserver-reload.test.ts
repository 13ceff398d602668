/** The dev server recompiles when a DSL file changes, and keeps the old definitions on errors. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { collectInputs } from '../../host/files.ts';
import { compileForLocal } from '../../local/compile.ts';
import { DevServer } from '../../local/devserver/server.ts';

const dir = mkdtempSync(join(tmpdir(), 'dz-dev-'));
const file = join(dir, 'app.dsl');
const proc = (name: string) => `
process ${name} "${name}":
  trigger: manual
  steps:
    - step say:
        channel: out
        message: Said
  overlap: allow
`;
const lines: string[] = [];
let server: DevServer;

beforeAll(async () => {
  writeFileSync(file, proc('first'));
  server = new DevServer({
    compile: () => compileForLocal(collectInputs([dir], '/')),
    watch: [dir],
    port: 0,
    schedules: false,
    out: (l) => lines.push(l),
    err: (l) => lines.push(l),
  });
  await server.start();
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const names = () => server.rt.artifacts.manifest.workflows.map((w) => w.name);

async function until(probe: () => boolean, what: string) {
  const deadline = Date.now() + 10_000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

it('reloads on change, and keeps running the previous definitions when the new ones do not compile', async () => {
  expect(names()).toEqual(['first']);
  writeFileSync(file, proc('first') + proc('second'));
  await until(() => names().includes('second'), 'the reload');
  const res = await fetch(`${server.url}/processes/second/executions`, {
    method: 'POST',
    headers: { 'x-dev-user': 'alice', 'content-type': 'application/json' },
    body: '{"input":{}}',
  });
  expect(res.status).toBe(202);
  writeFileSync(
    file,
    `${proc('first')}\nprocess broken "b":\n  steps:\n    - step a:\n        goto: nowhere\n`,
  );
  await until(
    () => lines.some((l) => l.includes('still running the previous definitions')),
    'the compile error',
  );
  expect(names()).toEqual(['first', 'second']);
});
