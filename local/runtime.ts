/**
 * The embedded local runtime: the compiled state machines on the ASL engine, the real handler
 * Lambdas in-process (talking to local AWS-protocol endpoints through real SDK clients), dynalite
 * for DynamoDB, the app's event bus with the manifest's rules, and the schedulers.
 *
 *   engine ──lambda:invoke──▶ services/<name>.ts | lambdas/<handler> (in-process)
 *          ──events:putEvents──▶ bus ──rules──▶ engine.startExecution / signal-deliver / run-record
 *          ──dynamodb:*──▶ dynalite
 *   handlers ──SDK (AWS_ENDPOINT_URL_*)──▶ local endpoint ──▶ engine (SFN) | bus (EventBridge)
 *                                                          | one-time schedules (Scheduler)
 *
 * The handlers read the process environment, so one runtime runs per process at a time.
 */

import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AccessConfig } from '../compiler/contracts/access.ts';
import { qualifiedName } from '../compiler/contracts/names.ts';
import type { ExecutionInput } from '../compiler/contracts/runtime.ts';
import { STATE_KEYS } from '../compiler/contracts/runtime.ts';
import {
  routerScheduleInput,
  TRIGGER_ROUTER_NAME,
  triggerRouterDefinition,
} from '../compiler/emit/router.ts';
import type { CompileArtifacts } from '../compiler/index.ts';
import {
  MissingParam,
  type ParamValues,
  resolveTimeoutSeconds,
  timeoutParamKey,
} from '../compiler/manifest/params.ts';
import { placeholderTargets } from '../compiler/manifest/placeholders.ts';
import type { ManifestWorkflow } from '../compiler/manifest/schema.ts';
import { manualStarter } from '../lambdas/run-record/core.ts';
import { setSdkRequestHandler } from '../lambdas/shared/adapters/client-config.ts';
import { documentClient } from '../lambdas/shared/adapters/dynamo.ts';
import { DynamoScheduleRuns } from '../lambdas/shared/adapters/dynamo-schedule-runs.ts';
import {
  AslEngine,
  type Clock,
  dynamoDbFromClient,
  ExecutionAlreadyExists,
  type ExecutionDescription,
  functionNameOf,
  type HistoryEventType,
  type IntegrationContext,
  type LambdaInvokeResult,
  RealClock,
} from './asl/index.ts';
import { LocalAwsEndpoint } from './aws/endpoint.ts';
import { InProcessTransport } from './aws/in-process.ts';
import { type BusEvent, LocalEventBus } from './bus/bus.ts';
import { builtInRules, type RuleTargets, triggerRules } from './bus/rules.ts';
import { LOCAL_TABLES, type LocalDynamo, startDynamo } from './dynamo.ts';
import { bedrockClient, endpointEnv, handlerEnv, LOCAL_AWS_ENV, LOCAL_CREDENTIALS, setEnv } from './env.ts';
import {
  enteredLine,
  handlerLog,
  type RuntimeLog,
  silentRuntimeLog,
  statusChangeDetail,
  statusLine,
} from './execution-log.ts';
import { type FakeModel, localModel } from './functions/fake-llm.ts';
import {
  type ApiHandlers,
  apiHandlers,
  type HandlerFunctions,
  handlerFunctions,
} from './functions/handlers.ts';
import { answerScripted, type ScriptedAnswers } from './functions/script.ts';
import { ServicePool } from './functions/service-pool.ts';
import { invokeHandler, type LambdaHandler, ServiceDirectory } from './functions/services.ts';
import {
  DEFAULT_EVENT_SOURCE,
  functionArn,
  functionKind,
  LOCAL_ACCOUNT,
  LOCAL_REGION,
  localMachineName,
  stateMachineArn,
  substitutionsFor,
} from './names.ts';
import { OneTimeSchedules } from './schedule/one-time.ts';
import { type RecurringSchedule, RecurringScheduler, scheduleConfigs } from './schedule/recurring.ts';
import { StateDir } from './state-dir.ts';
import { findWorkflow } from './workflows.ts';

export type { RuntimeLog } from './execution-log.ts';
export { silentRuntimeLog } from './execution-log.ts';
export type { ScriptedAnswers } from './functions/script.ts';

