/**
 * An execution's history (AWS `GetExecutionHistory` events from the local engine) folded into what
 * the console shows: one row per state visit with its input, output, attempts and errors, the
 * states still running, and which diagram node each state belongs to.
 */
import { outcomeError } from '../../compiler/contracts/runtime.ts';
import type { HistoryEvent } from '../asl/index.ts';
import type { StateVisit } from './web/types.ts';

export type { StateVisit };

const detailsOf = (e: HistoryEvent): Record<string, unknown> => {
  for (const [k, v] of Object.entries(e))
    if (k.endsWith('EventDetails') && v && typeof v === 'object') return v as never;
  return {};
};

const parsed = (text: unknown): unknown => {
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** A human task resumed with an outcome after its first fails with this error (then caught). */
const OUTCOME_ERROR = outcomeError('');

/** Compensation states are named `Failure compensate <compensation>[ …]`. */
const COMPENSATE = /^Failure compensate (\S+)/;

export function stepOfState(name: string): string {
  return COMPENSATE.exec(name)?.[1] ?? name.split(' ')[0];
}

/**
 * Visits in the order they were entered. Events of parallel branches and map iterations chain by
 * `previousEventId`, so each task event is attributed to the visit its thread last entered.
 */
export function stateVisits(events: readonly HistoryEvent[]): StateVisit[] {
  const visits: StateVisit[] = [];
  /** event id → the visit whose thread that event belongs to */
  const visitOf = new Map<number, StateVisit>();
  for (const e of events) {
    const d = detailsOf(e);
    const current = visitOf.get(e.previousEventId);
    if (e.type.endsWith('StateEntered')) {
      const name = String(d.name ?? '?');
      const visit: StateVisit = {
        name,
        type: e.type.slice(0, -'StateEntered'.length),
        step: stepOfState(name),
        entered_at: e.timestamp.toISOString(),
        input: parsed(d.input),
        attempts: 0,
        errors: [],
        status: 'running',
        compensation: COMPENSATE.test(name),
      };
      visits.push(visit);
      visitOf.set(e.id, visit);
      continue;
    }
    const visit = current ?? [...visits].reverse().find((v) => v.status === 'running');
    if (!visit) continue;
    visitOf.set(e.id, visit);
    if (e.type.endsWith('StateExited')) {
      visit.exited_at = e.timestamp.toISOString();
      visit.output = parsed(d.output);
      if (visit.status === 'running') visit.status = 'succeeded';
    } else if (e.type === 'TaskScheduled') visit.attempts++;
    else if (e.type === 'TaskFailed' && String(d.error).startsWith(OUTCOME_ERROR)) {
      // The outcome taken, not a failure: the task catches it to the outcome's goto (no exit event).
      visit.outcome = String(d.error).slice(OUTCOME_ERROR.length);
      visit.exited_at = e.timestamp.toISOString();
      visit.output = parsed(d.cause);
      visit.status = 'succeeded';
    } else if (e.type === 'TaskFailed' || e.type === 'TaskTimedOut')
      visit.errors.push({ error: d.error as string | undefined, cause: d.cause as string | undefined });
  }
  // A visit that ended without an exit event failed (its error was caught or ended the run).
  const last = events.at(-1);
  const ended = last?.type.startsWith('Execution') === true && last.type !== 'ExecutionStarted';
  if (ended) for (const v of visits) if (v.status === 'running') v.status = 'failed';
  return visits;
}

/** The states entered and not yet left (several inside a Parallel or Map). */
export function runningStates(visits: readonly StateVisit[]): string[] {
  return visits
    .filter((v) => v.status === 'running' && v.type !== 'Parallel' && v.type !== 'Map')
    .map((v) => v.name);
}
