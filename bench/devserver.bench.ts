/**
 * The dev server under load (issue 13.12), run as users run it: `dazzle-sfn dev` in its own process,
 * driven over HTTP on loopback.
 *  1. 1,000 clients start an execution at the same moment: errors (target 0);
 *  2. those 1,000 executions parked on a human task (after a service step): the server's RSS
 *     (target ≤ 300 MB);
 *  3. 100 concurrent clients start executions of a short process: starts per second (target ≥ 200);
 *  4. once 2,000 and then 6,000 of them finished (far more than `--keep-finished` keeps): how many
 *     finished ones the server holds (target: the cap) and its RSS at each point (target: about the
 *     same, growth ≤ 10 %, so that memory stays bounded however long a session runs).
 * Also prints CPU-milliseconds per start (all threads): less dependent than starts/s on what else runs.
 * Run: `npx tsx bench/devserver.bench.ts [concurrent] [clients] [checkpoints, e.g. 2000,6000]`, or
 * import the default export. `DEVSERVER_NODE_ARGS` are given to the server's node (e.g. profiling).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decideStep } from '../test/e2e/devserver-harness.ts';

/** `DEVSERVER_CLI` runs another checkout's CLI (before/after figures side by side). */
const CLI = process.env.DEVSERVER_CLI ?? fileURLToPath(new URL('../cli/main.ts', import.meta.url));
const KEEP_FINISHED = 500;

/** A manual process with input `n` whose first step calls the `check` service; `rest` follows it. */
const checked = (name: string, title: string, rest = '') => `
process ${name} "${title}":
  trigger: manual
  input:
    n: int required
  steps:
    - step check:
        service: check
${rest}  overlap: allow
`;
/** `review` parks on a human task after its service step; `quick` ends after it. */
const DSL =
  checked('review', 'Review', `${decideStep('complete')}  timeout: 7d\n`) + checked('quick', 'Quick');
const SERVICE =
  'export const handler = async (event: { input: { n: number } }) => ({ ok: event.input.n >= 0 });';

interface Server {
  url: string;
  child: ChildProcess;
  close(): Promise<void>;
}

async function startServer(dir: string): Promise<Server> {
  const child = spawn(
    process.execPath,
    [
      // e.g. DEVSERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the server under load.
      ...(process.env.DEVSERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      '--import',
      import.meta.resolve('tsx'),
      CLI,
      'dev',
      join(dir, 'dsl'),
      '--services',
      join(dir, 'services'),
      '--port',
      '0',
      '--no-schedules',
      '--keep-finished',
      String(KEEP_FINISHED),
    ],
    // In the app's own directory: the repository's cdk.json (stage params, access rules) is not its.
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      log += String(d);
      const m = /ready on (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (m) resolve(m[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`dev server exited (${code}):\n${log.slice(-2000)}`)));
  });
  // Keep draining its output (the transition log) so that the child never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();
  return {
    url,
    child,
    close: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** RSS of a process in MB (Linux /proc; `ps` elsewhere). */
function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    if (kb) return Number(kb) / 1024;
  } catch {}
  return Number.NaN;
}

/** CPU seconds a process used so far, all threads (Linux /proc). */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return Number.NaN;
  }
}