export interface LocalRuntimeOptions {
  artifacts: CompileArtifacts;
  /** Directory of service modules `<service>.{ts,js,mjs}` (and `intents/<intent>.ts` answers). */
  servicesDir?: string;
  /** Service handlers given directly (tests, embedding); they win over `servicesDir` and run in-process. */
  serviceHandlers?: Record<string, LambdaHandler>;
  /** Worker threads running service modules at once (see ServicePool). @default 4 */
  serviceWorkers?: number;
  /**
   * Keep the state in this directory (`dev --state-dir`, local/state-dir.ts): a runtime started again
   * on it carries on — executions resumed where they were, tasks, signal waits, locks, run records,
   * entities and pending escalations as they were. @default in memory only
   */
  stateDir?: string;
  /**
   * Finished executions kept in memory (describe, history, `GET /executions`, the console), the
   * oldest dropped first, so that a long session stays bounded: their invocations go with them, and
   * so do their run records unless `stateDir` keeps DynamoDB on disk.
   * @default 1000
   */
  keepFinished?: number;
  /** @default a RealClock */
  clock?: Clock;
  /** `source` of the app's events. @default 'dazzle.app' */
  eventSource?: string;
  /** Route events to the manifest's trigger rules. @default true */
  triggers?: boolean;
  /** Arm cron and interval schedules. @default false */
  schedules?: boolean;
  /** Run schedule catch-up when arming the schedules. @default true */
  catchUp?: boolean;
  /**
   * The LLM behind llm_intent steps: a deterministic local model by default; 'bedrock' calls Amazon
   * Bedrock with the intents of `DAZZLE_INTENTS` (or `..._FILE`) and the AWS credentials the
   * process had before the runtime replaced them with local ones (access keys from the environment).
   */
  model?: FakeModel | 'bedrock';
  log?: RuntimeLog;
  /** Log each state entered (dev server). @default false */
  transitions?: boolean;
  script?: ScriptedAnswers;
  /** Seed of the engine's randomness (jitter, tokens, generated names). @default 1 on a virtual clock */
  seed?: number;
  /**
   * Values of the deploy-time params (`param("key")`: schedule cron, timezone, timeout), as the
   * construct's `params` prop. A schedule or timeout whose param has no value is skipped with a
   * warning (the compiled timeout stays); an invalid value fails start and reload (`InvalidParam`).
   * @default {}
   */
  params?: ParamValues;
  /**
   * The stage's access rules (`stages.<stage>.access` of cdk.json), as infra gives them to the
   * handlers. @default {} — any caller starts, no signal over HTTP, no admin role
   */
  access?: AccessConfig;
}

/** The compile output made ready to load: definitions with param timeouts, the handler env. */
interface Prepared {
  artifacts: CompileArtifacts;
  definitions: Map<string, Record<string, unknown>>;
  env: Record<string, string>;
}

/** One Lambda invocation, as the runtime saw it. */
export interface Invocation {
  function: string;
  /** Engine clock time (ms since the epoch). */
  at: number;
  execution: string;
  state: string;
  payload: unknown;
  error?: string;
}

/** Invocations kept (oldest dropped first), so a long dev session does not grow without bound. */
const MAX_INVOCATIONS = 10_000;
/** Dropped executions whose leftovers are released together (DynamoDB's BatchWriteItem takes 25). */
const FORGET_BATCH = 25;
/** Lambda's own limit, for a service whose state has no TimeoutSeconds. */
const MAX_FUNCTION_MS = 900_000;
/** How often the state directory is brought up to date (when something changed). */
const STATE_SAVE_MS = 1000;
/** Finished executions kept in memory by default. */
export const DEFAULT_KEEP_FINISHED = 1000;
/** How long an `intents/<intent>.ts` answer may take (it stands in for the model call). */
const INTENT_ANSWER_MS = 30_000;

export class LocalRuntime {
  readonly clock: Clock;
  readonly bus: LocalEventBus;
  readonly oneTime: OneTimeSchedules;
  readonly invocations: Invocation[] = [];
  readonly services: ServiceDirectory;
  /** The worker threads that run the service modules. */
  readonly pool: ServicePool;
  readonly eventSource: string;
  engine!: AslEngine;
  artifacts!: CompileArtifacts;
  functions!: HandlerFunctions;
  api!: ApiHandlers;
  private readonly log: RuntimeLog;
  private readonly recurring: RecurringScheduler;
  private readonly model?: FakeModel;
  private endpoint?: LocalAwsEndpoint;
  private transport?: InProcessTransport;
  private dynamo?: LocalDynamo;
  /** The compile output registered in the engine. */
  private prepared?: Prepared;
  private state?: StateDir;
  /** Something changed since the state was last saved. */
  private dirty = false;
  private saveTimer?: NodeJS.Timeout;
  private savedSchedules = '[]';
  private closed = false;
  /** Finished executions dropped beyond the cap whose leftovers are not released yet (see `forget`). */
  private forgotten: string[] = [];

