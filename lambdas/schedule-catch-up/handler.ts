import { documentClient } from '../shared/adapters/dynamo.ts';
import { DynamoScheduleRuns } from '../shared/adapters/dynamo-schedule-runs.ts';
import { SfnExecutions } from '../shared/adapters/sfn.ts';
import { loadSchedules } from '../shared/config.ts';
import { ENV, type Env, positiveInt, required } from '../shared/env.ts';
import { createLogger } from '../shared/logger.ts';
import { once } from '../shared/once.ts';
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

const deps = once(() => buildDeps(process.env));

/** Invoked on deploy (a CDK trigger) and by the local runtime at startup; `{schedules?: string[]}`. */
export const handler = async (event: { schedules?: unknown } | undefined) => {
  const only = Array.isArray(event?.schedules)
    ? event.schedules.filter((s) => typeof s === 'string')
    : undefined;
  return { schedules: await catchUp(deps(), only) };
};
