/**
 * The dev console on the dev server: the web page at `/` (for browsers: `Accept: text/html`; API
 * clients asking `/` for JSON still get the dev server's index), its assets under `/console/`, and
 * the read-only routes the page needs beyond DESIGN.md §6's API:
 *
 *   GET /console/api/processes                 workflows: triggers, inputs, tasks, flow picture
 *   GET /console/api/executions                executions with current states and duration
 *   GET /console/api/executions/{arn}/history  one execution: its state visits
 *   GET /console/api/stream                    server-sent `change` events when anything moves
 *
 * Everything that changes state (start, complete a task, put an event) goes through the same HTTP
 * API as every other client. The dev server mounts it with one line at the top of its handler:
 *
 *   if (await serveConsole(req, res, url, { runtime: this.rt, ir: this.ir })) return;
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { runStatus } from '../../compiler/contracts/runtime.ts';
import type { AppIR } from '../../compiler/ir/types.ts';
import { resolveParamSchedule } from '../../compiler/manifest/params.ts';
import type { ManifestWorkflow } from '../../compiler/manifest/schema.ts';
import { workflowLabels } from '../../compiler/tools/workflowAddress.ts';
import type { ExecutionDescription } from '../asl/index.ts';
import { sendJson } from '../aws/http.ts';
import type { LocalRuntime } from '../runtime.ts';
import { ASSET_BASE, DIST_DIR, ensureConsoleBuilt } from './build.ts';
import { diagramsFor } from './diagrams.ts';
import { runningStates, type StateVisit, stateVisits } from './history.ts';
import type { Execution } from './web/types.ts';

export interface ConsoleOptions {
  runtime: LocalRuntime;
  /** The IR of the compile the runtime is running (for the flow pictures; none without it). */
  ir?: AppIR;
  log?: (line: string) => void;
}

const API = `${ASSET_BASE}api/`;

/** Serves the request if it is the console's; returns false to leave it to the dev server. */
export async function serveConsole(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  options: ConsoleOptions,
): Promise<boolean> {
  const method = req.method ?? 'GET';
  const path = url.pathname;
  const wantsPage = path === '/' && /text\/html/.test(req.headers.accept ?? '');
  if (method !== 'GET' || !(wantsPage || path === '/console' || path.startsWith(ASSET_BASE))) return false;
  if (path.startsWith(API)) {
    await serveApi(path.slice(API.length), req, res, options);
    return true;
  }
  try {
    await ensureConsoleBuilt(options.log);
  } catch (error) {
    sendJson(res, 503, { error: { code: 'ConsoleNotBuilt', message: String(error) } });
    return true;
  }
  const file =
    wantsPage || path === '/console' || path === ASSET_BASE ? 'index.html' : path.slice(ASSET_BASE.length);
  serveFile(file, res);
  return true;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
};

