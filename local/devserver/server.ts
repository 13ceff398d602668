/**
 * The dev server (`dazzle-sfn dev`, `npm start`): DESIGN.md §6's HTTP API on 127.0.0.1, each route
 * served by the real API handler Lambda (API Gateway v2 events built from the request, dev auth on),
 * plus the local console routes `POST /events`, `GET /events` and `GET /executions`. Reloads when
 * the DSL changes; service modules are re-imported when they change.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  type AccessConfig,
  accessSubjects,
  checkAccess,
  mayReadExecution,
  taskRolesOf,
} from '../../compiler/contracts/access.ts';
import { runStatus } from '../../compiler/contracts/runtime.ts';
import type { CompileArtifacts } from '../../compiler/index.ts';
import type { AppIR } from '../../compiler/ir/types.ts';
import { ParamError } from '../../compiler/manifest/params.ts';
import { manualStarter } from '../../lambdas/run-record/core.ts';
import { documentClient } from '../../lambdas/shared/adapters/dynamo.ts';
import { DynamoEntityStore } from '../../lambdas/shared/adapters/dynamo-entity-store.ts';
import { parseRoles } from '../../lambdas/shared/auth.ts';
import { eventEntrySize, MAX_EVENT_ENTRY_BYTES } from '../../lambdas/shared/event-size.ts';
import { type HttpResponse, jsonDepth, MAX_JSON_DEPTH } from '../../lambdas/shared/http.ts';
import { apiGatewayEvent } from '../api-event.ts';
import { ExecutionNotRedrivable, type ExecutionStatus } from '../asl/index.ts';
import { BodyTooLarge, closeServer, listen, loopbackServer, readBody, sendJson } from '../aws/http.ts';
import type { BusEvent } from '../bus/bus.ts';
import type { LocalCompile } from '../compile.ts';
import { serveConsole } from '../console/api.ts';
import { LOCAL_TABLES } from '../dynamo.ts';
import type { ApiHandlers } from '../functions/handlers.ts';
import { referencedServices } from '../names.ts';
import { LocalRuntime, type RuntimeLog } from '../runtime.ts';
import { StateDirError } from '../state-dir.ts';
import { UnknownWorkflow } from '../workflows.ts';
import { whyNothingStarted } from './events.ts';
import { accessSummary, curlWalkthrough, startupSummary } from './walkthrough.ts';
import { watchPaths } from './watch.ts';

export interface DevServerOptions {
  /** Reads and compiles the inputs (called at start and on every change). */
  compile: () => LocalCompile;
  /** Files and directories to watch for DSL changes. */
  watch?: readonly string[];
  servicesDir?: string;
  /** @default 3000 */
  port?: number;
  out: (line: string) => void;
  err: (line: string) => void;
  /** Log each state entered. @default true */
  transitions?: boolean;
  /** Arm cron/interval schedules (with catch-up). @default true */
  schedules?: boolean;
  /** 'bedrock' answers llm_intent steps with Amazon Bedrock. @default the local model */
  llm?: 'local' | 'bedrock';
  /** Deploy-time param values (schedule cron/timezone/timeout). @default {} */
  params?: Readonly<Record<string, string>>;
  /** Finished executions kept in memory (LocalRuntimeOptions.keepFinished). @default 1000 */
  keepFinished?: number;
  /** Keep the state on disk there, across restarts (LocalRuntimeOptions.stateDir). @default in memory */
  stateDir?: string;
  /** Where the params came from (`params from cdk.json stage dev: …`), for the startup summary. */
  paramsSummary?: readonly string[];
  /**
   * The stage's access rules (`stages.<stage>.access` of cdk.json), enforced by the API handlers
   * as in AWS. @default {} — any caller starts, no signal over HTTP, no admin role
   */
  access?: AccessConfig;
  /** The cdk.json stage the settings came from, for messages. */
  stage?: string;
}

export class DevServerError extends Error {
  override readonly name = 'DevServerError';
}

type Route = { method: string; path: RegExp; api?: keyof ApiHandlers; local?: LocalRoute };
type LocalRoute = (req: IncomingMessage, url: URL, body: string) => Promise<HttpResponse>;

