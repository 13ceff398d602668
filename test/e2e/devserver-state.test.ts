/**
 * `dev --state-dir DIR` keeps the work across a restart, as the Temporal dev server's `--db-filename`
 * does: an execution parked on a human task completes through that same task after the restart, one
 * waiting for a signal takes it, one in a Wait sleeps on (until its own time: snapshot.test.ts),
 * finished executions and entities are still there. Without it, the banner says the state is in memory only (devserver-reload.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, expect, it } from 'vitest';
import { STATE_KEYS } from '../../compiler/contracts/runtime.ts';
import { collectInputs } from '../../host/files.ts';
import { documentClient } from '../../lambdas/shared/adapters/dynamo.ts';
import { DynamoEntityStore } from '../../lambdas/shared/adapters/dynamo-entity-store.ts';
import { compileForLocal } from '../../local/compile.ts';
import { DevServer } from '../../local/devserver/server.ts';
import { LOCAL_TABLES } from '../../local/dynamo.ts';
import { until } from './harness.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const state = mkdtempSync(join(tmpdir(), 'dz-state-'));
const dsl = join(ROOT, 'test', 'e2e', 'fixtures', 'state.dsl');
let server: DevServer | undefined;
let lines: string[] = [];

afterAll(async () => {
  await server?.close();
  rmSync(state, { recursive: true, force: true });
});

async function start(): Promise<DevServer> {
  lines = [];
  const s = new DevServer({
    compile: () => compileForLocal(collectInputs([dsl], ROOT)),
    port: 0,
    schedules: false,
    stateDir: state,
    out: (l) => lines.push(l),
    err: (l) => lines.push(l),
  });
  await s.start();
  return s;
}

async function http(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server?.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-dev-user': 'alice', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

const manager = { 'x-dev-user': 'bob', 'x-dev-roles': 'manager' };
const executionsNamed = async () =>
  new Map(
    (
      (await http('GET', '/executions')).body.executions as {
        name: string;
        status: string;
        process: string;
      }[]
    ).map((e) => [e.name, e]),
  );
/** The history of an execution as `Type` or `Type name` (for states entered). */
const historyOf = (name: string) => {
  const d = server?.rt.engine.listExecutions().find((e) => e.name === name);
  return (d ? (server?.rt.engine.getExecutionHistory(d.executionArn) ?? []) : []).map((e) => {
    const entered = e.stateEnteredEventDetails as { name?: string } | undefined;
    return entered ? `${e.type} ${entered.name}` : e.type;
  });
};

it('carries on after a restart: the parked task completes, the signal is taken, the Wait sleeps on', async () => {
  server = await start();
  expect(lines.join('\n')).toContain(
    `state: ${state} — executions, tasks, signal waits, locks and entities survive a restart`,
  );
  const review = await http('POST', '/processes/review/executions', { input: {} });
  const nap = await http('POST', '/processes/nap/executions', { input: {} });
  const paid = await http('POST', '/processes/await_payment/executions', { input: { order_id: 'o-1' } });
  const said = await http('POST', '/processes/say/executions', { input: {} });
  for (const r of [review, nap, paid, said]) expect(r.status).toBe(202);
  const entity = await http('POST', '/events', {
    'detail-type': 'EntityCreated',
    detail: { entity: 'Note', id: 'n-1', data: { text: 'kept' } },
  });
  expect(entity.status).toBe(202);
  const task = await until(async () => {
    const res = await http('GET', '/tasks?status=open', undefined, manager);
    return (res.body.tasks as { id: string; step: string }[]).find((t) => t.step === 'decide');
  }, 'the decide task');
  await until(async () => historyOf(nap.body.name as string).includes('WaitStateEntered sleep'), 'the nap');
  await until(
    async () => (await executionsNamed()).get(said.body.name as string)?.status === 'SUCCEEDED',
    'say',
  );
  // The signal wait is registered (in DynamoDB) before the stop.
  await until(async () => {
    const items = await documentClient().send(
      new QueryCommand({
        TableName: LOCAL_TABLES.state,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': STATE_KEYS.signalWait('paid', 'o-1', '').pk },
      }),
    );
    return (items.Items?.length ?? 0) > 0;
  }, 'the signal registration');
  await server.close();
  server = undefined;

  server = await start();
  expect(lines.some((l) => /3 running executions resumed, 1 finished/.test(l))).toBe(true);
  const listed = await executionsNamed();
  expect(listed.get(said.body.name as string)?.status).toBe('SUCCEEDED');
  for (const r of [review, nap, paid]) expect(listed.get(r.body.name as string)?.status).toBe('RUNNING');

  const done = await http('POST', `/tasks/${task.id}/complete`, { outcome: 'approve' }, manager);
  expect(done.status).toBe(200);
  const signal = await http('POST', '/events', {
    'detail-type': 'Signal',
    detail: { name: 'paid', correlation_id: 'o-1', payload: { amount: 120 } },
  });
  expect(signal.status).toBe(202);
  for (const r of [review, paid]) {
    const name = r.body.name as string;
    await until(async () => (await executionsNamed()).get(name)?.status !== 'RUNNING', `${name} to end`);
    expect((await executionsNamed()).get(name)?.status).toBe('SUCCEEDED');
  }
  // Resumed, not started again: one task, one wait.
  expect(historyOf(review.body.name as string).filter((t) => t === 'TaskStateEntered decide')).toHaveLength(
    1,
  );
  expect(historyOf(nap.body.name as string).filter((t) => t === 'WaitStateEntered sleep')).toHaveLength(1);
  expect((await executionsNamed()).get(nap.body.name as string)?.status).toBe('RUNNING');
  expect(historyOf(paid.body.name as string).filter((t) => t === 'TaskStateEntered paid')).toHaveLength(1);
  const notes = await new DynamoEntityStore(documentClient(), LOCAL_TABLES.entity).query('Note', [], 10);
  expect(notes.items).toEqual([expect.objectContaining({ id: 'n-1', text: 'kept' })]);
});
