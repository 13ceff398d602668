/**
 * Environment variables the handlers read. Infra sets them (import `ENV` for the names); the local
 * dev server sets the same ones. Read once at cold start through `readEnv`.
 */
import { ConfigError } from './errors.ts';

export const ENV = {
  /** Name of the state table (tasks, tokens, signal waits, runs, locks, schedule bookkeeping). */
  stateTable: 'DAZZLE_STATE_TABLE',
  /** Name of the default entity table (pk = entity name, sk = id). */
  entityTable: 'DAZZLE_ENTITY_TABLE',
  /** Name of the app's EventBridge bus. */
  eventBus: 'DAZZLE_EVENT_BUS',
  /** `source` of events we put on the bus. @default 'dazzle.app' */
  eventSource: 'DAZZLE_EVENT_SOURCE',
  /** JWT claim holding the caller's roles. @default 'cognito:groups' */
  rolesClaim: 'DAZZLE_ROLES_CLAIM',
  /**
   * '1' or 'true': take the caller from X-Dev-User / X-Dev-Roles (local dev server only; ignored
   * inside Lambda, see `auth.ts`).
   */
  devAuth: 'DAZZLE_DEV_AUTH',
  /** JSON access rules of the stage (`AccessConfig`, compiler/contracts/access.ts) (or `..._FILE`). */
  access: 'DAZZLE_ACCESS',
  accessFile: 'DAZZLE_ACCESS_FILE',
  /** ARN of the task-escalate Lambda (the Scheduler target). */
  taskEscalateArn: 'DAZZLE_TASK_ESCALATE_ARN',
  /** ARN of the role EventBridge Scheduler assumes to invoke task-escalate. */
  schedulerRoleArn: 'DAZZLE_SCHEDULER_ROLE_ARN',
  /** Scheduler schedule group for escalations. @default 'default' */
  schedulerGroup: 'DAZZLE_SCHEDULER_GROUP',
  /** JSON map process name → {stateMachineArn, inputs[]} (or `..._FILE`: a path to that JSON). */
  processes: 'DAZZLE_PROCESSES',
  processesFile: 'DAZZLE_PROCESSES_FILE',
  /** JSON map intent name → {model_id, prompt, output, max_tokens} (or `..._FILE`). */
  intents: 'DAZZLE_INTENTS',
  intentsFile: 'DAZZLE_INTENTS_FILE',
  /** JSON map schedule name → {stateMachineArn, cron | interval_seconds, timezone, catch_up} (or `..._FILE`). */
  schedules: 'DAZZLE_SCHEDULES',
  schedulesFile: 'DAZZLE_SCHEDULES_FILE',
  /** Most slots one catch-up run starts per schedule. @default 100 */
  catchUpMaxSlots: 'DAZZLE_CATCH_UP_MAX_SLOTS',
  /** A non-terminal run record older than this is refreshed with DescribeExecution. @default 30 */
  runStaleSeconds: 'DAZZLE_RUN_STALE_SECONDS',
} as const;

export type EnvName = (typeof ENV)[keyof typeof ENV];
export type Env = Readonly<Record<string, string | undefined>>;

export function required(env: Env, name: EnvName): string {
  const value = env[name];
  if (value === undefined || value === '') throw new ConfigError(`environment variable ${name} is not set`);
  return value;
}

export function optional(env: Env, name: EnvName, fallback: string): string {
  const value = env[name];
  return value === undefined || value === '' ? fallback : value;
}

export function positiveInt(env: Env, name: EnvName, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0)
    throw new ConfigError(`${name} must be a positive integer, got '${raw}'`);
  return n;
}

export function flag(env: Env, name: EnvName): boolean {
  const raw = (env[name] ?? '').toLowerCase();
  return raw === '1' || raw === 'true' || raw === 'yes';
}
