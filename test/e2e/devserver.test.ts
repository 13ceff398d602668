/**
 * `npm start`: the dev server on the example app, over real HTTP on loopback — the README
 * walkthrough (start a process, see the task, complete it, see the result), entity events, signals,
 * the console routes and clean shutdown.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectInputs } from '../../host/files.ts';
import { compileForLocal } from '../../local/compile.ts';
import { DevServer } from '../../local/devserver/server.ts';
import { until } from './harness.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const output: string[] = [];
let server: DevServer;

async function http(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {} };
}

const alice = { 'X-Dev-User': 'alice' };
const bob = (role: string) => ({ 'X-Dev-User': 'bob', 'X-Dev-Roles': role });

beforeAll(async () => {
  server = new DevServer({
    compile: () => compileForLocal(collectInputs(['examples/dsl'], ROOT)),
    servicesDir: `${ROOT}examples/services`,
    port: 0,
    schedules: false,
    out: (line) => output.push(line),
    err: (line) => output.push(line),
  });
  await server.start();
});
afterAll(() => server?.close());

describe('dev server on the example app', () => {
  it('prints a summary with every workflow and a curl walkthrough', () => {
    const text = output.join('\n');
    expect(text).toContain(`dazzle-sfn dev: ${server.rt.artifacts.manifest.workflows.length} workflows`);
    for (const w of server.rt.artifacts.manifest.workflows) expect(text).toContain(`  ${w.name} `);
    expect(text).toContain(`curl -s -X POST ${server.url}/processes/reopen_expense/executions`);
    expect(text).not.toContain('missing implementations');
    // The entity event's task says which role sees it (the walkthrough's headers would not).
    expect(text).toContain(
      `or put an entity event on the bus (starts return_request; its task "Inspect return" is for role returns_clerk: GET /tasks with -H 'X-Dev-Roles: returns_clerk'):`,
    );
  });

  it("uses another entity id than the README's event, so that trying both starts two runs", () => {
    const banner = output.join('\n').match(/"entity":"ReturnRequest","id":"([^"]+)"/)?.[1];
    const readme = readFileSync(join(ROOT, 'local/README.md'), 'utf8').match(
      /"entity": "ReturnRequest", "id": "([^"]+)"/,
    )?.[1];
    expect(banner).toMatch(/^[0-9a-f-]{36}$/);
    expect(readme).toMatch(/^[0-9a-f-]{36}$/);
    expect(banner).not.toBe(readme);
  });

  it('walks through: start a process, see the task, complete it, see the result', async () => {
    const started = await http(
      'POST',
      '/processes/reopen_expense/executions',
      {
        input: {
          expense_id: '28b9ba4f-08c5-48fb-aeec-3b493198abdb',
          submitter_id: '9c572777-0406-4994-a2a9-1150d66fa41b',
          amount: 2500,
          reason: 'receipt found',
        },
      },
      alice,
    );
    expect(started.status).toBe(202);
    const name = started.body.name as string;
    const task = await until(async () => {
      const res = await http('GET', '/tasks?status=open', undefined, bob('manager'));
      return (res.body.tasks as { id: string; step: string }[]).find((t) => t.step === 'manager_review');
    }, 'the manager_review task');
    const done = await http(
      'POST',
      `/tasks/${task.id}/complete`,
      { outcome: 'approve', data: { approved: true } },
      bob('manager'),
    );
    expect(done.status).toBe(200);
    const run = await until(async () => {
      const res = await http('GET', `/executions/${name}`, undefined, alice);
      return res.body.execution?.status === 'SUCCEEDED' ? res.body.execution : undefined;
    }, 'the execution to succeed');
    expect(run).toMatchObject({ process: 'reopen_expense', status: 'SUCCEEDED' });
    const listed = await http('GET', '/executions?process=expense_approval');
    // expense_approval's declared output `decision` is manager_review's answer (`output: decision`).
    expect(listed.body.executions[0]).toMatchObject({
      status: 'SUCCEEDED',
      output: { decision: { outcome: 'approve', completed_by: 'bob' } },
    });
    expect(run.output).toEqual({ decision: listed.body.executions[0].output.decision });
    expect(output.some((l) => /expense_approval\/\w+ → pay_out/.test(l))).toBe(true);
    expect(output.some((l) => /expense_approval\/\w+ → manager_review/.test(l))).toBe(true);
  });

  it('answers API errors: 404 unknown process, 400 invalid input, 401 without a user, 404 no route', async () => {
    expect((await http('POST', '/processes/nope/executions', { input: {} }, alice)).status).toBe(404);
    expect((await http('POST', '/processes/standard_shipping/executions', { input: {} }, alice)).status).toBe(
      400,
    );
    expect((await http('GET', '/tasks?status=open')).status).toBe(401);
    expect((await http('GET', '/nowhere')).status).toBe(404);
  });

  it('starts a process from an entity event, applying outcome sets to the stored entity', async () => {
    const id = 'f19580d5-2156-4139-a27c-8e94bcb95f7d';
    const put = await http('POST', '/events', {
      'detail-type': 'EntityCreated',
      detail: {
        entity: 'ReturnRequest',
        id,
        data: {
          order_id: 'ca13a6b2-c965-4b38-a1fc-9ffe25a7a4fc',
          reason: 'arrived broken',
          status: 'new',
        },
      },
    });
    expect(put.status).toBe(202);
    expect(put.body.started).toHaveLength(1);
    const task = await until(async () => {
      const res = await http('GET', '/tasks?status=open', undefined, bob('returns_clerk'));
      return (res.body.tasks as { id: string }[])[0];
    }, 'the inspect_return task');
    expect(
      (await http('POST', `/tasks/${task.id}/complete`, { outcome: 'accept' }, bob('returns_clerk'))).status,
    ).toBe(200);
    const run = await until(async () => {
      const res = await http('GET', '/executions?process=return_request');
      return res.body.executions[0]?.status === 'SUCCEEDED' ? res.body.executions[0] : undefined;
    }, 'return_request to succeed');
    // No outputs declared: {}. The accepted return was refunded.
    expect(run.output).toEqual({});
    const refunds = server.rt.invocations.filter((i) => i.function === 'service-refund_card');
    expect(refunds.map((i) => (i.payload as { input: unknown }).input)).toContainEqual({
      order_id: 'ca13a6b2-c965-4b38-a1fc-9ffe25a7a4fc',
    });
    const events = await http('GET', '/events');
    expect(
      events.body.events.some((e: { 'detail-type': string }) => e['detail-type'] === 'EntityCreated'),
    ).toBe(true);
  });

  it('delivers a signal to a signal-triggered process', async () => {
    const res = await http('POST', '/events', {
      'detail-type': 'Signal',
      detail: {
        name: 'chargeback_received',
        payload: { order_id: 'ca13a6b2-c965-4b38-a1fc-9ffe25a7a4fc', reason: 'fraud' },
      },
    });
    expect(res.body.started).toHaveLength(1);
    const task = await until(async () => {
      const r = await http('GET', '/tasks?status=open', undefined, bob('finance'));
      return (r.body.tasks as { id: string }[])[0];
    }, 'the chargeback review');
    const done = await http(
      'POST',
      `/tasks/${task.id}/complete`,
      { outcome: 'complete', data: { accepted: true } },
      bob('finance'),
    );
    expect(done.status).toBe(200);
    const run = await until(async () => {
      const r = await http('GET', '/executions?process=handle_chargeback');
      return r.body.executions[0]?.status === 'SUCCEEDED' ? r.body.executions[0] : undefined;
    }, 'handle_chargeback to succeed');
    expect(run.output).toEqual({});
    const recorded = server.rt.invocations.filter((i) => i.function === 'service-record_chargeback');
    expect(recorded.at(-1)?.payload).toMatchObject({ input: { accepted: true } });
    // The same event again (EventBridge redelivering it) starts nothing, and says why.
    const again = await http('POST', '/events', {
      'detail-type': 'Signal',
      id: res.body.id,
      detail: { name: 'chargeback_received', payload: {} },
    });
    expect(again.body).toMatchObject({ started: [] });
    expect(again.body.reason).toMatch(
      /^the trigger of process-handle_chargeback matched but started no new execution: an event id delivered before/,
    );
  });

  it('says why an event started nothing: a mistyped detail-type, a detail no trigger wants', async () => {
    const typo = await http('POST', '/events', {
      'detail-type': 'EntityCreate',
      detail: { entity: 'ReturnRequest', id: 'r-typo', data: {} },
    });
    expect(typo.status).toBe(202);
    expect(typo.body.started).toEqual([]);
    expect(typo.body.reason).toMatch(
      /^no process is started by detail-type 'EntityCreate'\. Did you mean "EntityCreated".* The app's triggers listen for .*'EntityCreated'/,
    );
    const other = await http('POST', '/events', {
      'detail-type': 'EntityCreated',
      detail: { entity: 'Refund', id: 'r-other', data: {} },
    });
    expect(other.body.started).toEqual([]);
    expect(other.body.reason).toMatch(
      /^no trigger on 'EntityCreated' matches this detail: process-return_request wants detail \{"entity":\["ReturnRequest"\]\}/,
    );
  });
});
