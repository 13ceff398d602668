/**
 * Adversarial callers against the running dev server (`npm start`: the example app with the access
 * rules of cdk.json's dev stage), over real HTTP on loopback: the printed walkthrough works for the
 * roles it names; a caller without the role cannot deliver a signal or read someone else's
 * execution; malformed ids, huge and deep bodies are 4xx, never a 500 or a dropped connection; no
 * task token reaches the server's log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionInput } from '../../compiler/contracts/runtime.ts';
import { collectInputs } from '../../host/files.ts';
import { compileForLocal } from '../../local/compile.ts';
import { DevServer } from '../../local/devserver/server.ts';
import { localParams } from '../../local/params.ts';
import { until } from './harness.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const output: string[] = [];
let server: DevServer;

/** A process of the test's own that waits for `receipt_uploaded` at once (the example's waits an hour first). */
const AWAIT_RECEIPT = `
process await_receipt "Await Receipt":
  trigger: manual
  input:
    expense_id: str required
  steps:
    - name: receipt_uploaded
      wait_for_signal: "receipt_uploaded"
      correlation: input.expense_id
      timeout: 1h
`;

async function http(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {} };
}

const as = (user: string, roles = '') => ({ 'X-Dev-User': user, ...(roles && { 'X-Dev-Roles': roles }) });
const MALLORY = as('mallory');

/** The headers and body of a printed `curl` command. */
function curlParts(command: string) {
  const headers: Record<string, string> = {};
  for (const m of command.matchAll(/-H '([^:]+): ([^']*)'/g)) headers[m[1]] = m[2];
  const data = /-d '([^']*)'/.exec(command)?.[1];
  return { headers, body: data === undefined ? undefined : JSON.parse(data) };
}

beforeAll(async () => {
  const stage = localParams({ cwd: ROOT });
  server = new DevServer({
    compile: () =>
      compileForLocal([
        ...collectInputs(['examples/dsl'], ROOT),
        { name: 'await-receipt.dsl', text: AWAIT_RECEIPT },
      ]),
    servicesDir: `${ROOT}examples/services`,
    port: 0,
    schedules: false,
    params: stage.values,
    access: stage.access,
    stage: stage.stage,
    out: (line) => output.push(line),
    err: (line) => output.push(line),
  });
  await server.start();
});
afterAll(() => server?.close());

