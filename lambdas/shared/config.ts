/**
 * Deployment configuration in JSON: process definitions (start), LLM intents (llm-intent) and
 * schedules (schedule-catch-up). Each is a JSON map read from an env var, or from a file named by
 * `<VAR>_FILE` (e.g. a JSON file bundled next to the handler). Infra writes them from the manifest.
 */
import { readFileSync } from 'node:fs';
import type { AccessConfig } from '../../compiler/contracts/access.ts';
import {
  array,
  bool,
  type Check,
  type Infer,
  num,
  object,
  oneOf,
  optional,
  record,
  str,
  withDefault,
} from './check.ts';
import { ENV, type Env, type EnvName } from './env.ts';
import { ConfigError } from './errors.ts';
import { parseWith } from './parse.ts';

const fieldSchema = object({
  name: str(),
  type: str(),
  required: withDefault(bool(), false),
  default: optional(str()),
  description: optional(str()),
});
export type FieldDef = Infer<typeof fieldSchema>;

/**
 * `DAZZLE_PROCESSES`: process name → how to start it and what inputs it takes (start); for
 * run-record, workflow id (`process-x`, `schedule-x`) → its machine (a process and a schedule may
 * share a name), or any key with the workflow's `name` and `kind` given.
 * For run-record also the roles of its human tasks (`taskRoles`: their holders may read its
 * executions).
 */
export const processesConfigSchema = record(
  object({
    stateMachineArn: str(),
    inputs: withDefault(array(fieldSchema), []),
    name: optional(str()),
    kind: optional(oneOf(['process', 'schedule'])),
    taskRoles: optional(array(str())),
  }),
);
export type ProcessesConfig = Infer<typeof processesConfigSchema>;

/** `DAZZLE_INTENTS`: intent name → Bedrock model and prompt template with `{{path}}` slots. */
export const intentsConfigSchema = record(
  object({
    model_id: str(),
    prompt: str(),
    system: optional(str()),
    output: withDefault(oneOf(['text', 'json']), 'text'),
    max_tokens: withDefault(num({ int: true, positive: true }), 1024),
    temperature: optional(num()),
  }),
);
export type IntentsConfig = Infer<typeof intentsConfigSchema>;
export type IntentConfig = IntentsConfig[string];

/**
 * `DAZZLE_SCHEDULES`: schedule name → its state machine and timing. `cron` is the AWS 6-field form
 * the compiler emits (`min hour dom month dow year`), not the Unix 5-field source.
 */
export const schedulesConfigSchema = record(
  object({
    stateMachineArn: str(),
    /**
     * The id of the workflow whose slots these are (`process-x`, `schedule-x`); executions are
     * named after it, so the two halves of a split (day-of-month OR day-of-week) cron start one
     * execution for a slot both match. Default: the schedule's own key.
     */
    workflow: optional(str()),
    /** The workflow's name, `trigger.schedule` of the executions it starts. Default: `workflow`. */
    name: optional(str()),
    cron: optional(str()),
    interval_seconds: optional(num({ int: true, positive: true })),
    timezone: withDefault(str(), 'UTC'),
    catch_up: withDefault(bool(), false),
  }),
);
export type SchedulesConfig = Infer<typeof schedulesConfigSchema>;
export type ScheduleConfig = SchedulesConfig[string];

/**
 * `DAZZLE_ACCESS`: the stage's access rules (`AccessConfig` of compiler/contracts/access.ts, written
 * by infra and the dev server from the stage config validated by compiler/contracts/stage-config.ts).
 * Unset: no start rules (any caller starts), no signal over HTTP, no admin role.
 */
export const accessConfigSchema = object({
  adminRole: optional(str({ min: 1 })),
  start: optional(record(array(str()))),
  signals: optional(record(array(str()))),
  iamSignals: withDefault(bool(), false),
});
export type LoadedAccess = Infer<typeof accessConfigSchema>;
const _agrees: AccessConfig = {} as LoadedAccess;
void _agrees;

/** Read a JSON config map from `env[name]`, else from the file `env[fileName]`, else `{}`. */
export function loadJsonConfig<T>(
  env: Env,
  name: EnvName,
  fileName: EnvName,
  schema: Check<T>,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): T {
  let text = env[name];
  let origin: string = name;
  if (text === undefined || text === '') {
    const path = env[fileName];
    if (path === undefined || path === '') return parseWith(schema, {}, configError(origin));
    origin = `${fileName}=${path}`;
    try {
      text = readFile(path);
    } catch (err) {
      throw new ConfigError(`cannot read ${origin}`, err);
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${origin} is not valid JSON`, err);
  }
  return parseWith(schema, json, configError(origin));
}

function configError(origin: string) {
  return (message: string, cause: unknown) => new ConfigError(`${origin}: ${message}`, cause);
}

export const loadProcesses = (env: Env) =>
  loadJsonConfig(env, ENV.processes, ENV.processesFile, processesConfigSchema);
export const loadIntents = (env: Env) =>
  loadJsonConfig(env, ENV.intents, ENV.intentsFile, intentsConfigSchema);
export const loadAccess = (env: Env) => loadJsonConfig(env, ENV.access, ENV.accessFile, accessConfigSchema);
export const loadSchedules = (env: Env) =>
  loadJsonConfig(env, ENV.schedules, ENV.schedulesFile, schedulesConfigSchema);
