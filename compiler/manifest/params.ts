/**
 * Deploy-time parameters (`param("key")` in a schedule's cron, timezone and timeout): the manifest
 * keeps them as `{param: key}` / `timeout_param`; the values (construct props, cdk.json context,
 * `dazzle-sfn dev --param`) are checked and converted here exactly as the compiler converts literal
 * ones. Pure: infra and the local runtime both resolve through this module.
 */
import { splitScheduleId } from '../contracts/names.ts';
import { durationSeconds } from '../lexer/duration.ts';
import { compileCron, isValidTimezone, suggestTimezones } from '../schedule/index.ts';
import type { ManifestSchedule, ManifestWorkflow } from './schema.ts';

export type ParamValues = Readonly<Record<string, string>>;

/** One EventBridge Scheduler schedule, ready for `ScheduleExpression.expression`. */
export interface ResolvedSchedule {
  readonly id: string;
  readonly expression: string;
  readonly timezone: string;
  readonly catchUp: boolean;
  /** The cron (AWS 6-field, no `cron()`) for schedule-catch-up, or the interval in seconds. */
  readonly cron?: string;
  readonly intervalSeconds?: number;
}

/** A param that cannot be resolved; `param` is its key, `workflow` the workflow that uses it. */
export class ParamError extends Error {
  override readonly name: string = 'ParamError';
  constructor(
    message: string,
    readonly workflow: string,
    readonly param: string,
  ) {
    super(message);
  }
}

/** The values have no (or an empty) entry for a key the manifest uses. */
export class MissingParam extends ParamError {
  override readonly name = 'MissingParam';
}

/** The value is there but is not a cron, an IANA timezone or a duration. */
export class InvalidParam extends ParamError {
  override readonly name = 'InvalidParam';
}

/** The value of `key`, used by `workflow`. */
export function paramValue(values: ParamValues, key: string, workflow: string): string {
  const value = Object.hasOwn(values, key) ? values[key] : undefined;
  if (value === undefined || value === '') {
    const known = Object.keys(values).sort().join(', ') || 'none';
    throw new MissingParam(
      `${workflow} uses param("${key}") but params has no '${key}' (given: ${known}); add it to 'params'`,
      workflow,
      key,
    );
  }
  return value;
}

/** The keys of the params one workflow uses (schedules and timeout), in manifest order. */
export function paramKeys(w: ManifestWorkflow): string[] {
  const keys = w.schedules.flatMap((s) =>
    [s.expression, s.timezone].flatMap((v) => (typeof v === 'string' ? [] : [v.param])),
  );
  if (w.timeout_param) keys.push(timeoutParamKey(w.timeout_param));
  return [...new Set(keys)];
}

/** The schedules of one manifest entry (a Unix cron from a param may split into two). */
export function resolveSchedules(
  workflow: string,
  entry: ManifestSchedule,
  values: ParamValues,
): ResolvedSchedule[] {
  const timezone = resolveTimezone(workflow, entry, values);
  const expressions =
    typeof entry.expression === 'string'
      ? [entry.expression]
      : cronExpressions(workflow, entry.expression.param, values);
  return expressions.map((expression, i) => {
    const cron = /^cron\((.*)\)$/.exec(expression)?.[1];
    const rate = /^rate\((\d+)\s+(minute|hour|day)s?\)$/.exec(expression);
    const unit = rate ? RATE_UNIT_SECONDS[rate[2] as keyof typeof RATE_UNIT_SECONDS] : 0;
    return {
      id: i === 0 ? entry.id : splitScheduleId(entry.id, i + 1),
      expression,
      timezone,
      catchUp: entry.catch_up,
      ...(cron !== undefined ? { cron } : {}),
      ...(rate ? { intervalSeconds: Number(rate[1]) * unit } : {}),
    };
  });
}

/** A `param(…)` schedule as it is armed: the cron/rate value, the AWS expression(s) and the timezone. */
export interface ResolvedParamSchedule {
  readonly source: string;
  readonly expressions: string[];
  readonly timezone: string;
}

/**
 * What a schedule with a `param(…)` expression or timezone resolves to with `values`; undefined
 * when it has no param (nothing to resolve) or a param has no valid value (it is not armed).
 */
export function resolveParamSchedule(
  workflow: string,
  entry: ManifestSchedule,
  values: ParamValues,
): ResolvedParamSchedule | undefined {
  if (typeof entry.expression === 'string' && typeof entry.timezone === 'string') return undefined;
  try {
    const resolved = resolveSchedules(workflow, entry, values);
    return {
      source:
        typeof entry.expression === 'string'
          ? entry.source
          : paramValue(values, entry.expression.param, workflow),
      expressions: resolved.map((r) => r.expression),
      timezone: String(resolved[0]?.timezone ?? 'UTC'),
    };
  } catch (error) {
    if (error instanceof ParamError) return undefined;
    throw error;
  }
}

/** The timeout of a workflow whose `timeout: param("key")`: seconds or `30s|5m|2h|7d`. */
export function resolveTimeoutSeconds(workflow: string, timeoutParam: string, values: ParamValues): number {
  const key = timeoutParamKey(timeoutParam);
  const raw = paramValue(values, key, workflow).trim();
  const seconds = /^\d+$/.test(raw) ? Number(raw) : durationSeconds(raw);
  if (seconds === undefined || seconds <= 0) {
    throw new InvalidParam(
      `param '${key}' = '${raw}' (timeout of ${workflow}) is not a duration; use seconds or 30s, 5m, 2h, 7d`,
      workflow,
      key,
    );
  }
  return seconds;
}

/** The manifest's `timeout_param` is the key, or the `param("key")` text as written. */
export function timeoutParamKey(timeoutParam: string): string {
  return /^param\(\s*["']([^"']+)["']\s*\)$/.exec(timeoutParam)?.[1] ?? timeoutParam;
}

const RATE_UNIT_SECONDS = { minute: 60, hour: 3600, day: 86_400 } as const;

function resolveTimezone(workflow: string, entry: ManifestSchedule, values: ParamValues): string {
  if (typeof entry.timezone === 'string') return entry.timezone;
  const key = entry.timezone.param;
  const timezone = paramValue(values, key, workflow).trim();
  if (!isValidTimezone(timezone)) {
    const close = suggestTimezones(timezone);
    throw new InvalidParam(
      `${workflow} has timezone '${timezone}', which is not an IANA timezone` +
        (close.length > 0 ? ` (did you mean ${close.join(' or ')}?)` : '') +
        `; fix param '${key}'`,
      workflow,
      key,
    );
  }
  return timezone;
}

/** A param cron: AWS `cron(…)`/`rate(…)` as given, or a Unix 5-field cron compiled to one or two. */
function cronExpressions(workflow: string, key: string, values: ParamValues): string[] {
  const raw = paramValue(values, key, workflow).trim();
  if (/^(cron|rate)\(.*\)$/.test(raw)) return [raw];
  const compiled = compileCron(raw, { file: `param:${key}`, line: 1, column: 1 });
  const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
  if (!compiled.schedules || errors.length > 0) {
    throw new InvalidParam(
      `param '${key}' = '${raw}' (cron of ${workflow}) is not a valid cron: ` +
        errors.map((d) => d.message).join('; '),
      workflow,
      key,
    );
  }
  return compiled.schedules.expressions;
}
