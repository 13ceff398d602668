/**
 * Concurrent runs of one process (LANGUAGE.md "Names and overlap"): without `overlap:` they all run;
 * with it, the lock is scoped to the trigger's subject, and a skipped run is never a silent success
 * (its output, run record, log line and console entry say SKIPPED and name the holder).
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServer, listen } from '../../local/aws/http.ts';
import { serveConsole } from '../../local/console/api.ts';
import { type Local, startLocal } from './harness.ts';

const process = (name: string, entity: string, overlap: string) => `
process ${name}:
  trigger:
    when: entity ${entity} status pending -> confirmed
  input:
    entity_id: str required
  steps:
    - step hold:
        wait: 5m
    - step work:
        service: work
        inputs:
          - entity_id -> order_id
  timeout: 1d
  ${overlap}
`;

const DSL = [
  // No `overlap:` written: Dazzle's IR says skip, but concurrent runs all run.
  process('fulfil', 'Order', ''),
  process('fulfil_once', 'Shipment', 'overlap: skip'),
  process('fulfil_queued', 'Parcel', 'overlap: queue'),
].join('\n');

let local: Local;
const lines: string[] = [];
const ADMIN = { user: 'auditor', roles: ['admin'] };
let server: Server;
let consoleBase: string;

beforeAll(async () => {
  local = await startLocal(
    DSL,
    { work: async (event) => ({ worked: (event as { input: { order_id: string } }).input.order_id }) },
    {
      log: { info: (line) => lines.push(line), warn: (line) => lines.push(line) },
      // Runs started by events have no starter: the stage's admin role reads them.
      access: { adminRole: 'admin' },
    },
  );
  server = createServer((req, res) => {
    void serveConsole(req, res, new URL(req.url ?? '/', 'http://127.0.0.1'), { runtime: local.rt }).then(
      (served) => {
        if (!served) res.writeHead(404).end();
      },
    );
  });
  consoleBase = `http://127.0.0.1:${await listen(server)}`;
});
afterAll(async () => {
  if (server) await closeServer(server);
  await local?.close();
});

const executionsOf = (workflow: string) =>
  local.rt.engine.listExecutions().filter((d) => d.stateMachineArn === local.rt.stateMachineArn(workflow));

const confirmed = (entity: string, id: string, eventId: string) =>
  local.rt.bus.event(
    'EntityStatusChanged',
    { entity, id, from_status: 'pending', to_status: 'confirmed', data: {} },
    'dazzle.app',
    eventId,
  );

/**
 * Delivers the events at one virtual instant and lets every run start (and a skipped run end)
 * before time moves on, so the runs overlap; then runs them all to their end.
 */
async function deliverTogether(workflow: string, events: ReturnType<typeof confirmed>[]) {
  const release = local.clock.hold();
  await Promise.all(events.map((e) => local.rt.bus.deliver(e)));
  await local.until(() => {
    const runs = executionsOf(workflow);
    const settled = runs.filter(
      (d) =>
        d.status !== 'RUNNING' ||
        local.rt.engine.getExecutionHistory(d.executionArn).some((e) => e.type === 'WaitStateEntered'),
    );
    return runs.length === events.length && settled.length === runs.length ? true : undefined;
  }, `${events.length} runs of ${workflow} to start`);
  release();
  const runs = executionsOf(workflow);
  await Promise.all(runs.map((d) => local.rt.awaitExecution(d.executionArn)));
  await local.rt.bus.idle();
  return executionsOf(workflow);
}

const workedFor = (workflow: string) =>
  local
    .calls('work')
    .filter((c) => (c.payload as { process: string }).process === workflow)
    .map((c) => (c.payload as { input: { order_id: string } }).input.order_id);

