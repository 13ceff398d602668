/**
 * The console's routes on a plain HTTP server over a stub runtime: which requests it takes, what
 * it leaves to the dev server, the page and its assets, and the change stream.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServer, listen } from '../../local/aws/http.ts';
import { serveConsole } from '../../local/console/api.ts';
import type { LocalRuntime } from '../../local/runtime.ts';

const started = new Date('2026-01-05T09:00:00Z');
const executions = [
  {
    executionArn: 'arn:aws:states:us-east-1:123456789012:execution:reopen_expense:run-1',
    stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:reopen_expense',
    name: 'run-1',
    status: 'RUNNING',
    startDate: started,
    input: { input: {}, trigger: { kind: 'manual' } },
    transitions: 3,
  },
];
const events: unknown[] = [];
const runtime = {
  artifacts: { manifest: { workflows: [] }, asl: {}, manifestText: '' },
  eventSource: 'dazzle.app',
  bus: { events },
  upcomingSchedules: () => [],
  workflowOfArn: () => undefined,
  engine: {
    listExecutions: () => executions,
    getExecutionHistory: () => [
      { id: 1, previousEventId: 0, timestamp: started, type: 'ExecutionStarted' },
      {
        id: 2,
        previousEventId: 1,
        timestamp: started,
        type: 'TaskStateEntered',
        stateEnteredEventDetails: { name: 'rerun_approval', input: '{}' },
      },
    ],
  },
} as unknown as LocalRuntime;

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    serveConsole(req, res, new URL(req.url ?? '/', 'http://127.0.0.1'), { runtime }).then((served) => {
      if (!served) res.writeHead(299, { 'content-type': 'application/json' }).end('{"passed":true}');
    });
  });
  base = `http://127.0.0.1:${await listen(server)}`;
}, 60_000);

afterAll(() => closeServer(server));

describe('serveConsole', () => {
  it('serves the page at / to browsers and leaves / to the dev server for API clients', async () => {
    const page = await fetch(`${base}/`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${base}${script}`);
    expect([asset.status, asset.headers.get('content-type')]).toEqual([
      200,
      'text/javascript; charset=utf-8',
    ]);
    await asset.arrayBuffer();
    expect((await fetch(`${base}/`, { headers: { accept: 'application/json' } })).status).toBe(299);
    expect((await fetch(`${base}/tasks?status=open`)).status).toBe(299);
    expect((await fetch(`${base}/console/api/processes`, { method: 'POST' })).status).toBe(299);
  });

  it('never serves files outside its build', async () => {
    const res = await fetch(`${base}/console/..%2f..%2f..%2fpackage.json`);
    expect(res.status).toBe(404);
    expect((await fetch(`${base}/console/assets/missing.js`)).status).toBe(404);
  });

  it('lists executions with their current state, and 404s an unknown one', async () => {
    const list = (await (await fetch(`${base}/console/api/executions`)).json()) as {
      executions: { process: string; current: string[]; transitions: number }[];
    };
    expect(list.executions).toMatchObject([
      { process: 'reopen_expense', current: ['rerun_approval'], transitions: 3 },
    ]);
    const one = await fetch(
      `${base}/console/api/executions/${encodeURIComponent(executions[0].executionArn)}/history`,
    );
    expect(((await one.json()) as { states: { name: string }[] }).states.map((s) => s.name)).toEqual([
      'rerun_approval',
    ]);
    const missing = await fetch(`${base}/console/api/executions/nope/history`);
    expect([missing.status, ((await missing.json()) as { error: { code: string } }).error.code]).toEqual([
      404,
      'NotFound',
    ]);
  });

  it('streams a change event at once and another when an event is put on the bus', async () => {
    const controller = new AbortController();
    const res = await fetch(`${base}/console/api/stream`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    const changes = () => text.split('event: change').length - 1;
    while (changes() < 1) text += decoder.decode((await reader.read()).value);
    events.push({ id: 'e1' });
    while (changes() < 2) text += decoder.decode((await reader.read()).value);
    expect(text).toContain('data: {"definitions":');
    controller.abort();
    await reader.cancel().catch(() => {});
  });
});
