import { documentClient } from '../shared/adapters/dynamo.ts';
import { DynamoTaskStore } from '../shared/adapters/dynamo-task-store.ts';
import { SchedulerEscalations } from '../shared/adapters/scheduler.ts';
import { lambdaEntry } from '../shared/api.ts';
import { ENV, type Env, optional, required } from '../shared/env.ts';
import { createLogger } from '../shared/logger.ts';
import { systemClock } from '../shared/ports.ts';
import { parseTaskRegister } from '../shared/schemas.ts';
import { registerTask, type TaskRegisterDeps } from './core.ts';

const log = createLogger('task-register');

export function buildDeps(env: Env): TaskRegisterDeps {
  const lambdaArn = env[ENV.taskEscalateArn];
  const roleArn = env[ENV.schedulerRoleArn];
  return {
    tasks: new DynamoTaskStore(documentClient(), required(env, ENV.stateTable)),
    escalations:
      lambdaArn && roleArn
        ? new SchedulerEscalations({
            lambdaArn,
            roleArn,
            group: optional(env, ENV.schedulerGroup, 'default'),
          })
        : undefined,
    clock: systemClock,
    log,
  };
}

/** Target of the human task's `lambda:invoke.waitForTaskToken`. */
export const handle = (event: unknown, deps: TaskRegisterDeps) =>
  registerTask(parseTaskRegister(event), deps);

export const handler = lambdaEntry(handle, buildDeps, log);
