import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { parseWorkflowKey } from '../../compiler/contracts/names.ts';
import { documentClient } from '../shared/adapters/dynamo.ts';
import { DynamoRunStore } from '../shared/adapters/dynamo-run-store.ts';
import { SfnExecutions } from '../shared/adapters/sfn.ts';
import { type HttpDeps, httpApi, isHttpEvent, lambdaEntry } from '../shared/api.ts';
import { authConfig, callerOf } from '../shared/auth.ts';
import { nullable, num, object, oneOf, str } from '../shared/check.ts';
import { loadAccess, loadProcesses } from '../shared/config.ts';
import { ENV, type Env, positiveInt, required } from '../shared/env.ts';
import { InvalidEventError } from '../shared/errors.ts';
import { type HttpResponse, json } from '../shared/http.ts';
import { createLogger } from '../shared/logger.ts';
import { parseWith } from '../shared/parse.ts';
import { systemClock } from '../shared/ports.ts';
import { parseRunStep } from '../shared/schemas.ts';
import {
  getRun,
  type RunRecordDeps,
  type RunWorkflow,
  recordStatusChange,
  recordStep,
  type StatusChangeDetail,
} from './core.ts';

const log = createLogger('run-record');

export type RunRecordHandlerDeps = RunRecordDeps & HttpDeps;

export function buildDeps(env: Env): RunRecordHandlerDeps {
  const processes = loadProcesses(env);
  const byArn = new Map(
    Object.entries(processes).map(([key, p]): [string, RunWorkflow] => [
      p.stateMachineArn,
      p.name !== undefined
        ? { name: p.name, kind: p.kind ?? 'process' }
        : (parseWorkflowKey(key) ?? { name: key, kind: 'process' }),
    ]),
  );
  const taskRoles = new Map(Object.values(processes).map((p) => [p.stateMachineArn, p.taskRoles ?? []]));
  return {
    runs: new DynamoRunStore(documentClient(), required(env, ENV.stateTable)),
    executions: new SfnExecutions(),
    clock: systemClock,
    log,
    processOf: (arn) => byArn.get(arn) ?? { name: arn.split(':')[6] ?? arn },
    taskRolesOf: (arn) => taskRoles.get(arn) ?? [],
    access: loadAccess(env),
    staleSeconds: positiveInt(env, ENV.runStaleSeconds, 30),
    auth: authConfig(env),
  };
}

/** `GET /executions/{id}`. */
const http = httpApi<RunRecordHandlerDeps>([
  {
    method: 'GET',
    path: '/executions/{id}',
    run: async ({ id }, { deps, event }) => json(200, await getRun(callerOf(event, deps.auth), id, deps)),
  },
]);

const statusDetail = object({
  executionArn: str(),
  stateMachineArn: str(),
  name: str(),
  status: oneOf(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE']),
  startDate: num(),
  stopDate: nullable(num()),
  output: nullable(str()),
  error: nullable(str()),
  cause: nullable(str()),
});

/**
 * Three kinds of event: `GET /executions/{id}` (HTTP API v2.0), EventBridge "Step Functions
 * Execution Status Change" events, and `RunStepEvent` invokes from the state machines.
 */
export function handle(event: APIGatewayProxyEventV2, deps: RunRecordHandlerDeps): Promise<HttpResponse>;
export function handle(event: unknown, deps: RunRecordHandlerDeps): Promise<HttpResponse | undefined>;
export async function handle(event: unknown, deps: RunRecordHandlerDeps): Promise<HttpResponse | undefined> {
  if (isHttpEvent(event)) return http(event, deps);
  const e = (event ?? {}) as Record<string, unknown>;
  if (e['detail-type'] === 'Step Functions Execution Status Change') {
    const detail: StatusChangeDetail = parseWith(
      statusDetail,
      e.detail,
      (m, c) => new InvalidEventError(`invalid status change event: ${m}`, c),
    );
    await recordStatusChange(detail, deps);
    return undefined;
  }
  const step = parseRunStep(event);
  await recordStep(step.process, step.step, step.execution, deps);
  return undefined;
}

export const handler = lambdaEntry(handle, buildDeps, log);
