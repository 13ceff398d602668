/** What the state implementations share: the running execution, its host, and the block runner. */
import type { Clock } from './clock.ts';
import { EvaluationError, STATES_ERRORS, StatesError } from './errors.ts';
import type { HistoryRecorder, Thread } from './history.ts';
import type { IntegrationHost } from './integrations/call.ts';
import type { CompiledMachine, MapState } from './machine.ts';
import type { Random } from './random.ts';
import type { Scope } from './scope.ts';
import type { Position } from './snapshot.ts';
import { evaluateTemplate, type Template } from './template.ts';

/** What the interpreter needs to know about the execution it runs. */
export interface RunningExecution {
  arn: string;
  name: string;
  stateMachineArn: string;
  stateMachineName: string;
  roleArn: string;
  input: unknown;
  startTime: number;
  transitions: number;
  history: HistoryRecorder;
  /** Times it was redriven (`$states.context.Execution.RedriveCount`). */
  redriveCount?: number;
}

export interface InterpreterHost extends IntegrationHost {
  clock: Clock;
  random: Random;
  /** Runs one DISTRIBUTED Map iteration as a child execution; resolves with its output. */
  runMapIteration(
    parent: RunningExecution,
    state: MapState,
    index: number,
    input: unknown,
    signal: AbortSignal,
  ): Promise<unknown>;
}

/** One visit of a state: its input and where it runs. */
export interface Visit {
  input: unknown;
  scope: Scope;
  thread: Thread;
  signal: AbortSignal;
  /** When the state was entered (clock ms). */
  entered: number;
  /** The id of the state's `…StateEntered` history event. */
  enteredEventId: number;
  /** The saved position this visit resumes from (snapshot.ts), if it does. */
  resume?: Position;
}

export interface Step {
  output: unknown;
  /** Undefined: the block ends here. */
  next?: string;
}

/** The `$states` value (or a part of it) of one evaluation. */
export type StatesVar = Record<string, unknown>;

/** The interpreter as the Task, Parallel and Map implementations see it. */
export interface StateRunner {
  readonly host: InterpreterHost;
  readonly exec: RunningExecution;
  /** The execution as integrations see it (`IntegrationContext.execution`), one object per run. */
  readonly execution: { arn: string; name: string; stateMachineArn: string };
  /** `seedOf(exec.arn)`, from which each Task's request seed goes on. */
  readonly arnSeed: number;
  runBlock(
    machine: CompiledMachine,
    input: unknown,
    scope: Scope,
    thread: Thread,
    signal: AbortSignal,
    resume?: Position,
  ): Promise<unknown>;
  bindings(scope: Scope, states: StatesVar): Record<string, unknown>;
  /**
   * Turns a state's `EvaluationError` into the error AWS reports (cause prefixed with the state and
   * its entered event) and records the `EvaluationFailed` event; other errors pass unchanged.
   */
  evaluationFailed(error: unknown, stateName: string, visit: Visit): unknown;
}

/** AWS limits state input, output and task results to 256 KiB of UTF-8 JSON. */
export const MAX_PAYLOAD_BYTES = 256 * 1024;

/** Fails with States.DataLimitExceeded when `value` is over the payload limit (`what` `name`). */
export function checkPayloadSize(value: unknown, what: string, name: string): void {
  // Most payloads are far below the limit: a walk that bounds their size from above, without
  // building their JSON text, rules them out; the others are measured exactly.
  if (jsonBytesAtMost(value, MAX_PAYLOAD_BYTES) !== undefined) return;
  const text = JSON.stringify(value) ?? '';
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_PAYLOAD_BYTES) {
    throw new StatesError(
      STATES_ERRORS.dataLimitExceeded,
      `The size of ${what} '${name}' (${bytes} bytes) exceeds the maximum of ${MAX_PAYLOAD_BYTES} bytes`,
    );
  }
}

/**
 * An upper bound of the UTF-8 size of `JSON.stringify(value)`, or undefined once it passes
 * `budget`. A UTF-16 unit is at most 6 bytes in JSON (`\u001f`; a surrogate pair is 4 bytes for
 * two units), a number at most 26 characters (`-0.0000001234567890123456789`).
 */
export function jsonBytesAtMost(value: unknown, budget: number): number | undefined {
  switch (typeof value) {
    case 'string':
      return 2 + 6 * value.length <= budget ? 2 + 6 * value.length : undefined;
    case 'number':
    case 'boolean':
      return 32 <= budget ? 32 : undefined;
    case 'object': {
      if (value === null) return 4 <= budget ? 4 : undefined;
      // toJSON (Dates, …) decides its own text: measure it exactly.
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return undefined;
      let used = 2;
      if (Array.isArray(value)) {
        for (const item of value) {
          const n = jsonBytesAtMost(item, budget - used - 1);
          if (n === undefined) return undefined;
          used += n + 1;
        }
        return used;
      }
      for (const key in value) {
        const item = (value as Record<string, unknown>)[key];
        const n = jsonBytesAtMost(item, budget - used - 6 * key.length - 4);
        if (n === undefined) return undefined;
        used += n + 6 * key.length + 4;
      }
      return used;
    }
    default:
      // undefined, functions, symbols are left out of JSON (or written as null); bigint throws.
      return typeof value === 'bigint' ? undefined : 4 <= budget ? 4 : undefined;
  }
}

/** The integer a field evaluates to (synchronously when no jsonata evaluation is needed). */
export function integerField(
  t: Template,
  bindings: Record<string, unknown>,
  field: string,
  min: number,
): number | Promise<number> {
  const v = evaluateTemplate(t, bindings, field);
  return v instanceof Promise ? v.then((x) => checkInteger(x, field, min)) : checkInteger(v, field, min);
}

function checkInteger(v: unknown, field: string, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new EvaluationError(`${field} must be an integer ≥ ${min}, got ${JSON.stringify(v)}`, field);
  }
  return v;
}

export async function stringField(
  t: Template,
  bindings: Record<string, unknown>,
  field: string,
): Promise<string> {
  const v = await evaluateTemplate(t, bindings, field);
  if (typeof v !== 'string') {
    throw new EvaluationError(`${field} must be a string, got ${JSON.stringify(v)}`, field);
  }
  return v;
}
