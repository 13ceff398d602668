import { type Diagnostic, diagnostic, type Location } from '../diagnostics/diagnostic.ts';
import type { SourceMap } from '../ir/locations.ts';
import {
  DEFAULTS,
  type HumanTaskSpec,
  type InputMapping,
  type ParallelPolicy,
  type ProcessStep,
  type RetryConfig,
  type SatisfiesRef,
  type StepEffect,
  type StepKind,
} from '../ir/types.ts';

/** A field that decides the step kind, where it was written. */
interface KindSetter {
  field: string;
  kind: StepKind;
  at: Location;
}

/** Everything a step item said, before its kind is settled. */
export interface StepDraft {
  at: Location;
  name?: string;
  explicitKind?: { value: StepKind; at: Location };
  setters: KindSetter[];
  /** IR field name → where it was written. */
  fieldAt: Map<string, Location>;
  service?: string;
  channel?: string;
  message?: string;
  wait_duration_seconds?: number;
  wait_for_signal?: string;
  wait_correlation?: string;
  human_task?: HumanTaskSpec;
  subprocess?: string;
  condition?: string;
  on_true?: string;
  on_false?: string;
  query_entity?: string;
  query_filter?: Record<string, string | string[]>;
  query_limit?: number;
  foreach_source?: string;
  foreach_concurrency?: number;
  foreach_mode?: 'inline' | 'distributed';
  llm_intent?: string;
  llm_input_map?: Record<string, string>;
  parallel_policy?: ParallelPolicy;
  /** `steps:` (parallel or foreach body) or the items of a Dazzle `- parallel` block. */
  sub_steps?: ProcessStep[];
  inputs?: InputMapping[];
  output_mapping?: string;
  timeout_seconds?: number;
  retry?: RetryConfig;
  on_success?: string;
  on_failure?: string;
  compensate_with?: string;
  effects?: StepEffect[];
  satisfies?: SatisfiesRef[];
}

export const newDraft = (at: Location): StepDraft => ({ at, setters: [], fieldAt: new Map() });

/** Draft fields that only mean something for some kinds (the rest apply to every step). */
const APPLIES_TO: Partial<Record<keyof StepDraft, readonly StepKind[]>> = {
  message: ['send'],
  wait_correlation: ['wait'],
  on_true: ['condition'],
  on_false: ['condition'],
  query_filter: ['query'],
  query_limit: ['query'],
  foreach_concurrency: ['foreach'],
  foreach_mode: ['foreach'],
  llm_input_map: ['llm_intent'],
  parallel_policy: ['parallel'],
  sub_steps: ['parallel', 'foreach'],
};

/**
 * Settles the kind (from `kind:` and the kind-setting fields, reporting conflicts) and builds the IR
 * step with Dazzle's always-present defaults. A step with no kind keeps `kind` unset: the
 * validation rule for kind-less steps reports it.
 */
export function buildStep(draft: StepDraft, diagnostics: Diagnostic[], sourceMap: SourceMap): ProcessStep {
  const kind = resolveKind(draft, diagnostics);
  if (kind) reportInapplicable(draft, kind, diagnostics);
  const step: Record<string, unknown> = { name: draft.name ?? '' };
  if (kind !== undefined) step.kind = kind;
  putDefined(step, kindFields(draft, kind));
  step.parallel_steps = kind === 'parallel' ? (draft.sub_steps ?? []) : [];
  step.parallel_policy = (kind === 'parallel' && draft.parallel_policy) || DEFAULTS.parallelPolicy;
  step.query_limit = (kind === 'query' && draft.query_limit) || DEFAULTS.queryLimit;
  step.foreach_steps = kind === 'foreach' ? (draft.sub_steps ?? []) : [];
  step.inputs = draft.inputs ?? [];
  putDefined(step, { output_mapping: draft.output_mapping });
  step.timeout_seconds = draft.timeout_seconds ?? DEFAULTS.stepTimeoutSeconds;
  putDefined(step, {
    retry: draft.retry,
    on_success: draft.on_success,
    on_failure: draft.on_failure,
    compensate_with: draft.compensate_with,
  });
  step.effects = draft.effects ?? [];
  step.satisfies = draft.satisfies ?? [];
  const built = step as unknown as ProcessStep;
  sourceMap.set(built, draft.at);
  for (const [field, at] of draft.fieldAt) {
    sourceMap.setField(built, field === 'sub_steps' ? stepsField(kind) : field, at);
  }
  return built;
}

