import type { StateMachineDefinition } from '../emit/asl/types.ts';
import type { ManifestWorkflow } from '../manifest/schema.ts';
import { costliestPath, countStates } from './aslPaths.ts';

/** What a process or schedule compiles to, for `inspect`. */
export interface CompiledShape {
  workflow_type: 'STANDARD' | 'EXPRESS';
  /** Why it got that type (the manifest's reason). */
  workflow_type_reason: string;
  /** Every state, nested ones included. */
  state_count: number;
  states_by_type: Record<string, number>;
  /** The top-level states of a clean successful run, in order (see `aslPaths.ts`). */
  happy_path: string[];
  /** Billed transitions of that run (nested states included). */
  happy_path_transitions: number;
  /** EventBridge Scheduler schedules, in AWS form (`cron(0 8 * * ? *)`, `rate(1 hour)`). */
  schedules: { expression: string; timezone: string; catch_up: boolean; split: boolean }[];
}

export function compiledShape(entry: ManifestWorkflow, definition: StateMachineDefinition): CompiledShape {
  const byType = countStates(definition);
  const happy = costliestPath(definition, 'happy');
  const param = (v: string | { param: string }) => (typeof v === 'string' ? v : `param("${v.param}")`);
  return {
    workflow_type: entry.workflow_type,
    workflow_type_reason: entry.workflow_type_reason,
    state_count: Object.values(byType).reduce((a, b) => a + b, 0),
    states_by_type: byType,
    happy_path: happy?.states ?? [],
    happy_path_transitions: happy?.transitions ?? 0,
    schedules: entry.schedules.map((s) => ({
      expression: param(s.expression),
      timezone: param(s.timezone),
      catch_up: s.catch_up,
      split: s.split,
    })),
  };
}

export function formatCompiledShape(shape: CompiledShape): string[] {
  const types = Object.entries(shape.states_by_type)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([t, n]) => `${n} ${t}`)
    .join(', ');
  const lines = [
    'compiled:',
    `  type:       ${shape.workflow_type} — ${shape.workflow_type_reason}`,
    `  states:     ${shape.state_count} (${types})`,
    `  happy path: ${shape.happy_path_transitions} transitions`,
    `    ${shape.happy_path.join(' → ')}`,
  ];
  for (const s of shape.schedules) {
    lines.push(
      `  schedule:   ${s.expression} ${s.timezone}${s.split ? ' (split)' : ''}${s.catch_up ? ', catch up' : ''}`,
    );
  }
  return lines;
}
