/**
 * Cron and interval schedules of the manifest, on the engine's clock: each slot starts the
 * workflow's execution named after its slot time (as Scheduler + catch-up name them, so a slot is
 * never started twice) and records the slot for catch-up. Cron follows AWS semantics (croner in
 * AWS 6-field mode, in the schedule's IANA timezone — the same code catch-up uses).
 */
import type { Cron } from 'croner';
import type { ExecutionInput } from '../../compiler/contracts/runtime.ts';
import { scheduleTriggerInput } from '../../compiler/contracts/trigger-input.ts';
import type { ManifestSchedule } from '../../compiler/manifest/schema.ts';
import { awsCron, slotExecutionName } from '../../lambdas/schedule-catch-up/slots.ts';
import type { ScheduleConfig } from '../../lambdas/shared/config.ts';
import type { ScheduleRuns } from '../../lambdas/shared/ports.ts';
import type { Clock, TimerHandle } from '../asl/index.ts';

const RATE = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\((.+)\)$/;
const UNIT_SECONDS: Record<string, number> = { minute: 60, hour: 3600, day: 86_400 };

/** A manifest schedule entry as the catch-up config wants it, or why it cannot run locally. */
export function scheduleConfig(
  entry: ManifestSchedule,
  stateMachineArn: string,
): { config: ScheduleConfig } | { skipped: string } {
  if (typeof entry.expression !== 'string')
    return { skipped: `its expression is the deploy-time parameter '${entry.expression.param}'` };
  if (typeof entry.timezone !== 'string')
    return { skipped: `its timezone is the deploy-time parameter '${entry.timezone.param}'` };
  const base = { stateMachineArn, timezone: entry.timezone, catch_up: entry.catch_up };
  const cron = CRON.exec(entry.expression);
  if (cron) return { config: { ...base, cron: cron[1] } };
  const rate = RATE.exec(entry.expression);
  if (rate)
    return {
      config: { ...base, interval_seconds: Number(rate[1]) * UNIT_SECONDS[rate[2].replace(/s$/, '')] },
    };
  return { skipped: `unsupported schedule expression ${entry.expression}` };
}

export interface RecurringSchedule {
  id: string;
  workflow: string;
  config: ScheduleConfig;
}

export interface SlotStarter {
  start(stateMachineArn: string, name: string, input: ExecutionInput): void;
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
    const { id, config, workflow } = a.schedule;
    const input = scheduleTriggerInput(workflow, slot);
    try {
      // Named after the workflow, so a slot both halves of a split cron match starts once.
      this.starter.start(config.stateMachineArn, slotExecutionName(workflow, slot), input);
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
