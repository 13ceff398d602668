/**
 * Cron and interval schedules of the manifest, on the engine's clock: each slot starts the
 * workflow's execution through the trigger router, as Scheduler's target does (named after its
 * slot time, as catch-up names a missed one, so a slot is never started twice), and records the
 * slot for catch-up. Cron follows AWS semantics (croner in
 * AWS 6-field mode, in the schedule's IANA timezone — the same code catch-up uses).
 */
import type { Cron } from 'croner';
import {
  MissingParam,
  type ParamValues,
  type ResolvedSchedule,
  resolveSchedules,
} from '../../compiler/manifest/params.ts';
import type { ManifestSchedule } from '../../compiler/manifest/schema.ts';
import { awsCron } from '../../lambdas/schedule-catch-up/slots.ts';
import type { ScheduleConfig } from '../../lambdas/shared/config.ts';
import type { ScheduleRuns } from '../../lambdas/shared/ports.ts';
import type { Clock, TimerHandle } from '../asl/index.ts';

/**
 * The catch-up configs of a manifest schedule entry (a Unix cron from a param may split into two),
 * or why it cannot run locally: a param with no value. An invalid value throws `InvalidParam`.
 */
export function scheduleConfigs(
  workflow: string,
  entry: ManifestSchedule,
  stateMachineArn: string,
  params: ParamValues = {},
): { configs: { id: string; config: ScheduleConfig }[] } | { skipped: string } {
  let resolved: ResolvedSchedule[];
  try {
    resolved = resolveSchedules(workflow, entry, params);
  } catch (error) {
    if (!(error instanceof MissingParam)) throw error;
    return { skipped: missingParams(entry, params) };
  }
  const configs: { id: string; config: ScheduleConfig }[] = [];
  for (const r of resolved) {
    const base = { stateMachineArn, timezone: r.timezone, catch_up: r.catchUp };
    if (r.cron !== undefined) configs.push({ id: r.id, config: { ...base, cron: r.cron } });
    else if (r.intervalSeconds !== undefined)
      configs.push({ id: r.id, config: { ...base, interval_seconds: r.intervalSeconds } });
    else return { skipped: `unsupported schedule expression ${r.expression}` };
  }
  return { configs };
}

/** `its expression is the deploy-time parameter 'k' (no value: pass --param k=…)`, per field. */
function missingParams(entry: ManifestSchedule, params: ParamValues): string {
  const missing = (['expression', 'timezone'] as const).flatMap((field) => {
    const value = entry[field];
    const given =
      typeof value === 'string' || (Object.hasOwn(params, value.param) && params[value.param] !== '');
    return given ? [] : [{ field, key: value.param }];
  });
  const what = missing.map((m) => `its ${m.field} is the deploy-time parameter '${m.key}'`).join(' and ');
  return `${what} (no value: pass ${missing.map((m) => `--param ${m.key}=…`).join(' ')})`;
}

export interface RecurringSchedule {
  id: string;
  /** The workflow id (`process-x`, `schedule-x`): slot executions are named after it. */
  workflow: string;
  config: ScheduleConfig;
}

/** Starts the slot's execution, as Scheduler's target does (through the trigger router). */
export interface SlotStarter {
  start(schedule: RecurringSchedule, slot: Date): void;
}

interface Armed {
  schedule: RecurringSchedule;
  cron?: Cron;
  timer?: TimerHandle;
  next?: Date;
}

export class RecurringScheduler {
  private armed: Armed[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly starter: SlotStarter,
    private readonly runs: ScheduleRuns,
    private readonly onError: (message: string) => void = () => {},
  ) {}

  /** Arms every schedule from now on (replacing what was armed). */
  start(schedules: RecurringSchedule[]): void {
    this.stop();
    const now = this.clock.now();
    this.armed = schedules.map((schedule) => {
      const a: Armed = { schedule };
      if (schedule.config.cron !== undefined)
        a.cron = awsCron(schedule.config.cron, schedule.config.timezone);
      this.arm(a, new Date(now));
      return a;
    });
  }

  stop(): void {
    for (const a of this.armed) a.timer?.cancel();
    this.armed = [];
  }

  /** The next slot of each schedule. */
  upcoming(): { id: string; workflow: string; next?: Date }[] {
    return this.armed.map((a) => ({ id: a.schedule.id, workflow: a.schedule.workflow, next: a.next }));
  }

  private arm(a: Armed, after: Date): void {
    const next = a.cron
      ? (a.cron.nextRun(after) ?? undefined)
      : new Date(after.getTime() + (a.schedule.config.interval_seconds ?? 0) * 1000);
    a.next = next;
    if (!next) return;
    a.timer = this.clock.setTimer(next.getTime() - this.clock.now(), () => this.fire(a, next));
  }

  private fire(a: Armed, slot: Date): void {
    const { id } = a.schedule;
    try {
      this.starter.start(a.schedule, slot);
    } catch (error) {
      this.onError(`schedule ${id}: ${(error as Error).message}`);
    }
    const release = this.clock.hold();
    this.runs
      .record(id, slot.toISOString(), new Date(this.clock.now()).toISOString())
      .catch((error: unknown) =>
        this.onError(`schedule ${id}: could not record the slot: ${(error as Error).message}`),
      )
      .finally(release);
    this.arm(a, slot);
  }
}
