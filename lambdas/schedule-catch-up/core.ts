/**
 * Catch-up for `catch_up: true` schedules (run on deploy / startup): start every slot missed since
 * the last recorded one, each execution named after its slot time, so running catch-up twice starts
 * nothing twice (ExecutionAlreadyExists is the expected answer the second time). A schedule with no
 * record yet gets one (now) and starts nothing.
 */
import { scheduleTriggerInput } from '../../compiler/contracts/trigger-input.ts';
import type { SchedulesConfig } from '../shared/config.ts';
import type { Log } from '../shared/logger.ts';
import type { Clock, Executions, ScheduleRuns } from '../shared/ports.ts';
import { missedSlots, slotExecutionName } from './slots.ts';

export interface CatchUpDeps {
  schedules: SchedulesConfig;
  executions: Executions;
  runs: ScheduleRuns;
  clock: Clock;
  log: Log;
  maxSlots: number;
}

export interface CatchUpReport {
  schedule: string;
  started: number;
  existing: number;
  truncated: boolean;
  first_run?: true;
}

export async function catchUp(deps: CatchUpDeps, only?: readonly string[]): Promise<CatchUpReport[]> {
  const reports: CatchUpReport[] = [];
  for (const [name, schedule] of Object.entries(deps.schedules)) {
    if (!schedule.catch_up || (only && !only.includes(name))) continue;
    reports.push(await catchUpOne(name, deps));
  }
  return reports;
}

async function catchUpOne(name: string, deps: CatchUpDeps): Promise<CatchUpReport> {
  const schedule = deps.schedules[name];
  const workflow = schedule.workflow ?? name;
  const now = deps.clock.now();
  const last = await deps.runs.lastSlot(name);
  if (last === undefined) {
    await deps.runs.record(name, now.toISOString(), now.toISOString());
    deps.log.info('catch-up: first run, nothing to catch up', { schedule: name });
    return { schedule: name, started: 0, existing: 0, truncated: false, first_run: true };
  }
  const { slots, truncated } = missedSlots(schedule, new Date(last), now, deps.maxSlots);
  if (truncated)
    deps.log.warn('catch-up: more missed slots than the cap; starting only the most recent', {
      schedule: name,
      max_slots: deps.maxSlots,
      last_recorded: last,
      oldest_started: slots[0]?.toISOString(),
    });
  let started = 0;
  for (const slot of slots) {
    const input = scheduleTriggerInput(schedule.name ?? workflow, slot, true);
    const result = await deps.executions.start(
      schedule.stateMachineArn,
      slotExecutionName(workflow, slot),
      JSON.stringify(input),
    );
    if (result.started) started++;
  }
  const newest = slots.at(-1);
  if (newest) await deps.runs.record(name, newest.toISOString(), now.toISOString());
  deps.log.info('catch-up done', { schedule: name, slots: slots.length, started });
  return { schedule: name, started, existing: slots.length - started, truncated };
}
