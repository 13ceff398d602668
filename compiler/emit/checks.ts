import { checkAwsDefinition, formatViolation } from '../asl/definitionChecks.ts';
import { type Diagnostic, diagnostic, type Location } from '../diagnostics/diagnostic.ts';
import { MAX_NAME_LENGTH } from './asl/names.ts';
import { KNOWN_RESOURCES } from './asl/task.ts';
import type { State, StateMachineDefinition } from './asl/types.ts';
import type { AslValidator } from './aslValidator.ts';

/** Step Functions' limit on a definition (1 MB). */
export const MAX_DEFINITION_BYTES = 1_048_576;

/** A state machine name: letters, digits, `-` and `_` (what infra may prefix), at most 80. */
const MACHINE_NAME = /^[A-Za-z0-9_-]{1,80}$/;
/** Characters Step Functions rejects in state names: control characters. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Post-emission checks of one definition, each violation a located DZ6xx error at `at` (the
 * workflow): size, known Task resources, names, AWS's creation-time checks (DZ606); and
 * asl-validator when given.
 */
export function checkDefinition(
  name: string,
  definition: StateMachineDefinition,
  json: string,
  at: Location,
  validator?: AslValidator,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  // UTF-8 takes at most 3 bytes per UTF-16 unit: encode only when the text might be too big.
  const bytes = json.length * 3 < MAX_DEFINITION_BYTES ? json.length : new TextEncoder().encode(json).length;
  if (bytes >= MAX_DEFINITION_BYTES) {
    out.push(
      diagnostic(
        'DZ601',
        `the definition of '${name}' is ${bytes} bytes; Step Functions allows under 1 MB`,
        at,
      ),
    );
  }
  if (!MACHINE_NAME.test(name)) {
    out.push(
      diagnostic('DZ604', `'${name}' cannot name a state machine (letters, digits, - and _, at most 80)`, at),
    );
  }
  walk(definition.States, (stateName, state) => {
    if (stateName.length > MAX_NAME_LENGTH || stateName.length === 0 || CONTROL.test(stateName)) {
      out.push(
        diagnostic('DZ604', `state name '${stateName}' is empty, too long or has control characters`, at),
      );
    }
    if (state.Type === 'Task' && !KNOWN_RESOURCES.has(state.Resource)) {
      out.push(diagnostic('DZ603', `state '${stateName}' uses unknown resource '${state.Resource}'`, at));
    }
  });
  // The checks AWS runs at creation (the local interpreter runs the same ones at registration).
  for (const v of checkAwsDefinition(definition)) {
    out.push(diagnostic('DZ606', `AWS would reject the definition of '${name}': ${formatViolation(v)}`, at));
  }
  if (validator) {
    const result = validator(definition);
    if (!result.isValid) {
      out.push(
        diagnostic(
          'DZ602',
          `the definition of '${name}' fails ASL validation: ${result.errorsText('; ')}`,
          at,
        ),
      );
    }
  }
  return out;
}

function walk(states: Record<string, State>, visit: (name: string, state: State) => void): void {
  for (const [name, state] of Object.entries(states)) {
    visit(name, state);
    if (state.Type === 'Parallel') for (const b of state.Branches) walk(b.States, visit);
    if (state.Type === 'Map') walk(state.ItemProcessor.States, visit);
  }
}