/** Copies the defined values of `from` into `to`, in order. */
function putDefined(to: Record<string, unknown>, from: Record<string, unknown>): void {
  for (const key in from) if (from[key] !== undefined) to[key] = from[key];
}

const stepsField = (kind: StepKind | undefined): string =>
  kind === 'foreach' ? 'foreach_steps' : 'parallel_steps';

function kindFields(d: StepDraft, kind: StepKind | undefined): Record<string, unknown> {
  switch (kind) {
    case undefined:
      return {};
    case 'service':
      return { service: d.service };
    case 'send':
      return { channel: d.channel, message: d.message };
    case 'wait':
      return {
        wait_duration_seconds: d.wait_duration_seconds,
        wait_for_signal: d.wait_for_signal,
        wait_correlation: d.wait_correlation,
      };
    case 'human_task':
      return { human_task: d.human_task };
    case 'subprocess':
      return { subprocess: d.subprocess };
    case 'parallel':
      return {};
    case 'condition':
      return { condition: d.condition, on_true: d.on_true, on_false: d.on_false };
    case 'query':
      return { query_entity: d.query_entity, query_filter: d.query_filter ?? {} };
    case 'foreach':
      return {
        foreach_source: d.foreach_source,
        foreach_concurrency: d.foreach_concurrency,
        foreach_mode: d.foreach_mode,
      };
    case 'side_effect':
      return {};
    case 'llm_intent':
      return { llm_intent: d.llm_intent, llm_input_map: d.llm_input_map ?? {} };
    default: {
      const never: never = kind;
      return never;
    }
  }
}

function resolveKind(draft: StepDraft, diagnostics: Diagnostic[]): StepKind | undefined {
  const setters = [...draft.setters];
  if (draft.sub_steps && !setters.some((s) => s.kind === 'foreach' || s.kind === 'parallel')) {
    setters.push({ field: 'steps', kind: 'parallel', at: draft.fieldAt.get('sub_steps') ?? draft.at });
  }
  const first = setters[0];
  for (const other of setters.slice(1)) {
    if (other.kind !== first.kind) {
      diagnostics.push(
        diagnostic(
          'DZ202',
          `'${other.field}' makes this a ${other.kind} step, but '${first.field}' already makes it a ${first.kind} step`,
          other.at,
        ),
      );
    }
  }
  if (draft.wait_duration_seconds !== undefined && draft.wait_for_signal !== undefined) {
    const at = draft.fieldAt.get('wait_for_signal') ?? draft.at;
    diagnostics.push(diagnostic('DZ202', 'a wait step waits for a duration or for a signal, not both', at));
  }
  const inferred = first?.kind ?? (draft.effects?.length ? 'side_effect' : undefined);
  const explicit = draft.explicitKind;
  if (!explicit) return inferred;
  const agrees =
    inferred === undefined || inferred === explicit.value || (explicit.value === 'side_effect' && !first);
  if (!agrees) {
    diagnostics.push(
      diagnostic(
        'DZ203',
        `kind: ${explicit.value} disagrees with '${first?.field ?? 'effects'}', which makes this a ${inferred} step`,
        explicit.at,
      ),
    );
  }
  return explicit.value;
}

const APPLIES_TO_ENTRIES = Object.entries(APPLIES_TO) as [keyof StepDraft, readonly StepKind[]][];

function reportInapplicable(draft: StepDraft, kind: StepKind, diagnostics: Diagnostic[]): void {
  for (const [field, kinds] of APPLIES_TO_ENTRIES) {
    if (draft[field] === undefined || kinds.includes(kind)) continue;
    const at = draft.fieldAt.get(field) ?? draft.at;
    const shown = field === 'sub_steps' ? 'steps' : field;
    diagnostics.push(diagnostic('DZ206', `'${shown}' does not apply to a ${kind} step (ignored)`, at));
  }
}

/** A copy without the keys whose value is undefined, so IR objects carry only what was written or defaulted. */
export function dropUndefined<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  putDefined(out, value as Record<string, unknown>);
  return out as T;
}
