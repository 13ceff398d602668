import { DEFAULTS, type ProcessSpec, type ProcessStep } from '../../../compiler/ir/types.ts';

/** A service step with Dazzle's always-present defaults, for IR-level tests. */
export function step(name: string, fields: Partial<ProcessStep> = {}): ProcessStep {
  return {
    name,
    kind: 'service',
    service: 'work',
    parallel_steps: [],
    parallel_policy: DEFAULTS.parallelPolicy,
    query_limit: DEFAULTS.queryLimit,
    foreach_steps: [],
    inputs: [],
    timeout_seconds: DEFAULTS.stepTimeoutSeconds,
    effects: [],
    satisfies: [],
    ...fields,
  } as ProcessStep;
}

/** A manual process around `steps`. */
export function processOf(steps: ProcessStep[], fields: Partial<ProcessSpec> = {}): ProcessSpec {
  return {
    name: 'p',
    implements: [],
    trigger: { kind: 'manual', timezone: DEFAULTS.timezone },
    inputs: [],
    outputs: [],
    steps,
    compensations: [],
    timeout_seconds: DEFAULTS.processTimeoutSeconds,
    overlap_policy: DEFAULTS.overlap,
    events: {},
    ...fields,
  };
}
