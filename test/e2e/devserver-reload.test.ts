/**
 * The dev server recompiles when a DSL file changes — also when it is saved by replacement (write a
 * new file, rename it over the old one: what `sed -i` and many editors do) — keeps the old
 * definitions on errors, and never drops executions: those started before a reload run to their
 * end on the definitions they started with (as running executions do after UpdateStateMachine).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { collectInputs } from '../../host/files.ts';
import { compileForLocal } from '../../local/compile.ts';
import type { DevServer } from '../../local/devserver/server.ts';
import { decideStep, devServerOn } from './devserver-harness.ts';
import { until } from './harness.ts';

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
/** A process parked on a human task; `after` names the step that follows it. */
const review = (after: string) => `
process review "Review":
  trigger: manual
  steps:
${decideStep(after)}    - step ${after}:
        channel: out
        message: Done
  overlap: allow
`;
const lines: string[] = [];
let server: DevServer;

beforeAll(async () => {
  writeFileSync(file, proc('first'));
  server = devServerOn(dir, lines);
  await server.start();
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const names = () => server.rt.artifacts.manifest.workflows.map((w) => w.name);

/** Saves as editors and `sed -i` do: a new file renamed over the old one. */
function saveByReplacement(text: string) {
  const tmp = join(dir, '.app.dsl.swp');
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

async function http(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-dev-user': 'alice', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

it('reloads on change, and keeps running the previous definitions when the new ones do not compile', async () => {
  expect(lines).toContain(
    'state: in memory only — executions, tasks, signal waits, locks and entities are gone after a restart (--state-dir DIR keeps them)',
  );
  expect(names()).toEqual(['first']);
  writeFileSync(file, proc('first') + proc('second'));
  await until(() => names().includes('second'), 'the reload');
  const res = await http('POST', '/processes/second/executions', { input: {} });
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

it('follows a file saved by replacement, again and again, also after a save with errors', async () => {
  saveByReplacement(proc('first') + proc('third'));
  await until(() => names().includes('third'), 'the first replacement');
  const errorsBefore = lines.filter((l) => l.includes('still running the previous definitions')).length;
  saveByReplacement(
    `${proc('first')}\nprocess broken "b":\n  steps:\n    - step a:\n        goto: nowhere\n`,
  );
  await until(
    () => lines.filter((l) => l.includes('still running the previous definitions')).length > errorsBefore,
    'the compile error of the second replacement',
  );
  saveByReplacement(proc('first') + proc('fourth'));
  await until(() => names().includes('fourth'), 'the third replacement');
  saveByReplacement(proc('first') + proc('fifth'));
  await until(() => names().includes('fifth'), 'the fourth replacement');
  expect([...names()].sort()).toEqual(['fifth', 'first']);
});

it('lets an execution started before a reload run to its end on its definitions, and says so', async () => {
  writeFileSync(file, review('archive'));
  await until(() => names().includes('review'), 'the review process');
  const started = await http('POST', '/processes/review/executions', { input: {} });
  expect(started.status).toBe(202);
  const manager = { 'x-dev-user': 'bob', 'x-dev-roles': 'manager' };
  const task = await until(async () => {
    const res = await http('GET', '/tasks?status=open', undefined, manager);
    return (res.body.tasks as { id: string; step: string }[]).find((t) => t.step === 'decide');
  }, 'the decide task');
  // The next version renames the step after the task; the running execution keeps its own.
  writeFileSync(file, review('publish'));
  await until(
    () =>
      lines.some((l) =>
        /reloaded 1 workflow; 1 running execution continues on the definitions it started with/.test(l),
      ),
    'the reload notice',
  );
  const done = await http('POST', `/tasks/${task.id}/complete`, { outcome: 'approve' }, manager);
  expect(done.status).toBe(200);
  const arn = server.rt.engine.listExecutions().find((d) => d.name === started.body.name)?.executionArn;
  const finished = await server.rt.awaitExecution(arn as string);
  expect(finished.status).toBe('SUCCEEDED');
  const entered = server.rt.engine
    .getExecutionHistory(finished.executionArn)
    .filter((e) => e.type.endsWith('StateEntered'))
    .map((e) => (e as { stateEnteredEventDetails?: { name: string } }).stateEnteredEventDetails?.name);
  expect(entered).toContain('archive');
  expect(entered).not.toContain('publish');
  // New executions run the new definitions.
  expect(
    JSON.stringify(server.rt.engine.describeStateMachine(server.rt.stateMachineArn('review')).definition),
  ).toContain('publish');
});

it('stays up with a located diagnostic, a screenful at most, for a 1 MB binary file and a condition nested 1,000 deep', async () => {
  writeFileSync(file, proc('first'));
  await until(() => names().includes('first'), 'the reload to one process');
  const before = lines.length;
  const junk = join(dir, 'junk.dsl');
  // Binary: NUL bytes among random ones.
  const bytes = randomBytes(1024 * 1024);
  for (let i = 0; i < bytes.length; i += 97) bytes[i] = 0;
  writeFileSync(junk, bytes);
  await until(
    () => lines.slice(before).some((l) => l.includes('still running the previous definitions')),
    'the binary file to be refused',
  );
  const binary = lines.slice(before);
  expect(binary.some((l) => l.startsWith(`${junk}:1:1: error`))).toBe(true);
  expect(binary.length).toBeLessThan(260);
  expect((await fetch(`${server.url}/executions`)).status).toBe(200);
  expect(names()).toEqual(['first']);
  unlinkSync(junk);
  const deep = join(dir, 'deep.dsl');
  const mark = lines.length;
  writeFileSync(
    deep,
    `process deep "Deep":\n  trigger: manual\n  steps:\n    - step check:\n        condition: ${'('.repeat(1000)}x > 1${')'.repeat(1000)}\n        on_true: done\n        on_false: done\n    - step done:\n        channel: out\n        message: Done\n`,
  );
  await until(
    () => lines.slice(mark).some((l) => l.includes('still running the previous definitions')),
    'the deep condition to be refused',
  );
  expect(lines.slice(mark).some((l) => new RegExp(`^${deep}:5:\\d+: error`).test(l))).toBe(true);
  expect((await fetch(`${server.url}/executions`)).status).toBe(200);
  unlinkSync(deep);
  await until(
    () => lines.slice(mark).some((l) => l.includes('reloaded 1 workflow')),
    'the reload without them',
  );
});

it('reports a compiler that throws as a compile error and keeps serving', async () => {
  const other = mkdtempSync(join(tmpdir(), 'dz-dev-throw-'));
  writeFileSync(join(other, 'app.dsl'), proc('steady'));
  const out: string[] = [];
  let calls = 0;
  const throwing = devServerOn(other, out, {
    compile: () => {
      if (calls++ > 0) throw new RangeError('Maximum call stack size exceeded');
      return compileForLocal(collectInputs([other], '/'));
    },
  });
  try {
    await throwing.start();
    writeFileSync(join(other, 'app.dsl'), `${proc('steady')}\n`);
    await until(
      () => out.some((l) => l.includes('still running the previous definitions')),
      'the failed reload',
    );
    expect(out).toContain(
      'error: the inputs could not be compiled: RangeError: Maximum call stack size exceeded',
    );
    expect((await fetch(`${throwing.url}/executions`)).status).toBe(200);
  } finally {
    await throwing.close();
    rmSync(other, { recursive: true, force: true });
  }
});