  private constructor(private readonly options: LocalRuntimeOptions) {
    this.clock = options.clock ?? new RealClock();
    this.log = options.log ?? silentRuntimeLog;
    this.eventSource = options.eventSource ?? DEFAULT_EVENT_SOURCE;
    this.services = new ServiceDirectory(options.servicesDir);
    this.pool = new ServicePool({ maxWorkers: options.serviceWorkers, warn: (m) => this.log.warn(m) });
    this.bus = new LocalEventBus(this.clock, (m) => this.log.warn(m));
    this.oneTime = new OneTimeSchedules(
      this.clock,
      (arn, payload) => this.invokeFunction(functionNameOf(arn), payload),
      (m) => this.log.warn(m),
    );
    this.recurring = new RecurringScheduler(
      this.clock,
      { start: (schedule, slot) => this.startSlot(schedule, slot) },
      { lastSlot: async () => undefined, record: (s, slot, now) => this.scheduleRuns().record(s, slot, now) },
      (m) => this.log.warn(m),
    );
    if (options.model !== 'bedrock')
      this.model = options.model ?? localModel((intent) => this.intentAnswer(intent));
  }

  /** Starts dynalite, the endpoints and the engine, registers every workflow, arms rules and schedules. */
  static async start(options: LocalRuntimeOptions): Promise<LocalRuntime> {
    const runtime = new LocalRuntime(options);
    try {
      await runtime.boot();
    } catch (error) {
      await runtime.close();
      throw error;
    }
    return runtime;
  }

  private async boot(): Promise<void> {
    setEnv(LOCAL_AWS_ENV);
    if (this.options.stateDir) this.state = new StateDir(this.options.stateDir);
    // The handlers' SDK clients reach the endpoints below in-process: no loopback socket per call.
    const transport = new InProcessTransport();
    this.transport = transport;
    const dynamo = await startDynamo(LOCAL_CREDENTIALS, this.state?.dynamoPath, transport);
    this.dynamo = dynamo;
    const engineOf = () => this.engine;
    this.endpoint = new LocalAwsEndpoint({
      get engine() {
        return engineOf();
      },
      putEvents: (entries) => this.bus.putEvents(entries),
      scheduler: this.oneTime,
    });
    const endpoint = await this.endpoint.start();
    transport.route(endpoint, this.endpoint.listener);
    setSdkRequestHandler(transport.asRequestHandler());
    setEnv(endpointEnv(endpoint, dynamo.endpoint));
    const prepared = this.prepare(this.options.artifacts);
    this.engine = this.createEngine(dynamo);
    this.register(prepared);
    this.load(prepared);
    if (this.state) this.restoreState(this.state);
    if (this.options.schedules) await this.armSchedules();
  }

  /** Resumes the executions and schedules saved in the state directory, then saves as they change. */
  private restoreState(state: StateDir): void {
    const { snapshot, schedules } = state.load(this.keepFinished);
    if (snapshot) {
      const { resumed, abandoned } = this.engine.restore(snapshot);
      const finished = snapshot.executions.length - resumed.length - abandoned.length;
      this.log.info(
        `state from ${state.dir}: ${resumed.length} running execution${resumed.length === 1 ? '' : 's'} resumed, ${finished} finished` +
          (abandoned.length > 0 ? `, ${abandoned.length} that could not resume aborted` : ''),
      );
    }
    for (const request of schedules) {
      try {
        this.oneTime.create(request);
      } catch (error) {
        this.log.warn(`schedule ${request.name} not restored: ${String(error)}`);
      }
    }
    this.savedSchedules = JSON.stringify(this.oneTime.requests());
    this.saveTimer = setInterval(() => this.saveState(), STATE_SAVE_MS);
    this.saveTimer.unref();
  }

