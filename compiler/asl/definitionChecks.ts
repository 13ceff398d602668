/**
 * The checks Step Functions runs when a state machine is created (CreateStateMachine,
 * ValidateStateMachineDefinition), on a plain JSON definition, with AWS's diagnostic codes and
 * wording. One pure module, so the compiler (compiler/emit/checks.ts, DZ606) and the local
 * interpreter's registration (local/asl/engine.ts) refuse the same definitions AWS refuses.
 *
 * Codes: https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinitionDiagnostic.html
 * Wording and locations as AWS returns them, measured on AWS:
 * - `MISSING_TRANSITION_TARGET: Missing 'Next' target: pass3 at /States/pass1/Next` and
 *   `State "pass2" is not reachable. at /States/pass2` (localstack/localstack#12487);
 * - `MISSING_END_STATE: Workflow has no terminal state`, no location, and when it is reported the
 *   unreachable-state walk is not (floci-io/floci#2786, which also measured `Missing 'Next' target`
 *   for a dangling Choices[i].Next, Default and Catch[i].Next);
 * - `SCHEMA_VALIDATION_FAILED: String does not match RFC3339 timestamp at /States/WaitUntil/Timestamp`
 *   (LocalStack's snapshot test_wait_timestamp_invalid);
 * - `UNSUPPORTED_JSONATA_EXPRESSION: Field '$states.errorOutput' does not exist.` for
 *   `$states.errorOutput` outside a catcher (anomalyco/sst#6110 quotes AWS). `$states.result`
 *   outside a Task, Parallel or Map state's Output and Assign gets the same code and wording: AWS's
 *   JSONata guide offers it only there (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html).
 */
import { parseRfc3339 } from './rfc3339.ts';

export type AwsDefinitionCode =
  | 'MISSING_TRANSITION_TARGET'
  | 'MISSING_END_STATE'
  | 'SCHEMA_VALIDATION_FAILED'
  | 'UNSUPPORTED_JSONATA_EXPRESSION';

