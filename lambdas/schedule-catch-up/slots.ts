/**
 * Missed schedule slots, with AWS EventBridge Scheduler semantics: AWS 6-field cron in the schedule's
 * IANA timezone (croner in 7-part mode with a 0 seconds field and AWS weekday numbering). Around DST,
 * Scheduler skips a local time the change removes and runs a repeated local time once; croner moves
 * a removed time to after the gap and may return both instants of a repeated one, so slots whose
 * local time does not match the pattern are dropped and repeated local times are kept once.
 */
import { Cron } from 'croner';
import type { ScheduleConfig } from '../shared/config.ts';
import { ConfigError } from '../shared/errors.ts';

export interface MissedSlots {
  /** Oldest first. */
  slots: Date[];
  /** More slots were missed than `max`; the older ones were left out. */
  truncated: boolean;
}

export function awsCron(expression: string, timezone: string): Cron {
  try {
    return new Cron(`0 ${expression.trim()}`, {
      mode: '7-part',
      alternativeWeekdays: true,
      // AWS writes steps with a numeric start (`0/15`); croner calls that sloppy.
      sloppyRanges: true,
      timezone,
      paused: true,
    });
  } catch (err) {
    throw new ConfigError(`invalid AWS cron '${expression}' (${timezone}): ${(err as Error).message}`, err);
  }
}

function localWallTime(d: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(d);
}

/** Slots strictly after `after` and strictly before `now`, at most `max` (the most recent ones). */
export function missedSlots(schedule: ScheduleConfig, after: Date, now: Date, max: number): MissedSlots {
  if (schedule.cron !== undefined) return cronSlots(schedule.cron, schedule.timezone, after, now, max);
  if (schedule.interval_seconds !== undefined)
    return intervalSlots(schedule.interval_seconds, after, now, max);
  throw new ConfigError('a schedule needs cron or interval_seconds');
}

function cronSlots(expression: string, timezone: string, after: Date, now: Date, max: number): MissedSlots {
  const cron = awsCron(expression, timezone);
  // One extra to learn whether older slots were left out; a few more for DST duplicates.
  const recent = cron.previousRuns(max + 3, now).filter((d) => d > after && d < now && cron.match(d));
  const seen = new Set<string>();
  const slots: Date[] = [];
  for (const d of recent.sort((a, b) => a.getTime() - b.getTime())) {
    const wall = localWallTime(d, timezone);
    if (seen.has(wall)) continue;
    seen.add(wall);
    slots.push(d);
  }
  const truncated = slots.length > max;
  return { slots: truncated ? slots.slice(-max) : slots, truncated };
}

/** Interval schedules run every `seconds` from the last recorded slot. */
function intervalSlots(seconds: number, after: Date, now: Date, max: number): MissedSlots {
  const step = seconds * 1000;
  const count = Math.max(0, Math.ceil((now.getTime() - after.getTime()) / step) - 1);
  const first = Math.max(1, count - max + 1);
  const slots: Date[] = [];
  for (let k = first; k <= count; k++) slots.push(new Date(after.getTime() + k * step));
  return { slots, truncated: count > max };
}

/** `<schedule>-20261125T080000Z`: at most 80 characters, only characters Step Functions allows. */
export function slotExecutionName(schedule: string, slot: Date): string {
  const stamp = slot
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const prefix = schedule.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80 - stamp.length - 1);
  return `${prefix}-${stamp}`;
}