  /** Saves the running executions and the schedules if they changed (state directory). */
  private saveState(): void {
    const state = this.state;
    if (!state) return;
    if (this.dirty) {
      this.dirty = false;
      // Unfiltered: the user's executions, not the trigger router's (internal, short-lived).
      const running = this.engine
        .listExecutions()
        .filter((d) => d.status === 'RUNNING')
        .map((d) => d.executionArn);
      state.saveRunning(this.engine.snapshot(running));
    }
    const schedules = JSON.stringify(this.oneTime.requests());
    if (schedules !== this.savedSchedules) {
      state.saveSchedules(this.oneTime.requests());
      this.savedSchedules = schedules;
    }
  }

  private get keepFinished(): number {
    return this.options.keepFinished ?? DEFAULT_KEEP_FINISHED;
  }

  /**
   * The workflow `address` names: its id (`process-x`), `process:x` / `schedule:x`, or a bare name
   * that only one workflow has. Throws `UnknownWorkflow` (also for an ambiguous bare name).
   */
  workflow(address: string): ManifestWorkflow {
    return findWorkflow(this.artifacts.manifest, address);
  }

  /** The workflow a local state machine ARN belongs to (its machine is named by the workflow id). */
  workflowOfArn(stateMachineArn: string): ManifestWorkflow | undefined {
    const machine = stateMachineArn.split(':').at(-1);
    return this.artifacts.manifest.workflows.find((w) => localMachineName(w.id) === machine);
  }

  stateMachineArn(address: string): string {
    return stateMachineArn(this.workflow(address).id);
  }

  /**
   * Starts a workflow directly (what a trigger does), by address (see `workflow`). Returns
   * undefined when an execution of that name exists already (a duplicate event).
   */
  startExecution(address: string, input: ExecutionInput, name?: string): string | undefined {
    return this.startByArn(this.stateMachineArn(address), input, name);
  }

  /** Waits for an execution to end. */
  async awaitExecution(executionArn: string): Promise<ExecutionDescription> {
    return this.engine.awaitExecution(executionArn);
  }