const json = (statusCode: number, body: unknown): HttpResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export class DevServer {
  private runtime?: LocalRuntime;
  /** The IR of the definitions the runtime is running (the console draws it). */
  private ir?: AppIR;
  private readonly server: Server;
  private stopWatching: (() => void)[] = [];
  private port = 0;
  private readonly routes: Route[];

  constructor(private readonly options: DevServerOptions) {
    // Idle connections are left for the clients to close (loopbackServer): a server-side keep-alive
    // timeout races clients reusing a connection under load, and they get ECONNRESET.
    this.server = loopbackServer(
      createServer((req, res) => {
        this.handle(req, res).catch((error: unknown) => {
          this.options.err(`request failed: ${String(error)}`);
          if (!res.headersSent) sendJson(res, 500, { error: { code: 'Internal', message: String(error) } });
        });
      }),
    );
    this.routes = [
      { method: 'POST', path: /^\/processes\/[^/]+\/executions\/?$/, api: 'start' },
      { method: 'GET', path: /^\/executions\/?$/, local: (_req, url) => this.listExecutions(url) },
      { method: 'GET', path: /^\/executions\/[^/]+\/?$/, api: 'runs' },
      {
        method: 'POST',
        path: /^\/executions\/[^/]+\/(stop|redrive)\/?$/,
        local: (req, url, body) => this.controlExecution(req, url, body),
      },
      { method: 'GET', path: /^\/tasks(\/[^/]+)?\/?$/, api: 'tasks' },
      { method: 'POST', path: /^\/tasks\/[^/]+\/complete\/?$/, api: 'tasks' },
      { method: 'POST', path: /^\/signals\/[^/]+\/?$/, api: 'signals' },
      { method: 'POST', path: /^\/events\/?$/, local: (_req, _url, body) => this.putEvent(body) },
      {
        method: 'GET',
        path: /^\/events\/?$/,
        local: async () => json(200, { events: this.rt.bus.events.slice(-100) }),
      },
      { method: 'GET', path: /^\/$/, local: async () => json(200, this.index()) },
    ];
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The running local runtime (tests reach the engine and the bus through it). */
  get rt(): LocalRuntime {
    if (!this.runtime) throw new DevServerError('the dev server is not running');
    return this.runtime;
  }

  async start(): Promise<void> {
    const compiled = this.compile();
    for (const e of compiled.errors) this.options.err(e);
    if (!compiled.artifacts)
      throw new DevServerError(`${compiled.errorCount} compile error(s); fix them and start again`);
    const accessErrors = this.checkAccess(compiled.artifacts);
    if (accessErrors.length > 0) throw new DevServerError(accessErrors.join('\n'));
    const log: RuntimeLog = {
      info: (line) => this.options.out(`${time()} ${line}`),
      warn: (line) => this.options.err(`${time()} warning: ${line}`),
    };
    try {
      this.runtime = await LocalRuntime.start({
        artifacts: compiled.artifacts,
        servicesDir: this.options.servicesDir,
        transitions: this.options.transitions ?? true,
        schedules: this.options.schedules ?? true,
        ...(this.options.llm === 'bedrock' && { model: 'bedrock' as const }),
        params: this.options.params,
        access: this.options.access ?? {},
        keepFinished: this.options.keepFinished,
        stateDir: this.options.stateDir,
        log,
      });
    } catch (error) {
      if (error instanceof ParamError || error instanceof StateDirError)
        throw new DevServerError(error.message);
      if (this.options.stateDir && /LOCK|lock/.test(String(error)))
        throw new DevServerError(
          `the state directory ${this.options.stateDir} is in use by another dev server (${String(error)})`,
        );
      throw error;
    }
    this.ir = compiled.ir;
    try {
      this.port = await listen(this.server, this.options.port ?? 3000);
    } catch (error) {
      await this.runtime.close();
      const code = (error as { code?: string }).code;
      throw new DevServerError(
        code === 'EADDRINUSE'
          ? `port ${this.options.port ?? 3000} is in use; pass --port N (0 picks a free port)`
          : String(error),
      );
    }
    const manifest = compiled.artifacts.manifest;
    const missing = referencedServices(manifest).filter((s) => {
      try {
        return !this.rt.services.fileOf(s);
      } catch {
        return true; // two modules for one service: its invocations say which (AmbiguousServiceModule)
      }
    });
    this.options.out(
      startupSummary(
        manifest,
        this.url,
        this.options.servicesDir,
        missing,
        [
          ...(this.options.paramsSummary ?? []),
          ...accessSummary(this.options.access ?? {}, this.options.stage),
        ],
        this.options.params,
      ),
    );
    this.options.out(
      this.options.stateDir
        ? `state: ${this.options.stateDir} — executions, tasks, signal waits, locks and entities survive a restart`
        : 'state: in memory only — executions, tasks, signal waits, locks and entities are gone after a restart (--state-dir DIR keeps them)',
    );
    this.options.out('');
    this.options.out(curlWalkthrough(manifest, this.url, this.options.access ?? {}));
    this.options.out('');
    this.options.out(`console: open ${this.url}/ in a browser`);
    this.options.out(`${time()} ready on ${this.url} (Ctrl-C stops)`);
    if (this.options.watch?.length) {
      this.stopWatching.push(
        watchPaths(
          this.options.watch,
          (f) => f.endsWith('.dsl') || f.endsWith('processes.json'),
          (files) => this.reload(files),
        ),
      );
    }
    if (this.options.servicesDir) {
      this.stopWatching.push(
        watchPaths(
          [this.options.servicesDir],
          (f) => /\.(ts|mts|js|mjs)$/.test(f),
          (files) => {
            this.rt.reloadServices();
            this.options.out(
              `${time()} services changed (${files.join(', ')}): new invocations run the new code; running ones finish on the old`,
            );
          },
        ),
      );
    }
  }

  async close(): Promise<void> {
    for (const stop of this.stopWatching) stop();
    this.stopWatching = [];
    await closeServer(this.server);
    await this.runtime?.close();
    this.runtime = undefined;
  }

  private async reload(files: string[]): Promise<void> {
    this.options.out(`${time()} ${files.join(', ')} changed: recompiling`);
    const compiled = this.compile();
    for (const e of compiled.errors) this.options.err(e);
    if (!compiled.artifacts) {
      this.options.err(
        `${time()} ${compiled.errorCount} compile error(s): still running the previous definitions`,
      );
      return;
    }
    const accessErrors = this.checkAccess(compiled.artifacts);
    if (accessErrors.length > 0) {
      for (const e of accessErrors) this.options.err(e);
      this.options.err(
        `${time()} the stage's access rules do not fit: still running the previous definitions`,
      );
      return;
    }
    try {
      const { continuing } = await this.rt.reload(compiled.artifacts);
      this.ir = compiled.ir;
      const n = compiled.artifacts.manifest.workflows.length;
      this.options.out(
        `${time()} reloaded ${n} workflow${n === 1 ? '' : 's'}` +
          (continuing > 0
            ? `; ${continuing} running execution${continuing === 1 ? '' : 's'} continue${continuing === 1 ? 's' : ''} on the definitions ${continuing === 1 ? 'it' : 'they'} started with`
            : ''),
      );
    } catch (error) {
      this.options.err(`${time()} reload failed: ${String(error)}`);
    }
  }

  /** The stage's access rules against the app, as synth checks them: errors returned, warnings printed. */
  private checkAccess(artifacts: CompileArtifacts): string[] {
    const where = `cdk.json: stages.${this.options.stage ?? 'dev'}.access`;
    const report = checkAccess(this.options.access ?? {}, accessSubjects(artifacts.manifest), where);
    for (const w of report.warnings) this.options.err(`warning: ${w}`);
    return report.errors;
  }

  /** Compiles the inputs; a failure to read or compile them is a compile error, never a crash. */
  private compile(): LocalCompile {
    try {
      return this.options.compile();
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      return {
        ir: { processes: [], schedules: [], stories: [] },
        errors: [`error: the inputs could not be compiled: ${e.name}: ${e.message}`],
        errorCount: 1,
        warnings: 0,
      };
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (
      await serveConsole(req, res, url, {
        runtime: this.rt,
        ir: this.ir,
        log: this.options.out,
      })
    )
      return;
    let body: string;
    try {
      body = await readBody(req);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      sendJson(res, 413, { error: { code: 'PayloadTooLarge', message: error.message } });
      return;
    }
    const method = (req.method ?? 'GET').toUpperCase();
    const matches = this.routes.filter((r) => r.path.test(url.pathname));
    const route = matches.find((r) => r.method === method);
    let response: HttpResponse;
    if (!route)
      response =
        matches.length > 0
          ? json(405, {
              error: { code: 'MethodNotAllowed', message: `${method} ${url.pathname} is not allowed` },
            })
          : json(404, { error: { code: 'NotFound', message: `no route ${url.pathname}` } });
    else if (route.api) {
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(',') : v;
      const event = apiGatewayEvent({ method, url: req.url ?? '/', headers, body });
      response = await this.rt.api[route.api](event);
    } else response = await (route.local as LocalRoute)(req, url, body);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(response.headers ?? {})) headers[k] = String(v);
    res.writeHead(response.statusCode, headers);
    res.end(response.body);
    this.options.out(
      `${time()} ${method} ${url.pathname}${url.search} → ${response.statusCode} (${Date.now() - started} ms)`,
    );
  }

  private index() {
    return {
      workflows: this.rt.artifacts.manifest.workflows.map((w) => ({
        id: w.id,
        name: w.name,
        kind: w.kind,
        triggers: w.triggers,
      })),
      schedules: this.rt.upcomingSchedules(),
    };
  }

  private async listExecutions(url: URL): Promise<HttpResponse> {
    const address = url.searchParams.get('process') ?? undefined;
    const status = (url.searchParams.get('status') ?? undefined) as ExecutionStatus | undefined;
    // `?process=x` (or `process:x` / `schedule:x` where both exist): a 400 naming both when ambiguous.
    let machine: string | undefined;
    if (address !== undefined) {
      try {
        machine = this.rt.stateMachineArn(address);
      } catch (error) {
        if (!(error instanceof UnknownWorkflow)) throw error;
        return json(error.ambiguous ? 400 : 404, {
          error: { code: error.ambiguous ? 'AmbiguousName' : 'NotFound', message: error.message },
        });
      }
    }
    const all = this.rt.engine
      .listExecutions({ status })
      .filter((d) => machine === undefined || d.stateMachineArn === machine)
      .sort((a, b) => b.startDate.getTime() - a.startDate.getTime());
    return json(200, {
      executions: all.map((d) => ({
        id: d.executionArn,
        name: d.name,
        process: this.rt.workflowOfArn(d.stateMachineArn)?.name ?? d.stateMachineArn.split(':').at(-1),
        kind: this.rt.workflowOfArn(d.stateMachineArn)?.kind,
        ...runStatus(d.status, d.output),
        start_time: d.startDate.toISOString(),
        ...(d.stopDate && { stop_time: d.stopDate.toISOString() }),
        ...(d.output !== undefined && { output: d.output }),
        ...(d.error && { error: d.error, cause: d.cause }),
        transitions: d.transitions,
      })),
    });
  }

  /**
   * `POST /executions/{id}/stop` `{error?, cause?}` and `POST /executions/{id}/redrive`: Step
   * Functions' StopExecution and RedriveExecution for the execution's starter and the stage's
   * admin role; a caller who may read it but not control it gets 403, anyone else the 404 of an
   * unknown id (the read rule of `GET /executions/{id}`).
   */
  private async controlExecution(req: IncomingMessage, url: URL, body: string): Promise<HttpResponse> {
    const [, , rawId, action] = url.pathname.replace(/\/$/, '').split('/');
    const user = req.headers['x-dev-user'];
    if (typeof user !== 'string' || user === '')
      return json(401, { error: { code: 'Unauthorized', message: 'no X-Dev-User header (dev auth)' } });
    const caller = { ids: [user], roles: parseRoles(req.headers['x-dev-roles'] ?? '') };
    let id: string;
    try {
      id = decodeURIComponent(rawId);
    } catch {
      return json(400, { error: { code: 'BadRequest', message: 'malformed % escape in the execution id' } });
    }
    const notFound = json(404, { error: { code: 'NotFound', message: `no execution ${id}` } });
    const d = this.rt.engine.listExecutions().find((e) => e.executionArn === id || e.name === id);
    if (!d) return notFound;
    const access = this.options.access ?? {};
    const workflow = this.rt.workflowOfArn(d.stateMachineArn);
    const startedBy = manualStarter(JSON.stringify(d.input));
    const taskRoles = workflow ? taskRolesOf(workflow) : [];
    if (!mayReadExecution(access, caller, { startedBy, taskRoles })) return notFound;
    if (!mayReadExecution(access, caller, { startedBy, taskRoles: [] }))
      return json(403, {
        error: {
          code: 'Forbidden',
          message: `only the starter or the admin role may ${action} an execution`,
        },
      });
    if (action === 'stop') {
      if (d.status !== 'RUNNING')
        return json(409, {
          error: { code: 'ExecutionNotRunning', message: `execution ${d.name} is ${d.status}, not RUNNING` },
        });
      let given: { error?: unknown; cause?: unknown } = {};
      try {
        given = body ? JSON.parse(body) : {};
      } catch {
        return json(400, { error: { code: 'BadRequest', message: 'request body is not valid JSON' } });
      }
      const { stopDate } = this.rt.engine.stopExecution(d.executionArn, {
        error: typeof given.error === 'string' ? given.error : undefined,
        cause: typeof given.cause === 'string' ? given.cause : `stopped by ${user}`,
      });
      return json(200, { stopDate: stopDate.toISOString() });
    }
    try {
      const { redriveDate } = this.rt.engine.redriveExecution(d.executionArn);
      return json(200, { redriveDate: redriveDate.toISOString() });
    } catch (error) {
      if (!(error instanceof ExecutionNotRedrivable)) throw error;
      return json(409, { error: { code: 'ExecutionNotRedrivable', message: error.message } });
    }
  }

  /**
   * `POST /events` `{detail-type, detail, source?, id?}`: puts one event on the bus (an `id` already
   * seen simulates EventBridge redelivering it). Entity events also write the entity into the local
   * entity store, so the steps that read or update it find it. When nothing started, `reason` says why.
   */
  private async putEvent(body: string): Promise<HttpResponse> {
    let parsed: Record<string, unknown>;
    if (jsonDepth(body) > MAX_JSON_DEPTH)
      return json(400, {
        error: { code: 'BadRequest', message: `request body is nested deeper than ${MAX_JSON_DEPTH} levels` },
      });
    try {
      parsed = JSON.parse(body || '{}');
    } catch {
      return json(400, { error: { code: 'BadRequest', message: 'request body is not valid JSON' } });
    }
    const detailType = parsed['detail-type'] ?? parsed.detailType;
    const detail = parsed.detail;
    if (
      typeof detailType !== 'string' ||
      detail === null ||
      typeof detail !== 'object' ||
      Array.isArray(detail)
    )
      return json(400, {
        error: {
          code: 'BadRequest',
          message: 'expected {"detail-type": string, "detail": object, "source"?, "id"?}',
        },
      });
    const source = typeof parsed.source === 'string' ? parsed.source : this.rt.eventSource;
    const size = eventEntrySize({ Source: source, DetailType: detailType, Detail: JSON.stringify(detail) });
    if (size > MAX_EVENT_ENTRY_BYTES)
      return json(400, {
        error: {
          code: 'BadRequest',
          message: `the event is ${size} bytes; EventBridge takes entries up to ${MAX_EVENT_ENTRY_BYTES}`,
        },
      });
    const event: BusEvent = this.rt.bus.event(
      detailType,
      detail as Record<string, unknown>,
      source,
      typeof parsed.id === 'string' && parsed.id !== '' ? parsed.id : undefined,
    );
    if (/^Entity(Created|Updated|StatusChanged)$/.test(detailType)) await this.upsertEntity(event);
    // By ARN, not by count: finished executions beyond the cap are dropped meanwhile.
    const before = new Set(this.rt.engine.listExecutions().map((d) => d.executionArn));
    await this.rt.bus.deliver(event);
    const started = this.rt.engine
      .listExecutions()
      .map((d) => d.executionArn)
      .filter((arn) => !before.has(arn));
    if (started.length > 0) return json(202, { id: event.id, started });
    return json(202, {
      id: event.id,
      started,
      reason: whyNothingStarted(this.rt.artifacts.manifest, this.rt.eventSource, event),
    });
  }

  private async upsertEntity(event: BusEvent): Promise<void> {
    const d = event.detail;
    if (typeof d.entity !== 'string' || (typeof d.id !== 'string' && typeof d.id !== 'number')) return;
    const id = String(d.id);
    const data =
      d.data !== null && typeof d.data === 'object' ? { ...(d.data as Record<string, unknown>) } : {};
    if (typeof d.to_status === 'string') data.status = d.to_status;
    delete data.id;
    const store = new DynamoEntityStore(documentClient(), LOCAL_TABLES.entity);
    if (!(await store.create(d.entity, id, data)) && Object.keys(data).length > 0)
      await store.update(d.entity, [{ field: 'id', op: 'eq', value: id }], data);
  }
}

function time(): string {
  return new Date().toISOString().slice(11, 19);
}
