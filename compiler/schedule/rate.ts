import { type Diagnostic, diagnostic, type Location } from '../diagnostics/diagnostic.ts';

const UNITS = [
  { seconds: 86_400, singular: 'day', plural: 'days' },
  { seconds: 3_600, singular: 'hour', plural: 'hours' },
  { seconds: 60, singular: 'minute', plural: 'minutes' },
] as const;

/**
 * An interval as an EventBridge Scheduler rate expression, in the largest unit that divides it:
 * `rate(value unit)` with a positive whole value and unit minute(s) | hour(s) | day(s), singular when
 * the value is 1 (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#rate-based).
 * There is no unit below a minute, so an interval under 60 s or not a whole number of minutes is a
 * DZ319 error at `at`.
 */
export function rateExpression(
  seconds: number,
  at: Location,
): { expression?: string; diagnostics: Diagnostic[] } {
  const problem =
    !Number.isInteger(seconds) || seconds <= 0
      ? `interval ${seconds}s is not a positive whole number of seconds`
      : seconds < 60
        ? `interval ${seconds}s is shorter than EventBridge Scheduler's minimum of 1 minute`
        : seconds % 60 !== 0
          ? `interval ${seconds}s is not a whole number of minutes (EventBridge Scheduler rates count minutes, hours or days)`
          : undefined;
  if (problem !== undefined) return { diagnostics: [diagnostic('DZ319', problem, at)] };
  const unit = UNITS.find((u) => seconds % u.seconds === 0)!;
  const count = seconds / unit.seconds;
  return { expression: `rate(${count} ${count === 1 ? unit.singular : unit.plural})`, diagnostics: [] };
}