  /**
   * Swaps in new compile output (dev server reload). Executions already running run to their end on
   * the definitions they started with; new ones start on the new definitions. Returns how many
   * continue on their previous definitions.
   */
  async reload(artifacts: CompileArtifacts): Promise<{ continuing: number }> {
    if (!this.dynamo) throw new Error('the runtime is not running');
    const prepared = this.prepare(artifacts);
    const continuing = this.engine.listExecutions().filter((d) => d.status === 'RUNNING').length;
    this.register(prepared);
    this.pool.reload();
    this.load(prepared);
    if (this.options.schedules) await this.armSchedules();
    return { continuing };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.bus.stopRetrying();
    this.recurring.stop();
    if (this.saveTimer) clearInterval(this.saveTimer);
    if (this.engine && this.state) {
      // Saved where they are, to resume at the next start: they are not ended.
      this.dirty = true;
      this.saveState();
      this.engine.halt();
    }
    this.oneTime.clear();
    if (this.engine && !this.state) {
      this.stopAll('Local.Shutdown', 'the local runtime stopped');
      // Let the bus deliver their status changes before dynalite goes.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await this.bus.idle().catch(() => {});
    await this.pool.close();
    await this.transport?.close();
    await this.endpoint?.close();
    await this.dynamo?.close();
    setSdkRequestHandler(undefined);
  }

  /**
   * Service modules changed: new invocations run the current code (in new workers); invocations in
   * flight finish on the code they started with.
   */
  reloadServices(): void {
    this.pool.reload();
  }

  /** Catch-up (through the schedule-catch-up handler), then every cron/interval schedule armed. */
  async armSchedules(): Promise<void> {
    const recurring: RecurringSchedule[] = [];
    for (const w of this.artifacts.manifest.workflows) {
      for (const s of w.schedules) {
        const c = scheduleConfigs(qualifiedName(w), s, stateMachineArn(w.id), this.options.params);
        if ('skipped' in c) this.log.warn(`${qualifiedName(w)} is not run locally: ${c.skipped}`);
        else
          for (const { id, config } of c.configs)
            recurring.push({ id, workflow: w.id, config: { ...config, name: w.name } });
      }
    }
    if (this.options.catchUp ?? true) await this.catchUp();
    this.recurring.start(recurring);
  }

  /** Runs the schedule-catch-up handler now. */
  async catchUp(only?: string[]): Promise<unknown> {
    const release = this.clock.hold();
    try {
      return await this.functions.scheduleCatchUp(only ? { schedules: only } : {});
    } finally {
      release();
    }
  }

  /** The deploy-time param values it runs with (`param("key")`). */
  get params(): ParamValues {
    return this.options.params ?? {};
  }

  upcomingSchedules() {
    return this.recurring.upcoming();
  }

  /** Runs a local function by name: a service module or one of our handlers. */
  async invokeFunction(name: string, payload: unknown, ctx?: IntegrationContext): Promise<unknown> {
    const kind = functionKind(name);
    if (kind && 'service' in kind) {
      const given = this.options.serviceHandlers;
      const invocation = {
        functionName: name,
        functionArn: functionArn(name),
        timeoutMs: ctx?.timeoutMs ?? MAX_FUNCTION_MS,
        requestId: crypto.randomUUID(),
        signal: ctx?.signal,
      };
      if (given && Object.hasOwn(given, kind.service))
        return invokeHandler(given[kind.service], payload, invocation);
      return this.pool.invoke({ ...invocation, file: this.services.require(kind.service), event: payload });
    }
    if (kind && 'handler' in kind && Object.hasOwn(this.functions, kind.handler))
      return this.functions[kind.handler as keyof HandlerFunctions](payload);
    const error = new Error(`Function not found: ${functionArn(name)}`);
    error.name = 'Lambda.ResourceNotFoundException';
    throw error;
  }

  /** Everything that can fail on the user's input (ASL, param values), before anything changes. */
  private prepare(artifacts: CompileArtifacts): Prepared {
    const definitions = new Map<string, Record<string, unknown>>();
    for (const w of artifacts.manifest.workflows) {
      const text = artifacts.asl[w.id];
      if (text === undefined) throw new Error(`the compile output has no ASL for workflow '${w.id}'`);
      const definition = JSON.parse(text) as Record<string, unknown>;
      const timeout = this.paramTimeout(w);
      if (timeout !== undefined) definition.TimeoutSeconds = timeout; // as infra's definitionText
      definitions.set(w.id, definition);
    }
    const env = handlerEnv(artifacts.manifest, this.eventSource, this.options.params, this.options.access);
    return { artifacts, definitions, env };
  }

  /** The seconds of a `timeout: param(…)`, or undefined (none, or no value: compiled default kept). */
  private paramTimeout(w: ManifestWorkflow): number | undefined {
    if (!w.timeout_param) return undefined;
    try {
      return resolveTimeoutSeconds(qualifiedName(w), w.timeout_param, this.options.params ?? {});
    } catch (error) {
      if (!(error instanceof MissingParam)) throw error;
      const key = timeoutParamKey(w.timeout_param);
      this.log.warn(
        `${qualifiedName(w)} runs with its compiled timeout (${w.timeout_seconds}s) locally: its timeout is the deploy-time parameter '${key}' (no value: pass --param ${key}=…)`,
      );
      return undefined;
    }
  }

  private createEngine(dynamo: LocalDynamo): AslEngine {
    const engine = new AslEngine({
      clock: this.clock,
      region: LOCAL_REGION,
      accountId: LOCAL_ACCOUNT,
      // Fixed on a virtual clock (reproducible runs); random on the real one, so that generated
      // execution names do not repeat across restarts (run records outlive them with --state-dir).
      seed: this.options.seed ?? (this.clock instanceof RealClock ? Math.floor(Math.random() * 2 ** 31) : 1),
      integrations: {
        invokeLambda: (fn, payload, ctx) => this.invokeLambda(fn, payload, ctx),
        putEvents: (entries) => this.bus.putEvents(entries),
        dynamodb: dynamoDbFromClient(dynamo.client),
      },
      maxFinishedExecutions: this.keepFinished,
      onExecutionForgotten: (arn) => this.forget(arn),
      onExecutionStarted: (d) => this.statusChanged(d),
      onExecutionClosed: (d) => {
        if (this.state)
          this.state.appendFinished(this.engine.snapshot([d.executionArn]).executions[0], this.keepFinished);
        this.statusChanged(d);
      },
      onHistoryEvent: (d, type, details) => this.historyEvent(d, type, details),
    });
    // The router infra deploys, run for bus deliveries and schedule slots as in AWS.
    engine.registerStateMachine(TRIGGER_ROUTER_NAME, triggerRouterDefinition(), {
      type: 'EXPRESS',
      internal: true,
    });
    return engine;
  }

  /**
   * Registers every workflow of `next` (replacing those of the same name, removing those gone):
   * running executions keep the definition they started with, as on AWS ("Running executions will
   * continue to use the previous definition and roleArn",
   * https://docs.aws.amazon.com/step-functions/latest/apireference/API_UpdateStateMachine.html).
   * A workflow gone from the DSL is deleted, but its running executions also run to their end (AWS
   * would stop them at their next transition: a removed process in a dev session is more often a
   * rename or an edit in progress than a decision to abandon its executions).
   * All or nothing: a definition the engine rejects puts the previous ones back.
   */
  private register(next: Prepared): void {
    const previous = this.prepared;
    const names = (p: Prepared | undefined) =>
      new Set(p?.artifacts.manifest.workflows.map((w) => localMachineName(w.id)));
    const registerAll = (p: Prepared) => {
      const targets = placeholderTargets(p.artifacts.manifest);
      for (const w of p.artifacts.manifest.workflows) {
        this.engine.registerStateMachine(localMachineName(w.id), p.definitions.get(w.id), {
          type: w.workflow_type,
          substitutions: substitutionsFor(p.artifacts.asl[w.id] ?? '', this.eventSource, targets),
          replace: true,
        });
      }
    };
    const removeMissing = (keep: Prepared | undefined, from: Prepared | undefined) => {
      const kept = names(keep);
      for (const name of names(from)) if (!kept.has(name)) this.engine.deleteStateMachine(name);
    };
    try {
      registerAll(next);
    } catch (error) {
      if (previous) {
        registerAll(previous);
        removeMissing(previous, next);
      }
      throw error;
    }
    removeMissing(next, previous);
    this.prepared = next;
  }

  /** Wires the handlers, the environment and the rules of the compile output now registered. */
  private load({ artifacts, env }: Prepared): void {
    this.artifacts = artifacts;
    setEnv(env);
    const wiring = {
      env: process.env,
      clock: { now: () => new Date(this.clock.now()) },
      log: handlerLog(this.log),
      model: this.model,
      bedrock: this.model ? undefined : bedrockClient(),
    };
    this.functions = handlerFunctions(wiring);
    this.api = apiHandlers(wiring);
    const ruleTargets: RuleTargets = {
      route: (input) => this.route(input),
      signalDeliver: (event) => this.functions.signalDeliver(event),
      runRecord: (event) => (recordedByStart(event) ? Promise.resolve() : this.functions.runRecord(event)),
    };
    this.bus.setRules([
      ...builtInRules(this.eventSource, ruleTargets),
      ...(this.options.triggers === false
        ? []
        : triggerRules(artifacts.manifest, this.eventSource, ruleTargets)),
    ]);
  }

  /**
   * Runs the trigger router on `input` (what a rule or schedule target sends it) until it ends;
   * rejects when it fails, so that the bus retries and dead-letters the delivery.
   */
  private async route(input: Record<string, unknown>): Promise<void> {
    const engine = this.engine;
    const done = await engine.awaitExecution(engine.startExecution(TRIGGER_ROUTER_NAME, input).executionArn);
    if (done.status !== 'SUCCEEDED')
      throw new Error(`the trigger router ${done.status}: ${done.error ?? ''}: ${done.cause ?? ''}`);
  }

  /** A schedule slot, as Scheduler's target starts it (`scheduled_time` as Scheduler writes it). */
  private startSlot({ id, workflow, config }: RecurringSchedule, slot: Date): void {
    const w = this.artifacts.manifest.workflows.find((x) => x.id === workflow);
    if (!w) throw new Error(`no workflow ${workflow}`);
    const scheduledTime = slot.toISOString().replace(/\.\d{3}Z$/, 'Z');
    this.route(routerScheduleInput(w, config.stateMachineArn, scheduledTime)).catch((error: unknown) =>
      this.log.warn(`schedule ${id}: ${(error as Error).message}`),
    );
  }

  private scheduleRuns(): DynamoScheduleRuns {
    if (!this.dynamo) throw new Error('the runtime is not running');
    return new DynamoScheduleRuns(documentClient(this.dynamo.client), LOCAL_TABLES.state);
  }

  /**
   * A finished execution the engine dropped beyond the cap leaves nothing behind in memory: its
   * invocations go, and without a state directory its run record too (dynalite keeps its items in
   * this process's memory; with `--state-dir` they are on disk and stay). So a session holds what
   * the cap says however many executions finish. Released in batches, one BatchWriteItem each.
   */
  private forget(executionArn: string): void {
    this.forgotten.push(executionArn);
    if (this.forgotten.length < FORGET_BATCH) return;
    const arns = new Set(this.forgotten);
    this.forgotten = [];
    const kept = this.invocations.filter((i) => !arns.has(i.execution));
    this.invocations.splice(0, this.invocations.length, ...kept);
    if (this.state || !this.dynamo) return;
    const keys = [...arns].map((arn) => ({
      DeleteRequest: { Key: STATE_KEYS.run(arn.split(':').at(-1) ?? '') },
    }));
    documentClient(this.dynamo.client)
      .send(new BatchWriteCommand({ RequestItems: { [LOCAL_TABLES.state]: keys } }))
      .catch((error: unknown) =>
        this.log.warn(`run records of dropped executions not removed: ${String(error)}`),
      );
  }

  private stopAll(error: string, cause: string): void {
    for (const d of this.engine.listExecutions({ status: 'RUNNING' }))
      this.engine.stopExecution(d.executionArn, { error, cause });
  }

  private historyEvent(
    d: { stateMachineArn: string; name: string },
    type: HistoryEventType,
    details?: Record<string, unknown>,
  ): void {
    this.dirty = true;
    if (this.options.transitions && type.endsWith('StateEntered'))
      this.log.info(enteredLine(d, String(details?.name)));
  }

  private statusChanged(d: ExecutionDescription): void {
    this.log.info(statusLine(d));
    const event = this.bus.event(
      'Step Functions Execution Status Change',
      statusChangeDetail(d),
      'aws.states',
    );
    event.resources = [d.executionArn];
    void this.bus.deliver(event);
  }

  private startByArn(arn: string, input: ExecutionInput, name?: string): string | undefined {
    try {
      return this.engine.startExecution(arn, input, { name }).executionArn;
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists) return undefined;
      throw error;
    }
  }

