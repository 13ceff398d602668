/**
 * AWS's limits on workflow variables, enforced where AWS enforces them: when a state's `Assign`
 * applies. "Passing data between states with variables" (Step Functions developer guide,
 * https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html), "Variable size
 * limits": one variable holds at most 256 KiB, the values one `Assign` sets at most 256 KiB
 * together, and an execution's variables at most 10 MiB.
 *
 * The error: AWS names `States.DataLimitExceeded` its terminal error for data over a size quota
 * ("Handling errors in Step Functions workflows": a state's output, a connector's output or a state's
 * input larger than the payload quota; a terminal error that `States.ALL` does not catch). The
 * variables page states the limits without naming the error, so the local runtime fails an
 * execution over them with that same terminal error, as for the payload quota (state-runner.ts).
 *
 * Sizes are the UTF-8 bytes of each value's JSON, as for payloads.
 */
import { STATES_ERRORS, StatesError } from './errors.ts';
import type { Scope } from './scope.ts';

export const MAX_VARIABLE_BYTES = 256 * 1024;
export const MAX_ASSIGN_BYTES = 256 * 1024;
export const MAX_EXECUTION_VARIABLES_BYTES = 10 * 1024 * 1024;

/** The byte size of each variable a scope holds, and their sum (kept as assignments apply). */
interface Sizes {
  readonly byName: Map<string, number>;
  total: number;
}

const sizes = new WeakMap<Scope, Sizes>();

function bytesOf(value: unknown): number {
  const text = JSON.stringify(value) ?? 'null';
  return Buffer.byteLength(text, 'utf8');
}

/**
 * Applies one state's assignments to `scope` after checking them against AWS's limits; `state`
 * names the state in the error. Throws `States.DataLimitExceeded` (nothing is assigned then).
 */
export function assignVariables(scope: Scope, values: Record<string, unknown>, state: string): void {
  const fail = (cause: string): never => {
    throw new StatesError(STATES_ERRORS.dataLimitExceeded, cause);
  };
  const measured = Object.entries(values).map(([name, value]) => [name, bytesOf(value)] as const);
  let assigned = 0;
  for (const [name, bytes] of measured) {
    if (bytes > MAX_VARIABLE_BYTES)
      fail(
        `The variable '${name}' assigned in state '${state}' has ${bytes} bytes, over the limit of ${MAX_VARIABLE_BYTES} bytes for one variable`,
      );
    assigned += bytes;
  }
  if (assigned > MAX_ASSIGN_BYTES)
    fail(
      `The variables assigned in state '${state}' have ${assigned} bytes together, over the limit of ${MAX_ASSIGN_BYTES} bytes for one Assign`,
    );
  const own = sizes.get(scope) ?? { byName: new Map<string, number>(), total: 0 };
  let total = own.total;
  for (const [name, bytes] of measured) total += bytes - (own.byName.get(name) ?? 0);
  const all = total + enclosingTotal(scope);
  if (all > MAX_EXECUTION_VARIABLES_BYTES)
    fail(
      `The variables of the execution would have ${all} bytes after state '${state}', over the limit of ${MAX_EXECUTION_VARIABLES_BYTES} bytes`,
    );
  for (const [name, bytes] of measured) own.byName.set(name, bytes);
  own.total = total;
  sizes.set(scope, own);
  scope.assign(values);
}

/** The variables of the scopes around `scope` (a branch or iteration reads, and counts, them). */
function enclosingTotal(scope: Scope): number {
  let total = 0;
  for (let s = scope.parent; s !== undefined; s = s.parent) total += sizes.get(s)?.total ?? 0;
  return total;
}
