import {
  DEFAULTS,
  type ProcessSpec,
  type ProcessStep,
  type StepKind,
  type StepOf,
} from '../../../compiler/ir/types.ts';

type StepFields<K extends StepKind> = Omit<
  StepOf<K>,
  | 'kind'
  | 'name'
  | 'parallel_steps'
  | 'parallel_policy'
  | 'query_limit'
  | 'foreach_steps'
  | 'inputs'
  | 'timeout_seconds'
  | 'effects'
  | 'satisfies'
> &
  Partial<StepOf<K>>;

/** An IR step of kind `kind` with Dazzle's always-present defaults. */
export function step<K extends StepKind>(kind: K, name: string, fields: StepFields<K>): StepOf<K> {
  return {
    name,
    kind,
    parallel_steps: [],
    parallel_policy: 'fail_fast',
    query_limit: DEFAULTS.queryLimit,
    foreach_steps: [],
    inputs: [],
    timeout_seconds: DEFAULTS.stepTimeoutSeconds,
    effects: [],
    satisfies: [],
    ...fields,
  } as unknown as StepOf<K>;
}

export const service = (name: string, fields: Partial<StepOf<'service'>> = {}): StepOf<'service'> =>
  step('service', name, { service: fields.service ?? name, ...fields });

/** A manual process with no inputs and no lock. */
export function processOf(
  name: string,
  steps: ProcessStep[],
  fields: Partial<ProcessSpec> = {},
): ProcessSpec {
  return {
    name,
    implements: [],
    trigger: { kind: 'manual', timezone: 'UTC' },
    inputs: [],
    outputs: [],
    steps,
    compensations: [],
    timeout_seconds: 3600,
    overlap_policy: 'allow',
    events: {},
    ...fields,
  };
}