export interface AwsDefinitionViolation {
  code: AwsDefinitionCode;
  message: string;
  /** JSON-pointer-like location (`/States/A/Next`); absent where AWS gives none. */
  location?: string;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every violation of the checks above, in AWS's order per block (targets, end state, reachability). */
export function checkAwsDefinition(definition: unknown): AwsDefinitionViolation[] {
  const out: AwsDefinitionViolation[] = [];
  if (isObject(definition)) checkBlock(definition, '', definition.QueryLanguage === 'JSONata', out);
  return out;
}

/** A state's transitions: where they sit (for the location) and the state they name. */
function transitions(state: Json): [string, unknown][] {
  const out: [string, unknown][] = [];
  if (state.Next !== undefined) out.push(['Next', state.Next]);
  if (Array.isArray(state.Choices)) {
    state.Choices.forEach((c, i) => {
      if (isObject(c)) out.push([`Choices[${i}]/Next`, c.Next]);
    });
  }
  if (state.Default !== undefined) out.push(['Default', state.Default]);
  if (Array.isArray(state.Catch)) {
    state.Catch.forEach((c, i) => {
      if (isObject(c)) out.push([`Catch[${i}]/Next`, c.Next]);
    });
  }
  return out;
}

function isTerminal(state: Json): boolean {
  return state.Type === 'Succeed' || state.Type === 'Fail' || state.End === true;
}

function checkBlock(block: Json, path: string, jsonata: boolean, out: AwsDefinitionViolation[]): void {
  if (!isObject(block.States)) return;
  const states = block.States;
  for (const [name, state] of Object.entries(states)) {
    if (!isObject(state)) continue;
    for (const [where, target] of transitions(state)) {
      if (typeof target === 'string' && !(target in states)) {
        out.push({
          code: 'MISSING_TRANSITION_TARGET',
          message: `Missing 'Next' target: ${target}`,
          location: `${path}/States/${name}/${where}`,
        });
      }
    }
  }
  const all = Object.values(states).filter(isObject);
  if (all.length > 0 && !all.some(isTerminal)) {
    out.push({ code: 'MISSING_END_STATE', message: 'Workflow has no terminal state' });
  } else {
    const reached = reachable(states, block.StartAt);
    for (const name of Object.keys(states)) {
      if (!reached.has(name)) {
        out.push({
          code: 'MISSING_TRANSITION_TARGET',
          message: `State "${name}" is not reachable.`,
          location: `${path}/States/${name}`,
        });
      }
    }
  }
  for (const [name, state] of Object.entries(states)) {
    if (!isObject(state)) continue;
    const at = `${path}/States/${name}`;
    const stateJsonata = state.QueryLanguage === undefined ? jsonata : state.QueryLanguage === 'JSONata';
    checkState(state, at, stateJsonata, out);
    if (Array.isArray(state.Branches)) {
      state.Branches.forEach((b, i) => {
        if (isObject(b)) checkBlock(b, `${at}/Branches/${i}`, jsonata, out);
      });
    }
    // Item processors inherit the top level's query language, not the Map's.
    if (isObject(state.ItemProcessor)) checkBlock(state.ItemProcessor, `${at}/ItemProcessor`, jsonata, out);
  }
}

function reachable(states: Json, startAt: unknown): Set<string> {
  const seen = new Set<string>();
  const todo = typeof startAt === 'string' ? [startAt] : [];
  while (todo.length > 0) {
    const name = todo.pop() as string;
    if (seen.has(name) || !isObject(states[name])) continue;
    seen.add(name);
    for (const [, target] of transitions(states[name] as Json))
      if (typeof target === 'string') todo.push(target);
  }
  return seen;
}

/** Fields where `$states.result` is offered: the Output and Assign of these state types. */
const RESULT_STATES = new Set(['Task', 'Parallel', 'Map']);

function checkState(state: Json, at: string, jsonata: boolean, out: AwsDefinitionViolation[]): void {
  const ts = state.Timestamp;
  if (state.Type === 'Wait' && typeof ts === 'string' && !(jsonata && isExpression(ts))) {
    if (parseRfc3339(ts) === undefined) {
      out.push({
        code: 'SCHEMA_VALIDATION_FAILED',
        message: 'String does not match RFC3339 timestamp',
        location: `${at}/Timestamp`,
      });
    }
  }
  if (!jsonata) return;
  const withResult = RESULT_STATES.has(String(state.Type));
  for (const [field, value] of Object.entries(state)) {
    if (field === 'Catch' || field === 'Branches' || field === 'ItemProcessor') continue;
    const resultOffered = withResult && (field === 'Output' || field === 'Assign');
    scanExpressions(value, `${at}/${field}`, { result: resultOffered, errorOutput: false }, out);
  }
  if (Array.isArray(state.Catch)) {
    state.Catch.forEach((c, i) => {
      if (!isObject(c)) return;
      for (const field of ['Output', 'Assign']) {
        scanExpressions(c[field], `${at}/Catch[${i}]/${field}`, { result: false, errorOutput: true }, out);
      }
    });
  }
}

function isExpression(text: string): boolean {
  return text.startsWith('{%') && text.endsWith('%}');
}

const STATES_FIELD = /\$states\.(result|errorOutput)\b/g;

function scanExpressions(
  value: unknown,
  at: string,
  offered: { result: boolean; errorOutput: boolean },
  out: AwsDefinitionViolation[],
): void {
  if (typeof value === 'string') {
    if (!isExpression(value)) return;
    for (const m of value.matchAll(STATES_FIELD)) {
      const field = m[1] as 'result' | 'errorOutput';
      if (offered[field]) continue;
      out.push({
        code: 'UNSUPPORTED_JSONATA_EXPRESSION',
        message: `Field '$states.${field}' does not exist.`,
        location: at,
      });
      return;
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      scanExpressions(v, `${at}[${i}]`, offered, out);
    });
  } else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) scanExpressions(v, `${at}/${k}`, offered, out);
  }
}

/** `CODE: message at location`, the way AWS joins them into InvalidDefinition's message. */
export function formatViolation(v: AwsDefinitionViolation): string {
  return `${v.code}: ${v.message}${v.location ? ` at ${v.location}` : ''}`;
}
