import jsonata from 'jsonata';
import { expect } from 'vitest';
import { emitStateMachine } from '../../../compiler/emit/asl/process.ts';
import type { State, StateMachineDefinition } from '../../../compiler/emit/asl/types.ts';
import type { SourceMap } from '../../../compiler/ir/locations.ts';
import type { ProcessSpec, ScheduleSpec } from '../../../compiler/ir/types.ts';
import { planWorkflow, workflowOf } from '../../../compiler/plan/index.ts';
import { aslValidator } from '../../../host/asl-validator.ts';

export const AT = { file: 'test.dsl', line: 1, column: 1 };

/** `sourceMap` says which fields were written (a process's `overlap:` counts only when written). */
export function emitProcess(spec: ProcessSpec, sourceMap?: SourceMap) {
  return emitStateMachine(planWorkflow(workflowOf({ kind: 'process', spec }, sourceMap)), sourceMap, AT);
}

export function emitSchedule(spec: ScheduleSpec) {
  return emitStateMachine(planWorkflow(workflowOf({ kind: 'schedule', spec })), undefined, AT);
}

export function expectValid(definition: StateMachineDefinition): void {
  const result = aslValidator()(definition);
  expect(result.isValid, result.errorsText('\n')).toBe(true);
}

/** Every state of a definition by name, nested ones included. */
export function allStates(states: Record<string, State>): Record<string, State> {
  const out: Record<string, State> = {};
  for (const [name, state] of Object.entries(states)) {
    out[name] = state;
    if (state.Type === 'Parallel') for (const b of state.Branches) Object.assign(out, allStates(b.States));
    if (state.Type === 'Map') Object.assign(out, allStates(state.ItemProcessor.States));
  }
  return out;
}

/** Evaluates a `{% … %}` template string with variables (`states` = `$states`). */
export async function evaluate(template: unknown, bindings: Record<string, unknown>): Promise<unknown> {
  if (typeof template !== 'string') throw new Error(`not a template: ${JSON.stringify(template)}`);
  const m = /^\{% ([\s\S]*) %\}$/.exec(template);
  if (!m) throw new Error(`not JSONata: ${template}`);
  // `$parse`, one of the functions Step Functions adds to JSONata (the emitted ASL uses it).
  const result = await jsonata(m[1]).evaluate({}, { parse: (text: string) => JSON.parse(text), ...bindings });
  return result === undefined ? undefined : JSON.parse(JSON.stringify(result));
}

/** Evaluates every JSONata string of a template object (like Assign). */
export async function evaluateObject(
  template: Record<string, unknown>,
  bindings: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(template)) {
    out[k] = typeof v === 'string' && v.startsWith('{%') ? await evaluate(v, bindings) : v;
  }
  return out;
}
