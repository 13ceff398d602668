import { documentClient } from '../shared/adapters/dynamo.ts';
import { DynamoScheduleRuns } from '../shared/adapters/dynamo-schedule-runs.ts';
import { SfnExecutions } from '../shared/adapters/sfn.ts';
import { lambdaEntry } from '../shared/api.ts';
import { loadSchedules } from '../shared/config.ts';
import { ENV, type Env, positiveInt, required } from '../shared/env.ts';
import { createLogger } from '../shared/logger.ts';
import { systemClock } from '../shared/ports.ts';
import { type CatchUpDeps, catchUp } from './core.ts';

const log = createLogger('schedule-catch-up');

export function buildDeps(env: Env): CatchUpDeps {
  return {
    schedules: loadSchedules(env),
    executions: new SfnExecutions(),
    runs: new DynamoScheduleRuns(documentClient(), required(env, ENV.stateTable)),
    clock: systemClock,
    log,
    maxSlots: positiveInt(env, ENV.catchUpMaxSlots, 100),
  };
}

/** Invoked on deploy (a CDK trigger) and by the local runtime at startup; `{schedules?: string[]}`. */
export async function handle(event: unknown, deps: CatchUpDeps) {
  const requested = (event as { schedules?: unknown } | null | undefined)?.schedules;
  const only = Array.isArray(requested)
    ? requested.filter((s): s is string => typeof s === 'string')
    : undefined;
  return { schedules: await catchUp(deps, only) };
}

export const handler = lambdaEntry(handle, buildDeps, log);
