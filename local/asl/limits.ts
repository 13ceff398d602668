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
 * The byte size of each variable a scope holds, and their sum (kept as assignments apply). A size
 * is exact, or an upper bound (`jsonBytesAtMost`, which never undercounts: its property test is in
 * test/local/asl/payload-size.test.ts) for the names in `bounded`: measuring a value exactly means
 * building its JSON text, which every Assign of every state did. A limit is only judged over on
 * exact sizes: when bounds pass it, the bounded values are measured exactly first.
 */
interface Sizes {
  readonly byName: Map<string, number>;
  readonly bounded: Set<string>;
  total: number;
}

const sizes = new WeakMap<Scope, Sizes>();

function bytesOf(value: unknown): number {
  const text = JSON.stringify(value) ?? 'null';
  return Buffer.byteLength(text, 'utf8');
}

/** One assigned value's size: a bound when it is under the one-variable limit, else exact. */
interface Measured {
  name: string;
  value: unknown;
  bytes: number;
  exact: boolean;
}

function measure(name: string, value: unknown): Measured {
  // JSON.stringify(undefined) is undefined, measured as `null` (4 bytes): the bound says 4 too.
  const bound = jsonBytesAtMost(value, MAX_VARIABLE_BYTES);
  return bound === undefined
    ? { name, value, bytes: bytesOf(value), exact: true }
    : { name, value, bytes: bound, exact: false };
}

function exactly(m: Measured): void {
  if (m.exact) return;
  m.bytes = bytesOf(m.value);
  m.exact = true;
}

/**
 * Applies one state's assignments to `scope` after checking them against AWS's limits; `state`
 * names the state in the error. Throws `States.DataLimitExceeded` (nothing is assigned then).
 */
export function assignVariables(scope: Scope, values: Record<string, unknown>, state: string): void {
  const measured: Measured[] = [];
  for (const name in values) {
    const m = measure(name, values[name]);
    if (m.bytes > MAX_VARIABLE_BYTES) {
      throw limitExceeded(
        `The variable '${name}' assigned in state '${state}' has ${m.bytes} bytes, over the limit of ${MAX_VARIABLE_BYTES} bytes for one variable`,
      );
    }
    measured.push(m);
  }
  let assigned = sum(measured);
  if (assigned > MAX_ASSIGN_BYTES) {
    for (const m of measured) exactly(m);
    assigned = sum(measured);
    if (assigned > MAX_ASSIGN_BYTES) {
      throw limitExceeded(
        `The variables assigned in state '${state}' have ${assigned} bytes together, over the limit of ${MAX_ASSIGN_BYTES} bytes for one Assign`,
      );
    }
  }
  const own = sizes.get(scope) ?? { byName: new Map<string, number>(), bounded: new Set<string>(), total: 0 };
  let all = after(own, measured) + enclosingTotal(scope);
  if (all > MAX_EXECUTION_VARIABLES_BYTES) {
    for (const m of measured) exactly(m);
    for (let s: Scope | undefined = scope; s !== undefined; s = s.parent) {
      const held = sizes.get(s);
      if (held) measureHeld(s, held);
    }
    all = after(own, measured) + enclosingTotal(scope);
    if (all > MAX_EXECUTION_VARIABLES_BYTES) {
      throw limitExceeded(
        `The variables of the execution would have ${all} bytes after state '${state}', over the limit of ${MAX_EXECUTION_VARIABLES_BYTES} bytes`,
      );
    }
  }
  own.total = after(own, measured);
  for (const m of measured) {
    own.byName.set(m.name, m.bytes);
    if (m.exact) own.bounded.delete(m.name);
    else own.bounded.add(m.name);
  }
  sizes.set(scope, own);
  scope.assign(values);
}

function limitExceeded(cause: string): StatesError {
  return new StatesError(STATES_ERRORS.dataLimitExceeded, cause);
}

function sum(measured: readonly Measured[]): number {
  let total = 0;
  for (const m of measured) total += m.bytes;
  return total;
}

/** The scope's own total once `measured` replace the values of the same names. */
function after(own: Sizes, measured: readonly Measured[]): number {
  let total = own.total;
  for (const m of measured) total += m.bytes - (own.byName.get(m.name) ?? 0);
  return total;
}

/** Replaces the bounds a scope holds with exact sizes. */
function measureHeld(scope: Scope, held: Sizes): void {
  for (const name of held.bounded) {
    const exact = bytesOf(scope.own(name));
    held.total += exact - (held.byName.get(name) ?? 0);
    held.byName.set(name, exact);
  }
  held.bounded.clear();
}

/** The variables of the scopes around `scope` (a branch or iteration reads, and counts, them). */
function enclosingTotal(scope: Scope): number {
  let total = 0;
  for (let s = scope.parent; s !== undefined; s = s.parent) total += sizes.get(s)?.total ?? 0;
  return total;
}
