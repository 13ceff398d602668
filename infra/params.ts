/**
 * Deploy-time parameters (`param("key")` in the DSL): a schedule's cron, timezone and timeout. The
 * manifest keeps them as `{param: key}`; the construct's `params` prop supplies the values, which
 * are checked and converted here exactly as the compiler converts literal ones.
 */
import { durationSeconds } from '../compiler/lexer/duration.ts';
import type { ManifestSchedule } from '../compiler/manifest/schema.ts';
import { compileCron, isValidTimezone, suggestTimezones } from '../compiler/schedule/index.ts';

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

export class Params {
  constructor(private readonly values: Readonly<Record<string, string>>) {}

  get(key: string, usedBy: string): string {
    const value = Object.hasOwn(this.values, key) ? this.values[key] : undefined;
    if (value === undefined || value === '') {
      const known = Object.keys(this.values).sort().join(', ') || 'none';
      throw new Error(
        `${usedBy} uses param("${key}") but params has no '${key}' (given: ${known}); add it to 'params'`,
      );
    }
    return value;
  }

  /** The schedules of one manifest entry (a Unix cron from a param may split into two). */
  schedules(workflow: string, entry: ManifestSchedule): ResolvedSchedule[] {
    const timezone =
      typeof entry.timezone === 'string' ? entry.timezone : this.get(entry.timezone.param, workflow);
    if (!isValidTimezone(timezone)) {
      const close = suggestTimezones(timezone);
      throw new Error(
        `schedule '${entry.id}' has timezone '${timezone}', which is not an IANA timezone` +
          (close.length > 0 ? ` (did you mean ${close.join(' or ')}?)` : ''),
      );
    }
    let expressions: string[];
    if (typeof entry.expression === 'string') {
      expressions = [entry.expression];
    } else {
      const raw = this.get(entry.expression.param, workflow).trim();
      if (/^(cron|rate)\(.*\)$/.test(raw)) {
        expressions = [raw];
      } else {
        const compiled = compileCron(raw, { file: `param:${entry.expression.param}`, line: 1, column: 1 });
        const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
        if (!compiled.schedules || errors.length > 0) {
          throw new Error(
            `param '${entry.expression.param}' = '${raw}' (cron of ${workflow}) is not a valid cron: ` +
              errors.map((d) => d.message).join('; '),
          );
        }
        expressions = compiled.schedules.expressions;
      }
    }
    return expressions.map((expression, i) => {
      const cron = /^cron\((.*)\)$/.exec(expression)?.[1];
      const rate = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression);
      const unit = rate ? { minute: 60, hour: 3600, day: 86400 }[rate[2] as 'minute' | 'hour' | 'day'] : 0;
      return {
        id: i === 0 ? entry.id : `${entry.id}-${i + 1}`,
        expression,
        timezone,
        catchUp: entry.catch_up,
        ...(cron !== undefined ? { cron } : {}),
        ...(rate ? { intervalSeconds: Number(rate[1]) * unit } : {}),
      };
    });
  }

  /** The timeout of a workflow whose `timeout: param("key")`: seconds or `30s|5m|2h|7d`. */
  timeoutSeconds(workflow: string, param: string): number {
    // The manifest's timeout_param is the key, or the `param("key")` text as written.
    const key = /^param\(\s*["']([^"']+)["']\s*\)$/.exec(param)?.[1] ?? param;
    const raw = this.get(key, workflow).trim();
    const seconds = /^\d+$/.test(raw) ? Number(raw) : durationSeconds(raw);
    if (seconds === undefined || seconds <= 0) {
      throw new Error(
        `param '${key}' = '${raw}' (timeout of ${workflow}) is not a duration; use seconds or 30s, 5m, 2h, 7d`,
      );
    }
    return seconds;
  }
}
