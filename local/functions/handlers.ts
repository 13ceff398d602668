/**
 * Our handler Lambdas, run in-process: each is the real `lambdas/<name>` code — its `buildDeps(env)`
 * (real SDK clients, pointed at the local endpoints by `AWS_ENDPOINT_URL_*`) over its pure core —
 * with two local substitutions: the clock is the engine's (so deadlines follow virtual time) and the
 * log is the runtime's. Also the HTTP API handlers the dev server serves.
 */
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { handleEntityStore } from '../../lambdas/entity-store/core.ts';
import { buildDeps as entityStoreDeps } from '../../lambdas/entity-store/handler.ts';
import { runIntent } from '../../lambdas/llm-intent/core.ts';
import { buildDeps as llmIntentDeps } from '../../lambdas/llm-intent/handler.ts';
import { recordStatusChange, recordStep, type StatusChangeDetail } from '../../lambdas/run-record/core.ts';
import { buildDeps as runRecordDeps, serve as serveRuns } from '../../lambdas/run-record/handler.ts';
import { catchUp } from '../../lambdas/schedule-catch-up/core.ts';
import { buildDeps as catchUpDeps } from '../../lambdas/schedule-catch-up/handler.ts';
import { BedrockLlm } from '../../lambdas/shared/adapters/bedrock.ts';
import type { Env } from '../../lambdas/shared/env.ts';
import type { HttpResponse } from '../../lambdas/shared/http.ts';
import type { Log } from '../../lambdas/shared/logger.ts';
import type { Clock as HandlerClock } from '../../lambdas/shared/ports.ts';
import {
  parseEntityStore,
  parseLlmIntent,
  parseRunStep,
  parseSignalRegister,
  parseTaskRegister,
} from '../../lambdas/shared/schemas.ts';
import { deliverSignal } from '../../lambdas/signal-deliver/core.ts';
import {
  fromEventBridge,
  type SignalEvent,
  serve as serveSignals,
  buildDeps as signalDeliverDeps,
} from '../../lambdas/signal-deliver/handler.ts';
import { registerSignalWait } from '../../lambdas/signal-register/core.ts';
import { buildDeps as signalRegisterDeps } from '../../lambdas/signal-register/handler.ts';
import { serve as serveStart, buildDeps as startDeps } from '../../lambdas/start/handler.ts';
import { serve as serveTasks, buildDeps as taskApiDeps } from '../../lambdas/task-api/handler.ts';
import { escalateTask } from '../../lambdas/task-escalate/core.ts';
import { buildDeps as taskEscalateDeps } from '../../lambdas/task-escalate/handler.ts';
import { registerTask } from '../../lambdas/task-register/core.ts';
import { buildDeps as taskRegisterDeps } from '../../lambdas/task-register/handler.ts';
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

const local = <T extends { clock: HandlerClock; log: Log }>(deps: T, w: HandlerWiring): T => ({
  ...deps,
  clock: w.clock,
  log: w.log,
});

export function handlerFunctions(w: HandlerWiring): HandlerFunctions {
  const taskRegister = local(taskRegisterDeps(w.env), w);
  const signalRegister = local(signalRegisterDeps(w.env), w);
  const entityStore = local(entityStoreDeps(w.env), w);
  const runRecord = local(runRecordDeps(w.env).deps, w);
  const taskEscalate = local(taskEscalateDeps(w.env), w);
  const signalDeliver = local(signalDeliverDeps(w.env).deps, w);
  const scheduleCatchUp = local(catchUpDeps(w.env), w);
  const model = w.model;
  const llm = model ? undefined : { ...llmIntentDeps(w.env), llm: new BedrockLlm(w.bedrock), log: w.log };
  return {
    taskRegister: (event) => registerTask(parseTaskRegister(event), taskRegister),
    signalRegister: (event) => registerSignalWait(parseSignalRegister(event), signalRegister),
    entityStore: (event) => handleEntityStore(parseEntityStore(event), entityStore),
    llmIntent: async (event) => {
      const parsed = parseLlmIntent(event);
      if (llm) return runIntent(parsed, llm);
      const fake = fakeLlm(parsed, model as FakeModel);
      return runIntent(parsed, { ...fake, log: w.log });
    },
    runRecord: async (event) => {
      const e = event as Record<string, unknown>;
      if (e['detail-type'] === 'Step Functions Execution Status Change')
        return recordStatusChange(e.detail as StatusChangeDetail, runRecord);
      const step = parseRunStep(event);
      return recordStep(step.process, step.step, step.execution, runRecord);
    },
    taskEscalate: (event) =>
      escalateTask(String((event as { task_id?: unknown }).task_id ?? ''), taskEscalate),
    signalDeliver: (event) => deliverSignal(fromEventBridge(event as SignalEvent), signalDeliver),
    scheduleCatchUp: async (event) => {
      const only = (event as { schedules?: unknown } | undefined)?.schedules;
      const names = Array.isArray(only) ? only.filter((s): s is string => typeof s === 'string') : undefined;
      return { schedules: await catchUp(scheduleCatchUp, names) };
    },
  };
}

export function apiHandlers(w: HandlerWiring): ApiHandlers {
  const start = startDeps(w.env);
  const tasks = taskApiDeps(w.env);
  const signals = signalDeliverDeps(w.env);
  const runs = runRecordDeps(w.env);
  return {
    start: (event) => serveStart(event, { deps: local(start.deps, w), auth: start.auth }),
    tasks: (event) => serveTasks(event, { deps: local(tasks.deps, w), auth: tasks.auth }),
    signals: (event) => serveSignals(event, { deps: local(signals.deps, w), auth: signals.auth }),
    runs: (event) => serveRuns(event, { deps: local(runs.deps, w), auth: runs.auth }),
  };
}