describe('the dev server enforces the dev stage access rules of cdk.json', () => {
  it('runs the printed walkthrough with the roles it prints; nobody else reads the execution', async () => {
    const text = output.join('\n');
    const startLine = text
      .split('\n')
      .findIndex((l) => l.includes(`-X POST ${server.url}/processes/reopen_expense/executions`));
    expect(startLine).toBeGreaterThan(-1);
    const lines = text.split('\n');
    const start = curlParts(`${lines[startLine]} ${lines[startLine + 1]}`);
    expect(start.headers['X-Dev-Roles']).toBeDefined();
    // Without the role the walkthrough names, the same start is refused.
    const refused = await http('POST', '/processes/reopen_expense/executions', start.body, {
      'X-Dev-User': start.headers['X-Dev-User'],
    });
    expect(refused.status).toBe(403);

    const started = await http('POST', '/processes/reopen_expense/executions', start.body, start.headers);
    expect(started.status).toBe(202);
    const { name, executionId } = started.body;
    const task = await until(async () => {
      const res = await http('GET', '/tasks?status=open', undefined, as('bob', 'manager'));
      // The task is asked by its subprocess, expense_approval.
      return res.body.tasks.find((t: { step: string }) => t.step === 'manager_review');
    }, 'the task');
    const done = await http(
      'POST',
      `/tasks/${task.id}/complete`,
      { outcome: 'approve', data: { approved: true } },
      as('bob', 'manager'),
    );
    expect(done.status).toBe(200);
    expect((await http('GET', `/executions/${name}`, undefined, start.headers)).status).toBe(200);

    const unknown = await http('GET', '/executions/no-such-execution', undefined, MALLORY);
    for (const id of [name, encodeURIComponent(executionId)]) {
      const res = await http('GET', `/executions/${id}`, undefined, MALLORY);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe(unknown.body.error.code);
    }
    expect((await http('GET', `/executions/${name}`, undefined, as('root', 'admin'))).status).toBe(200);
  });

  it('stops and redrives an execution for its starter and the admin role only', async () => {
    // A subprocess-started expense_approval locks the subject 'process' (its trigger has no entity
    // id): while the walkthrough's approval run still pays out, this one's would be SKIPPED and
    // its parent end at once (a stop would then be 409).
    await until(
      () =>
        !server.rt.engine
          .listExecutions({ status: 'RUNNING' })
          .some((d) => d.stateMachineArn.endsWith('process-expense_approval')),
      'the walkthrough’s approval run to end',
    );
    const clerk = as('alice', 'clerk');
    const input = {
      expense_id: crypto.randomUUID(),
      submitter_id: crypto.randomUUID(),
      amount: 2500,
      reason: 'stop me',
    };
    const started = await http('POST', '/processes/reopen_expense/executions', { input }, clerk);
    const { name } = started.body;
    // Its subprocess waits for the manager: find that child.
    const child = await until(
      () => server.rt.engine.listExecutions().find((d) => d.parentExecutionArn === started.body.executionId),
      'the approval run',
    );
    expect((await http('POST', `/executions/${name}/stop`, {}, MALLORY)).status).toBe(404);
    expect((await http('POST', `/executions/${name}/stop`, {})).status).toBe(401);
    // The manager may read the approval run (its task's role) but not stop it.
    const manager = await http('POST', `/executions/${child.name}/stop`, {}, as('bob', 'manager'));
    expect([manager.status, manager.body.error.code]).toEqual([403, 'Forbidden']);
    const stopped = await http('POST', `/executions/${name}/stop`, {}, clerk);
    expect(stopped.status).toBe(200);
    expect(server.rt.engine.describeExecution(started.body.executionId)).toMatchObject({
      status: 'ABORTED',
      cause: 'stopped by alice',
    });
    expect((await http('POST', `/executions/${name}/stop`, {}, clerk)).body.error.code).toBe(
      'ExecutionNotRunning',
    );
    // Redrive: the same execution runs again from rerun_approval, which starts a new approval run.
    const redriven = await http('POST', `/executions/${name}/redrive`, {}, as('root', 'admin'));
    expect(redriven.status).toBe(200);
    expect(server.rt.engine.describeExecution(started.body.executionId)).toMatchObject({
      status: 'RUNNING',
      redriveCount: 1,
    });
    await until(
      () =>
        server.rt.engine.listExecutions().filter((d) => d.parentExecutionArn === started.body.executionId)
          .length === 2,
      'a second approval run',
    );
    const again = await http('POST', `/executions/${name}/redrive`, {}, clerk);
    expect([again.status, again.body.error.code]).toEqual([409, 'ExecutionNotRedrivable']);
  });

  it('a forged signal from a caller without the role resumes nothing; the clerk delivers it', async () => {
    const payload: ExecutionInput = {
      input: { expense_id: 'exp-42' },
      trigger: { kind: 'manual', user: 'carol' },
    };
    const arn = server.rt.startExecution('await_receipt', payload);
    if (!arn) throw new Error('not started');
    await until(
      () =>
        server.rt.invocations.some((i) => i.execution === arn && i.function === 'dazzle-signalRegister')
          ? true
          : undefined,
      'the signal wait',
    );
    const forged = await http(
      'POST',
      '/signals/receipt_uploaded',
      { correlation_id: 'exp-42', payload: { amount: 1_000_000 } },
      MALLORY,
    );
    expect(forged.status).toBe(403);
    expect(server.rt.engine.describeExecution(arn)?.status).toBe('RUNNING');
    const real = await http(
      'POST',
      '/signals/receipt_uploaded',
      { correlation_id: 'exp-42', payload: {} },
      as('cleo', 'clerk'),
    );
    expect(real).toEqual({ status: 202, body: { delivered: 1 } });
  });

  it.each([
    ['a malformed % escape', 'GET', '/tasks/%E0%A4%A', undefined, 400],
    ['an id past DynamoDB key limits', 'GET', `/executions/${'e'.repeat(3000)}`, undefined, 400],
    [
      'a task id past DynamoDB key limits',
      'POST',
      `/tasks/${'t'.repeat(3000)}/complete`,
      { outcome: 'x' },
      400,
    ],
    [
      'a body over 256 KiB',
      'POST',
      '/signals/receipt_uploaded',
      { payload: { blob: 'x'.repeat(300_000) } },
      413,
    ],
    [
      'a body over the server limit',
      'POST',
      '/processes/reopen_expense/executions',
      `{"input":"${'x'.repeat(2_000_000)}"}`,
      413,
    ],
    [
      'a deeply nested payload',
      'POST',
      '/signals/receipt_uploaded',
      `{"payload":{"x":${'['.repeat(20_000)}${']'.repeat(20_000)}}}`,
      400,
    ],
    ['an unknown body field', 'POST', '/signals/receipt_uploaded', { correlation_id: 'x', amount: 1 }, 400],
    [
      'an event over EventBridge’s 256 KiB',
      'POST',
      '/events',
      {
        'detail-type': 'EntityCreated',
        detail: { entity: 'Customer', id: 'c-1', data: { blob: 'x'.repeat(270_000) } },
      },
      400,
    ],
    [
      'a deeply nested event',
      'POST',
      '/events',
      `{"detail-type":"EntityCreated","detail":{"x":${'['.repeat(20_000)}${']'.repeat(20_000)}}}`,
      400,
    ],
  ] as const)('%s is a 4xx', async (_what, method, path, body, status) => {
    const res = await http(method, path, body, as('cleo', 'clerk,manager'));
    expect(res.status).toBe(status);
    expect(res.body.error.code).toMatch(/^(BadRequest|PayloadTooLarge|InvalidField)$/);
  });

  it('prints the access rules, and never a task token', () => {
    const text = output.join('\n');
    expect(text).toContain('access (cdk.json stage dev): start reopen_expense (clerk, manager)');
    const tokens = server.rt.invocations
      .filter((i) => i.function === 'dazzle-taskRegister' || i.function === 'dazzle-signalRegister')
      .map((i) => (i.payload as { token: string }).token);
    expect(tokens.length).toBeGreaterThan(1);
    for (const token of tokens) expect(text).not.toContain(token);
  });
});
