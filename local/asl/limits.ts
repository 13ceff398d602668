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
import { jsonBytesAtMost } from './state-runner.ts';

export const MAX_VARIABLE_BYTES = 256 * 1024;
export const MAX_ASSIGN_BYTES = 256 * 1024;
export const MAX_EXECUTION_VARIABLES_BYTES = 10 * 1024 * 1024;

/**
 * A scope keeps the byte size of its variables (`Scope.sizesTotal`), in one of two ways:
 *
 * - first, only a sum that never undercounts: the size of every value assigned in the scope,
 *   added as assigned (a value replaced still counts). While that sum is under the execution's
 *   limit, the variables are too, and no size per name is needed (a Map of them was a third of
 *   what an Assign allocated);
 * - once that sum passes the limit, the size of each variable (`Scope.sizes`), their sum kept as
 *   assignments replace them.
 *
 * A size is exact, or an upper bound (`jsonBytesAtMost`, which never undercounts: its property
 * test is in test/local/asl/payload-size.test.ts), kept negated: measuring a value exactly means
 * building its JSON text, which every Assign of every state did. A limit is only judged over on
 * exact sizes: when bounds pass it, the values are measured exactly first.
 */

function bytesOf(value: unknown): number {
  const text = JSON.stringify(value) ?? 'null';
  return Buffer.byteLength(text, 'utf8');
}

/**
 * The values of the Assign being applied, measured: its names and their sizes (negated when a
 * bound), `count` of them. Shared by every call (`assignVariables` runs to its end synchronously
 * and calls nothing that assigns): an object per value measured was most of what an Assign allocated.
 */
const names: string[] = [];
const sizes: number[] = [];

/**
 * Measures `names[0..count)` exactly (the values are read from `values` again); returns their sum.
 */
function exactly(values: Record<string, unknown>, count: number): number {
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (sizes[i] < 0) sizes[i] = bytesOf(values[names[i]]);
    total += sizes[i];
  }
  return total;
}

/**
 * Applies one state's assignments to `scope` after checking them against AWS's limits; `state`
 * names the state in the error. Throws `States.DataLimitExceeded` (nothing is assigned then).
 */
export function assignVariables(scope: Scope, values: Record<string, unknown>, state: string): void {
  let count = 0;
  let assigned = 0;
  for (const name in values) {
    const value = values[name];
    // JSON.stringify(undefined) is undefined, measured as `null` (4 bytes): the bound says 4 too.
    const bound = jsonBytesAtMost(value, MAX_VARIABLE_BYTES);
    let size: number;
    if (bound === undefined) {
      size = bytesOf(value);
      if (size > MAX_VARIABLE_BYTES) {
        throw limitExceeded(
          `The variable '${name}' assigned in state '${state}' has ${size} bytes, over the limit of ${MAX_VARIABLE_BYTES} bytes for one variable`,
        );
      }
      assigned += size;
    } else {
      size = -bound;
      assigned += bound;
    }
    names[count] = name;
    sizes[count] = size;
    count++;
  }
  if (assigned > MAX_ASSIGN_BYTES) {
    assigned = exactly(values, count);
    if (assigned > MAX_ASSIGN_BYTES) {
      throw limitExceeded(
        `The variables assigned in state '${state}' have ${assigned} bytes together, over the limit of ${MAX_ASSIGN_BYTES} bytes for one Assign`,
      );
    }
  }
  let all = after(scope, count) + enclosingTotal(scope);
  if (all > MAX_EXECUTION_VARIABLES_BYTES) {
    exactly(values, count);
    for (let s: Scope | undefined = scope; s !== undefined; s = s.parent) measureHeld(s);
    all = after(scope, count) + enclosingTotal(scope);
    if (all > MAX_EXECUTION_VARIABLES_BYTES) {
      throw limitExceeded(
        `The variables of the execution would have ${all} bytes after state '${state}', over the limit of ${MAX_EXECUTION_VARIABLES_BYTES} bytes`,
      );
    }
  }
  scope.sizesTotal = after(scope, count);
  const held = scope.sizes;
  if (held !== undefined) for (let i = 0; i < count; i++) held.set(names[i], sizes[i]);
  scope.assign(values);
}

function limitExceeded(cause: string): StatesError {
  return new StatesError(STATES_ERRORS.dataLimitExceeded, cause);
}

/** The scope's own total once the `count` values measured replace those of the same names. */
function after(scope: Scope, count: number): number {
  const held = scope.sizes;
  let total = scope.sizesTotal;
  if (held === undefined) for (let i = 0; i < count; i++) total += Math.abs(sizes[i]);
  else for (let i = 0; i < count; i++) total += Math.abs(sizes[i]) - Math.abs(held.get(names[i]) ?? 0);
  return total;
}

/** Replaces the bounds a scope holds with exact sizes (measuring each variable, the first time). */
function measureHeld(scope: Scope): void {
  const held = scope.sizes;
  if (held === undefined) {
    const exact = new Map<string, number>();
    let total = 0;
    scope.forEachOwn((name, value) => {
      const size = bytesOf(value);
      exact.set(name, size);
      total += size;
    });
    scope.sizes = exact;
    scope.sizesTotal = total;
    return;
  }
  for (const [name, size] of held) {
    if (size >= 0) continue;
    const exact = bytesOf(scope.own(name));
    scope.sizesTotal += exact + size;
    held.set(name, exact);
  }
}

/** The variables of the scopes around `scope` (a branch or iteration reads, and counts, them). */
function enclosingTotal(scope: Scope): number {
  let total = 0;
  for (let s = scope.parent; s !== undefined; s = s.parent) total += s.sizesTotal;
  return total;
}
