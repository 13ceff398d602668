/**
 * Human-task round trip through the dev server on loopback: POST start → the task is listed →
 * POST complete → GET /executions/{name} says SUCCEEDED. Each leg is the real HTTP API handler over
 * dynalite and the local engine. Bounded: at most ITERATIONS round trips or BUDGET_MS. Prints
 * p50/p99/mean; returns p50 in milliseconds.
 */
import { compileForLocal } from '../local/compile.ts';
import { DevServer } from '../local/devserver/server.ts';

const ITERATIONS = 200;
const WARMUP = 10;
const BUDGET_MS = 30_000;

const DSL = `
process approve_note "Approve a note":
  trigger: manual
  input:
    note: str required
  steps:
    - step review:
        human_task:
          title: "Approve the note"
          assignee_role: clerk
          timeout: 1h
          outcomes:
            - approve "Approve":
                goto: announce
            - reject "Reject":
                goto: fail
    - step announce:
        channel: notes
        message: NoteApproved
  timeout: 2h
  overlap: allow
`;

const clerk = { 'x-dev-user': 'bench', 'x-dev-roles': 'clerk', 'content-type': 'application/json' };

async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: clerk,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status >= 400) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function roundTrip(base: string, i: number): Promise<number> {
  const t0 = performance.now();
  const started = await call(base, 'POST', '/processes/approve_note/executions', {
    input: { note: `n${i}` },
  });
  let taskId: string | undefined;
  while (!taskId) {
    const listed = (await call(base, 'GET', '/tasks?status=open')).tasks as {
      id: string;
      execution: { id: string };
    }[];
    taskId = listed.find((t) => t.execution.id === started.executionId)?.id;
  }
  await call(base, 'POST', `/tasks/${taskId}/complete`, { outcome: 'approve', data: {} });
  for (;;) {
    const run = (await call(base, 'GET', `/executions/${started.name}`)).execution as { status: string };
    if (run.status === 'SUCCEEDED') break;
    if (run.status !== 'RUNNING') throw new Error(`execution ended ${run.status}`);
  }
  return performance.now() - t0;
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

export default async function roundTripBench(): Promise<number> {
  const server = new DevServer({
    compile: () => compileForLocal([{ name: 'bench.dsl', text: DSL }]),
    port: 0,
    schedules: false,
    transitions: false,
    out: () => {},
    err: (line) => console.error(line),
  });
  await server.start();
  const times: number[] = [];
  try {
    const deadline = Date.now() + BUDGET_MS;
    for (let i = 0; i < WARMUP; i++) await roundTrip(server.url, i);
    for (let i = 0; i < ITERATIONS && Date.now() < deadline; i++) times.push(await roundTrip(server.url, i));
  } finally {
    await server.close();
  }
  const sorted = [...times].sort((a, b) => a - b);
  const p50 = pct(sorted, 50);
  const p99 = pct(sorted, 99);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  console.log(
    `roundtrip: ${times.length} human-task round trips through the dev server: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, mean ${mean.toFixed(1)} ms`,
  );
  return p50;
}

if (import.meta.url === `file://${process.argv[1]}`) await roundTripBench();