describe('concurrent runs', () => {
  it('50 events for 50 orders start 50 runs that all finish (no overlap declared)', async () => {
    const events = Array.from({ length: 50 }, (_, i) => confirmed('Order', `order-${i}`, `evt-a${i}`));
    const runs = await deliverTogether('fulfil', events);
    expect(runs).toHaveLength(50);
    expect(runs.map((d) => d.status)).toEqual(Array(50).fill('SUCCEEDED'));
    expect(workedFor('fulfil').sort()).toEqual(events.map((_, i) => `order-${i}`).sort());
    expect(lines.filter((l) => l.startsWith('process-fulfil/') && l.includes('SKIPPED'))).toEqual([]);
  });

  it('50 events for one order under `overlap: skip`: 1 runs, 49 are visibly skipped', async () => {
    const events = Array.from({ length: 50 }, (_, i) => confirmed('Shipment', 'ship-1', `evt-b${i}`));
    const runs = await deliverTogether('fulfil_once', events);
    expect(runs.map((d) => d.status)).toEqual(Array(50).fill('SUCCEEDED'));
    expect(workedFor('fulfil_once')).toEqual(['ship-1']);
    const ran = runs.filter((d) => (d.output as { status?: string }).status !== 'SKIPPED');
    expect(ran).toHaveLength(1);
    const holder = ran[0].executionArn;
    const skipped = runs.filter((d) => d !== ran[0]);
    for (const d of skipped) {
      expect(d.output).toEqual({
        status: 'SKIPPED',
        reason: 'overlap',
        holder,
        lock: { pk: 'LOCK#process-fulfil_once', sk: 'entity#ship-1' },
      });
    }

    // The run record (GET /executions/{id}) says SKIPPED and names the holder.
    for (const d of skipped.slice(0, 5)) {
      const reply = await local.call(
        'runs',
        'GET',
        `/executions/${encodeURIComponent(d.executionArn)}`,
        ADMIN,
      );
      expect(reply.status).toBe(200);
      expect(reply.body.execution).toMatchObject({ status: 'SKIPPED', skipped_by: holder });
    }
    const held = await local.call('runs', 'GET', `/executions/${encodeURIComponent(holder)}`, ADMIN);
    expect(held.body.execution).toMatchObject({ status: 'SUCCEEDED' });
    expect(held.body.execution).not.toHaveProperty('skipped_by');

    // So does the runtime's log line, naming the holder.
    const holderLabel = `process-fulfil_once/${ran[0].name.slice(0, 8)}`;
    const skipLines = lines.filter((l) => l.startsWith('process-fulfil_once/') && l.includes(' SKIPPED '));
    expect(skipLines).toHaveLength(49);
    for (const l of skipLines) expect(l).toContain(`the lock is held by ${holderLabel}`);

    // And the console's execution list and view.
    const list = (await (await fetch(`${consoleBase}/console/api/executions`)).json()) as {
      executions: { id: string; status: string; skipped_by?: string }[];
    };
    const mine = list.executions.filter((e) => runs.some((d) => d.executionArn === e.id));
    expect(mine.filter((e) => e.status === 'SKIPPED')).toHaveLength(49);
    expect(mine.filter((e) => e.status === 'SKIPPED').every((e) => e.skipped_by === holder)).toBe(true);
  });

  it('the lock of one order never holds up another (`overlap: queue`, scoped to the subject)', async () => {
    const events = [
      confirmed('Parcel', 'p-1', 'evt-c1'),
      confirmed('Parcel', 'p-2', 'evt-c2'),
      confirmed('Parcel', 'p-1', 'evt-c3'),
    ];
    const release = local.clock.hold();
    const t0 = local.clock.now();
    await Promise.all(events.map((e) => local.rt.bus.deliver(e)));
    await local.until(() => {
      return executionsOf('fulfil_queued').length === 3 ? true : undefined;
    }, 'three runs');
    // Let both holders reach their wait before time moves (the third keeps polling the lock).
    await local.until(
      () =>
        executionsOf('fulfil_queued').filter((d) =>
          local.rt.engine
            .getExecutionHistory(d.executionArn)
            .some((e) => e.type === 'WaitStateEntered' && JSON.stringify(e).includes('"hold"')),
        ).length === 2
          ? true
          : undefined,
      'two holders',
    );
    release();
    const runs = executionsOf('fulfil_queued');
    const done = await Promise.all(runs.map((d) => local.rt.awaitExecution(d.executionArn)));
    expect(done.map((d) => d.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    const took = (name: string) => {
      const d = done.find((x) => x.name === name);
      return ((d?.stopDate?.getTime() ?? 0) - t0) / 60_000;
    };
    // p-2 never waited for p-1; the second p-1 run waited for the first.
    expect(took('evt-c1')).toBeCloseTo(5, 1);
    expect(took('evt-c2')).toBeCloseTo(5, 1);
    expect(took('evt-c3')).toBeGreaterThanOrEqual(10);
  });
});
