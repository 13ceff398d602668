/**
 * End-to-end harness: compiles DSL text, starts the local runtime (dynalite, the local AWS endpoint,
 * the real handler Lambdas) on a virtual clock, and drives it the way users do: executions,
 * the HTTP API handlers, events on the bus.
 */
import type { CliContext } from '../../cli/context.ts';
import { runCli } from '../../cli/main.ts';
import type { ExecutionInput } from '../../compiler/contracts/runtime.ts';
import { compileSources } from '../../compiler/index.ts';
import { documentClient } from '../../lambdas/shared/adapters/dynamo.ts';
import { DynamoEntityStore } from '../../lambdas/shared/adapters/dynamo-entity-store.ts';
import { apiGatewayEvent, devCaller } from '../../local/api-event.ts';
import { type ExecutionDescription, VirtualClock } from '../../local/asl/index.ts';
import type { BusEvent } from '../../local/bus/bus.ts';
import { LOCAL_TABLES } from '../../local/dynamo.ts';
import type { ApiHandlers } from '../../local/functions/handlers.ts';
import type { LambdaHandler } from '../../local/functions/services.ts';
import { enteredStates } from '../../local/run.ts';
import { LocalRuntime, type LocalRuntimeOptions } from '../../local/runtime.ts';

export const T0 = Date.parse('2026-01-05T09:00:00.000Z');
export const ROOT = new URL('../../', import.meta.url).pathname;

/** Runs the CLI in-process from the repository root; stdout and stderr as text. */
export async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = { cwd: ROOT, out: (t) => out.push(t), err: (t) => err.push(t), exitCode: 0 };
  const code = await runCli(args, ctx);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

export interface Local {
  rt: LocalRuntime;
  clock: VirtualClock;
  /** Every event put on the bus (status changes excluded). */
  events: BusEvent[];
  start(workflow: string, input?: Record<string, unknown>, name?: string): string;
  /** Starts and waits for the end; `steps` are the states entered. */
  run(workflow: string, input?: Record<string, unknown>): Promise<Finished>;
  finish(arn: string): Promise<Finished>;
  /**
   * Waits until the bus is idle and nothing runs, again and again: an execution that ends may have
   * started others (the trigger router starts a slot's run), which a single look would miss.
   */
  settled(): Promise<void>;
  call(api: keyof ApiHandlers, method: string, url: string, who?: Caller, body?: unknown): Promise<Reply>;
  /** Polls (real time) until `probe` returns a value. */
  until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string): Promise<T>;
  seed(entity: string, id: string, values: Record<string, unknown>): Promise<void>;
  rows(entity: string): Promise<Record<string, unknown>[]>;
  /** Service invocations (engine clock ms), by service name. */
  calls(service: string): { at: number; payload: unknown; error?: string }[];
  close(): Promise<void>;
}

export interface Finished extends ExecutionDescription {
  steps: string[];
}

export interface Caller {
  user: string;
  roles?: string[];
}

export interface Reply {
  status: number;
  body: Record<string, unknown> & { error?: { code: string; message: string } };
}

/**
 * Polls (real time, every 10 ms) until `probe` gives a value other than undefined or false; throws
 * after `ms` naming `what` it waited for.
 */
export async function until<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  ms = 10_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function compile(dsl: string) {
  const result = compileSources([{ name: 'test.dsl', text: dsl }]);
  if (!result.artifacts) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    throw new Error(
      `compile errors:\n${errors.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`).join('\n')}`,
    );
  }
  return result.artifacts;
}

export async function startLocal(
  dsl: string,
  services: Record<string, LambdaHandler> = {},
  options: Partial<LocalRuntimeOptions> & { autoAdvance?: boolean; start?: number } = {},
): Promise<Local> {
  const clock = new VirtualClock({ start: options.start ?? T0, autoAdvance: options.autoAdvance ?? true });
  const rt = await LocalRuntime.start({
    artifacts: compile(dsl),
    serviceHandlers: services,
    clock,
    log: { info() {}, warn: (line) => process.env.E2E_DEBUG && console.warn(line) },
    ...options,
  });
  const events: BusEvent[] = [];
  rt.bus.subscribe((e) => {
    if (e.source !== 'aws.states') events.push(e);
  });
  const finish = async (arn: string): Promise<Finished> => {
    const done = await rt.awaitExecution(arn);
    await rt.bus.idle();
    return { ...done, steps: enteredStates(rt.engine.getExecutionHistory(arn)) };
  };
  const start = (workflow: string, input: Record<string, unknown> = {}, name?: string) => {
    const payload: ExecutionInput = { input, trigger: { kind: 'manual', user: 'tester' } };
    const arn = rt.startExecution(workflow, payload, name);
    if (!arn) throw new Error(`execution ${name} exists already`);
    return arn;
  };
  const settled = async () => {
    for (let round = 0; round < 50; round++) {
      await rt.bus.idle();
      const running = rt.engine.listExecutions({ status: 'RUNNING' });
      if (running.length === 0) return;
      await Promise.all(running.map((d) => rt.awaitExecution(d.executionArn)));
    }
    throw new Error('still running after 50 rounds of waiting');
  };
  const store = () => new DynamoEntityStore(documentClient(), LOCAL_TABLES.entity);
  return {
    rt,
    clock,
    events,
    start,
    run: (workflow, input) => finish(start(workflow, input)),
    finish,
    settled,
    call: async (api, method, url, who = { user: 'alice' }, body) => {
      const res = await rt.api[api](
        apiGatewayEvent({
          method,
          url,
          headers: devCaller(who.user, who.roles ?? []),
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      );
      return { status: res.statusCode, body: JSON.parse(res.body || '{}') };
    },
    until,
    seed: async (entity, id, values) => {
      await store().create(entity, id, values);
    },
    rows: async (entity) => (await store().query(entity, [], 1000)).items,
    calls: (service) =>
      rt.invocations
        .filter((i) => i.function === `service-${service}`)
        .map((i) => ({ at: i.at, payload: i.payload, ...(i.error && { error: i.error }) })),
    close: () => rt.close(),
  };
}

/** A service that fails with `name` the first `times` calls, then returns `result`. */
export function flaky(times: number, name: string, result: unknown = { ok: true }): LambdaHandler {
  let calls = 0;
  return async () => {
    calls++;
    if (calls <= times) {
      const e = new Error(`failure ${calls}`);
      e.name = name;
      throw e;
    }
    return result;
  };
}

export const ok =
  (result: unknown = { ok: true }): LambdaHandler =>
  async () =>
    result;

/** Seconds between consecutive calls. */
export const gaps = (calls: { at: number }[]) => calls.slice(1).map((c, i) => (c.at - calls[i].at) / 1000);