function serveFile(file: string, res: ServerResponse): void {
  const path = normalize(join(DIST_DIR, decodeURIComponent(file)));
  if (!path.startsWith(DIST_DIR + sep) || !existsSync(path) || !statSync(path).isFile()) {
    sendJson(res, 404, { error: { code: 'NotFound', message: `no console file ${file}` } });
    return;
  }
  const hashed = file.startsWith('assets/');
  res.writeHead(200, {
    'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  createReadStream(path).pipe(res);
}

async function serveApi(route: string, req: IncomingMessage, res: ServerResponse, o: ConsoleOptions) {
  const rt = o.runtime;
  if (route === 'processes') return sendJson(res, 200, processes(rt, o));
  if (route === 'executions') return sendJson(res, 200, { executions: executions(rt) });
  if (route === 'stream') return stream(req, res, rt);
  const history = /^executions\/([^/]+)\/history$/.exec(route);
  if (history) {
    const arn = decodeURIComponent(history[1]);
    const all = rt.engine.listExecutions();
    const found = all.find((d) => d.executionArn === arn || d.name === arn);
    if (!found) return sendJson(res, 404, { error: { code: 'NotFound', message: `no execution ${arn}` } });
    const visits = stateVisits(rt.engine.getExecutionHistory(found.executionArn));
    const children = all
      .filter((d) => d.parentExecutionArn === found.executionArn)
      .map((d) => {
        const { id, name, process, status } = summary(rt, d, []);
        return { id, name, process, status };
      });
    return sendJson(res, 200, { execution: summary(rt, found, visits), states: visits, children });
  }
  sendJson(res, 404, { error: { code: 'NotFound', message: `no console route ${route}` } });
}

type Field = ManifestWorkflow['inputs'][number];

function processes(rt: LocalRuntime, o: ConsoleOptions) {
  const diagrams = diagramsFor(o.ir, o.log);
  const next = new Map(rt.upcomingSchedules().map((s) => [s.id, s.next?.toISOString()]));
  const workflows = rt.artifacts.manifest.workflows;
  const labels = workflowLabels(workflows);
  return {
    event_source: rt.eventSource,
    workflows: workflows.map((w, i) => ({
      id: w.id,
      name: w.name,
      kind: w.kind,
      label: labels[i],
      title: w.title,
      description: w.description,
      workflow_type: w.workflow_type,
      timeout_seconds: w.timeout_seconds,
      // Patterns hold deploy-time placeholders; the page describes triggers from the other fields.
      triggers: w.triggers.map(({ ...t }) => {
        if ('pattern' in t) delete (t as { pattern?: unknown }).pattern;
        return t;
      }),
      schedules: w.schedules.map((s) => {
        // A `param(…)` schedule's values as the runtime armed it (none when a param has no value).
        const resolved = resolveParamSchedule(w.id, s, rt.params);
        return { ...s, next: next.get(s.id), ...(resolved && { resolved }) };
      }),
      inputs: w.inputs satisfies Field[],
      outputs: w.outputs,
      human_tasks: w.human_tasks.map((t) => ({
        step: t.step,
        title: t.title,
        role: t.role,
        surface: t.surface,
      })),
      signals: w.signals,
      emits: w.emits,
      subprocesses: w.references.subprocesses,
      entities: w.references.entities,
      diagram: diagrams.get(w.id),
    })),
  };
}

/** The label of the execution's workflow (its name, or `schedule:x` when a process is also `x`). */
function processOf(rt: LocalRuntime, d: ExecutionDescription): string {
  const workflows = rt.artifacts.manifest.workflows;
  const workflow = rt.workflowOfArn(d.stateMachineArn);
  const i = workflow ? workflows.indexOf(workflow) : -1;
  return i < 0 ? (d.stateMachineArn.split(':').at(-1) ?? '') : workflowLabels(workflows)[i];
}

function summary(rt: LocalRuntime, d: ExecutionDescription, visits: readonly StateVisit[]): Execution {
  const end = d.stopDate?.getTime() ?? Date.now();
  const running = d.status === 'RUNNING' ? runningStates(visits) : [];
  const workflow = rt.workflowOfArn(d.stateMachineArn);
  return {
    id: d.executionArn,
    name: d.name,
    process: processOf(rt, d),
    ...(workflow && { workflow: workflow.id }),
    // Step Functions says SUCCEEDED for a run its overlap lock skipped; the console says SKIPPED.
    ...runStatus(d.status, d.output),
    start_time: d.startDate.toISOString(),
    ...(d.stopDate && { stop_time: d.stopDate.toISOString() }),
    duration_ms: end - d.startDate.getTime(),
    transitions: d.transitions,
    ...(d.redriveCount > 0 && { redrive_count: d.redriveCount }),
    current: running,
    input: d.input,
    ...(d.output !== undefined && { output: d.output }),
    ...(d.error && { error: d.error, cause: d.cause }),
    ...(d.parentExecutionArn && { parent: d.parentExecutionArn }),
  };
}

function executions(rt: LocalRuntime) {
  return rt.engine
    .listExecutions()
    .sort((a, b) => b.startDate.getTime() - a.startDate.getTime())
    .map((d) =>
      summary(
        rt,
        d,
        d.status === 'RUNNING' ? stateVisits(rt.engine.getExecutionHistory(d.executionArn)) : [],
      ),
    );
}

const generations = new WeakMap<object, number>();
let lastGeneration = 0;
/** Which compile output the runtime runs (a DSL reload swaps it). */
function definitionsVersion(rt: LocalRuntime): number {
  let n = generations.get(rt.artifacts);
  if (n === undefined) {
    n = ++lastGeneration;
    generations.set(rt.artifacts, n);
  }
  return n;
}

/** Something moved: an execution started, ended or took a transition, or an event was put. */
function fingerprint(rt: LocalRuntime): string {
  let transitions = 0;
  let running = 0;
  const all = rt.engine.listExecutions();
  for (const d of all) {
    transitions += d.transitions;
    if (d.status === 'RUNNING') running++;
  }
  return `${definitionsVersion(rt)}/${all.length}/${running}/${transitions}/${rt.bus.events.length}`;
}

const STREAM_CHECK_MS = 250;
const STREAM_KEEPALIVE_MS = 15_000;

function stream(req: IncomingMessage, res: ServerResponse, rt: LocalRuntime): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  res.write('retry: 1000\n\n');
  let last = '';
  let quiet = 0;
  const check = () => {
    let now: string;
    try {
      now = fingerprint(rt);
    } catch {
      return; // the runtime is closing
    }
    quiet += STREAM_CHECK_MS;
    if (now !== last) {
      last = now;
      quiet = 0;
      res.write(`event: change\ndata: ${JSON.stringify({ definitions: definitionsVersion(rt) })}\n\n`);
    } else if (quiet >= STREAM_KEEPALIVE_MS) {
      quiet = 0;
      res.write(': keep-alive\n\n');
    }
  };
  check();
  const timer = setInterval(check, STREAM_CHECK_MS);
  timer.unref();
  const stop = () => clearInterval(timer);
  req.on('close', stop);
  res.on('close', stop);
}
