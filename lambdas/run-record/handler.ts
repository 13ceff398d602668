import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { parseWorkflowKey } from '../../compiler/contracts/names.ts';
import { documentClient } from '../shared/adapters/dynamo.ts';
import { DynamoRunStore } from '../shared/adapters/dynamo-run-store.ts';
import { SfnExecutions } from '../shared/adapters/sfn.ts';
import { apiHandler, authConfig, fromProcessEnv, httpApi } from '../shared/api.ts';
import { type AuthConfig, callerOf } from '../shared/auth.ts';
import { nullable, num, object, oneOf, str } from '../shared/check.ts';
import { loadProcesses } from '../shared/config.ts';
import { ENV, type Env, positiveInt, required } from '../shared/env.ts';
import { InvalidEventError } from '../shared/errors.ts';
import { json } from '../shared/http.ts';
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

export function buildDeps(env: Env): { deps: RunRecordDeps; auth: AuthConfig } {
  const processes = loadProcesses(env);
  const byArn = new Map(
    Object.entries(processes).map(([key, p]): [string, RunWorkflow] => [
      p.stateMachineArn,
      p.name !== undefined
        ? { name: p.name, kind: p.kind ?? 'process' }
        : (parseWorkflowKey(key) ?? { name: key, kind: 'process' }),
    ]),
  );
  return {
    deps: {
      runs: new DynamoRunStore(documentClient(), required(env, ENV.stateTable)),
      executions: new SfnExecutions(),
      clock: systemClock,
      log,
      processOf: (arn) => byArn.get(arn) ?? { name: arn.split(':')[6] ?? arn },
      staleSeconds: positiveInt(env, ENV.runStaleSeconds, 30),
    },
    auth: authConfig(env),
  };
}

/** `GET /executions/{id}`. */
export const serve = httpApi<RunRecordDeps>([
  {
    method: 'GET',
    path: '/executions/{id}',
    run: async ({ id }, { deps, auth, event }) => {
      callerOf(event, auth);
      return json(200, await getRun(id, deps));
    },
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

const built = fromProcessEnv(buildDeps);
const http = apiHandler(serve, built, log);

/**
 * Three entry points: `GET /executions/{id}` (HTTP API v2.0), EventBridge "Step Functions Execution
 * Status Change" events, and `RunStepEvent` invokes from the state machines.
 */
export const handler = async (event: Record<string, unknown>) => {
  if (event['detail-type'] === 'Step Functions Execution Status Change') {
    const detail: StatusChangeDetail = parseWith(
      statusDetail,
      event.detail,
      (m, c) => new InvalidEventError(`invalid status change event: ${m}`, c),
    );
    return recordStatusChange(detail, built().deps);
  }
  if (event.op === 'step') {
    const step = parseRunStep(event);
    return recordStep(step.process, step.step, step.execution, built().deps);
  }
  return http(event as unknown as APIGatewayProxyEventV2);
};