  /** `<services>/intents/<intent>.ts` answers that intent in place of the model, when it exists. */
  private async intentAnswer(intent: string) {
    const dir = this.options.servicesDir;
    const file = new ServiceDirectory(dir ? `${dir}/intents` : undefined).fileOf(intent);
    if (!file) return undefined;
    const name = `intent-${intent}`;
    return (input: Record<string, unknown>) =>
      this.pool.invoke({
        file,
        event: input,
        functionName: name,
        functionArn: functionArn(name),
        requestId: crypto.randomUUID(),
        timeoutMs: INTENT_ANSWER_MS,
      });
  }

  private async invokeLambda(
    fn: string,
    payload: unknown,
    ctx: IntegrationContext,
  ): Promise<LambdaInvokeResult> {
    const name = functionNameOf(fn);
    const record: Invocation = {
      function: name,
      at: this.clock.now(),
      execution: ctx.execution.arn,
      state: ctx.stateName,
      payload,
    };
    this.invocations.push(record);
    if (this.invocations.length > MAX_INVOCATIONS)
      this.invocations.splice(0, this.invocations.length - MAX_INVOCATIONS);
    try {
      const result = await this.invokeFunction(name, payload, ctx);
      if (this.options.script)
        await answerScripted(
          this.options.script,
          { tasks: this.api.tasks, signalDeliver: this.functions.signalDeliver },
          { name, payload, result },
          (m) => this.log.warn(m),
        );
      return { Payload: result, StatusCode: 200 };
    } catch (error) {
      // As the Lambda runtime reports a thrown error: the step fails with the error's name.
      const e = error instanceof Error ? error : new Error(String(error));
      record.error = e.name;
      return {
        StatusCode: 200,
        FunctionError: 'Unhandled',
        Payload: { errorType: e.name, errorMessage: e.message, trace: [] },
      };
    }
  }
}

/**
 * The RUNNING status change of a manual start (`trigger.user` in its input): the start handler
 * writes that run record itself, with who started it, so the run-record write for the event would
 * write the same item a second time. The local bus skips it — one DynamoDB write less per start;
 * a record that is missing all the same (the start handler's write is best effort) is read through
 * DescribeExecution. Every other status change is recorded.
 */
function recordedByStart(event: BusEvent): boolean {
  const d = event.detail;
  return d.status === 'RUNNING' && typeof d.input === 'string' && manualStarter(d.input) !== undefined;
}
