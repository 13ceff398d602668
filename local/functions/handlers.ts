/**
 * Our handler Lambdas, run in-process: each is the real `lambdas/<name>` module — its
 * `buildDeps(env)` (real SDK clients, pointed at the local endpoints by `AWS_ENDPOINT_URL_*`) and
 * its `handle(event, deps)`, the very function its Lambda entry point runs — with two local
 * substitutions in the deps: the clock is the engine's (so deadlines follow virtual time) and the
 * log is the runtime's. No event is parsed here, so the local runtime and AWS cannot drift apart.
 */
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as entityStore from '../../lambdas/entity-store/handler.ts';
import * as llmIntent from '../../lambdas/llm-intent/handler.ts';
import * as runRecord from '../../lambdas/run-record/handler.ts';
import * as scheduleCatchUp from '../../lambdas/schedule-catch-up/handler.ts';
import { BedrockLlm } from '../../lambdas/shared/adapters/bedrock.ts';
import type { Env } from '../../lambdas/shared/env.ts';
import type { HttpResponse } from '../../lambdas/shared/http.ts';
import type { Log } from '../../lambdas/shared/logger.ts';
import type { Clock as HandlerClock } from '../../lambdas/shared/ports.ts';
import { parseLlmIntent } from '../../lambdas/shared/schemas.ts';
import * as signalDeliver from '../../lambdas/signal-deliver/handler.ts';
import * as signalRegister from '../../lambdas/signal-register/handler.ts';
import * as start from '../../lambdas/start/handler.ts';
import * as taskApi from '../../lambdas/task-api/handler.ts';
import * as taskEscalate from '../../lambdas/task-escalate/handler.ts';
import * as taskRegister from '../../lambdas/task-register/handler.ts';
import { type FakeModel, fakeLlm } from './fake-llm.ts';

/** The in-process handler functions, by the name used in `${Handler_<name>}` (plus the others). */
export type HandlerFunctions = Record<HandlerFunctionName, (event: unknown) => Promise<unknown>>;
export type HandlerFunctionName =
  | 'taskRegister'
  | 'signalRegister'
  | 'entityStore'
  | 'llmIntent'
  | 'runRecord'
  | 'taskEscalate'
  | 'signalDeliver'
  | 'scheduleCatchUp';

export type ApiHandler = (event: APIGatewayProxyEventV2) => Promise<HttpResponse>;

export interface ApiHandlers {
  start: ApiHandler;
  tasks: ApiHandler;
  signals: ApiHandler;
  runs: ApiHandler;
}

export interface HandlerWiring {
  env: Env;
  clock: HandlerClock;
  log: Log;
  /** The local stand-in for Bedrock; `undefined` calls Bedrock through the real adapter. */
  model?: FakeModel;
  /** The Bedrock client for `model: undefined` (built with the caller's real credentials). */
  bedrock?: BedrockRuntimeClient;
}

interface HandlerModule<D> {
  buildDeps(env: Env): D;
  handle(event: unknown, deps: D): Promise<unknown>;
}

/** `module.handle` over `module.buildDeps(env)` with the engine's clock and the runtime's log. */
function wire<D extends { log: Log }>(module: HandlerModule<D>, w: HandlerWiring, extra: Partial<D> = {}) {
  const deps: D = { ...module.buildDeps(w.env), clock: w.clock, log: w.log, ...extra };
  return (event: unknown) => module.handle(event, deps);
}

export function handlerFunctions(w: HandlerWiring): HandlerFunctions {
  const model = w.model;
  // The local model answers from the event itself (its intents and llm are built per call).
  const llm = model
    ? (event: unknown) => llmIntent.handle(event, { ...fakeLlm(parseLlmIntent(event), model), log: w.log })
    : wire(llmIntent, w, { llm: new BedrockLlm(w.bedrock) });
  return {
    taskRegister: wire(taskRegister, w),
    signalRegister: wire(signalRegister, w),
    entityStore: wire(entityStore, w),
    llmIntent: llm,
    runRecord: wire(runRecord, w),
    taskEscalate: wire(taskEscalate, w),
    signalDeliver: wire(signalDeliver, w),
    scheduleCatchUp: wire(scheduleCatchUp, w),
  };
}

export function apiHandlers(w: HandlerWiring): ApiHandlers {
  const http = (handle: (event: unknown) => Promise<unknown>): ApiHandler =>
    handle as (event: APIGatewayProxyEventV2) => Promise<HttpResponse>;
  return {
    start: http(wire(start, w)),
    tasks: http(wire(taskApi, w)),
    signals: http(wire(signalDeliver, w)),
    runs: http(wire(runRecord, w)),
  };
}
