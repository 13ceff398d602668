/**
 * The dev server recompiles when a DSL file changes — also when it is saved by replacement (write a
 * new file, rename it over the old one: what `sed -i` and many editors do) — keeps the old
 * definitions on errors, and never drops executions: those started before a reload run to their
 * end on the definitions they started with (as running executions do after UpdateStateMachine).
 */
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
/** A process parked on a human task; `after` names the step that follows it. */
const review = (after: string) => `
process review "Review":
  trigger: manual
  steps:
    - step decide:
        human_task:
          title: "Decide"
          assignee_role: manager
          outcomes:
            - approve "Approve":
                goto: ${after}
    - step ${after}:
        channel: out
        message: Done
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

async function until<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

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
  expect(JSON.stringify(server.rt.engine.describeStateMachine('review').definition)).toContain('publish');
});