async function start(url: string, process: string, n: number): Promise<number | string> {
  try {
    const res = await fetch(`${url}/processes/${process}/executions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-dev-user': 'bench' },
      body: JSON.stringify({ input: { n } }),
    });
    await res.text();
    return res.status;
  } catch (error) {
    const e = error as { cause?: { code?: string } };
    return e.cause?.code ?? String(error);
  }
}

/** `count` starts of `process` from `clients` clients at once, each starting its next when one returns. */
async function startMany(
  url: string,
  process: string,
  count: number,
  clients: number,
): Promise<{ seconds: number; failed: number }> {
  const t = performance.now();
  let sent = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (sent < count) {
        sent++;
        if ((await start(url, process, sent)) !== 202) failed++;
      }
    }),
  );
  return { seconds: (performance.now() - t) / 1000, failed };
}

interface Listed {
  name: string;
  process: string;
  status: string;
  transitions: number;
}

async function executions(url: string, query: string): Promise<Listed[]> {
  const res = await fetch(`${url}/executions?${query}`);
  return ((await res.json()) as { executions: Listed[] }).executions;
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 600_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export default async function bench(
  concurrent = Number(process.argv[2] ?? 1000),
  clients = Number(process.argv[3] ?? 100),
  checkpoints = (process.argv[4] ?? '2000,6000').split(',').map(Number),
): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'dz-bench-dev-'));
  mkdirSync(join(dir, 'dsl'));
  mkdirSync(join(dir, 'services'));
  writeFileSync(join(dir, 'dsl', 'app.dsl'), DSL);
  writeFileSync(join(dir, 'services', 'check.ts'), SERVICE);
  const server = await startServer(dir);
  const pid = server.child.pid as number;
  try {
    // How many transitions an execution of `review` has made once it waits for its task.
    await start(server.url, 'review', -1);
    const parkedAt = await until(async () => {
      const res = await fetch(`${server.url}/tasks?status=open`, {
        headers: { 'x-dev-user': 'bench', 'x-dev-roles': 'manager' },
      });
      const tasks = ((await res.json()) as { tasks?: unknown[] }).tasks ?? [];
      if (tasks.length === 0) return undefined;
      return (await executions(server.url, 'process=review'))[0]?.transitions;
    }, 'the first task');

    // 1. concurrent starts.
    let cpu = cpuSeconds(pid);
    const t = performance.now();
    const statuses = await Promise.all(
      Array.from({ length: concurrent }, (_, i) => start(server.url, 'review', i)),
    );
    const burstSeconds = (performance.now() - t) / 1000;
    const errors = statuses.filter((s) => s !== 202);
    const kinds = [...new Set(errors.map(String))].join(', ');

    // 2. all parked: RSS.
    await until(async () => {
      const running = await executions(server.url, 'process=review&status=RUNNING');
      return running.length >= concurrent + 1 - errors.length &&
        running.every((d) => d.transitions >= parkedAt)
        ? true
        : undefined;
    }, 'every execution to wait for its task');
    const burstCpuMs = ((cpuSeconds(pid) - cpu) * 1000) / concurrent;
    await new Promise((r) => setTimeout(r, 2000));
    const parkedRss = rssMb(pid);

    // 3 and 4. Short executions at `clients` concurrent clients, up to each checkpoint of finished
    // executions; at each, once all have finished: RSS (the finished ones beyond the cap are gone).
    cpu = cpuSeconds(pid);
    let seconds = 0;
    let failed = 0;
    let done = 0;
    const finishedRss: number[] = [];
    for (const upTo of checkpoints) {
      const round = await startMany(server.url, 'quick', upTo - done, clients);
      seconds += round.seconds;
      failed += round.failed;
      done = upTo;
      await until(
        async () =>
          (await executions(server.url, 'process=quick&status=RUNNING')).length === 0 ? true : undefined,
        'the short executions to finish',
      );
      await new Promise((r) => setTimeout(r, 2000));
      finishedRss.push(rssMb(pid));
    }
    const rate = done / seconds;
    const startCpuMs = ((cpuSeconds(pid) - cpu) * 1000) / done;
    const kept = (await executions(server.url, 'process=quick')).length;
    const [first, last] = [finishedRss[0], finishedRss[finishedRss.length - 1]];
    const growth = (100 * (last - first)) / first;
    const [from, to] = [checkpoints[0], checkpoints[checkpoints.length - 1]];

    console.log(
      `devserver: ${concurrent} concurrent starts in ${burstSeconds.toFixed(1)} s, ${errors.length} errors${kinds ? ` (${kinds})` : ''}; ` +
        `${concurrent} parked on a human task: RSS ${parkedRss.toFixed(0)} MB; ` +
        `${done} starts at ${clients} clients: ${rate.toFixed(1)} starts/s${failed ? `, ${failed} failed` : ''} ` +
        `(${startCpuMs.toFixed(1)} CPU-ms per start and its execution; ${burstCpuMs.toFixed(1)} in the burst); ` +
        `finished kept ${kept} (cap ${KEEP_FINISHED}); RSS after ${checkpoints.map((n, i) => `${n} finished ${finishedRss[i].toFixed(0)} MB`).join(', ')}`,
    );
    return {
      'errors at 1000 concurrent starts': errors.length,
      'RSS with 1000 parked (MB)': Math.round(parkedRss),
      'starts/s at 100 clients': Number(rate.toFixed(1)),
      'CPU-ms per start': Number(startCpuMs.toFixed(2)),
      'finished kept over the cap': Math.max(0, kept - KEEP_FINISHED),
      [`RSS after ${from} finished (MB)`]: Math.round(first),
      [`RSS after ${to} finished (MB)`]: Math.round(last),
      'RSS growth over the finished checkpoints (%)': Number(growth.toFixed(1)),
    };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await bench();
