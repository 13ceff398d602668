/**
 * The IR: Dazzle's JSON shape, field for field (snake_case), so a Dazzle `processes.json` loads
 * unchanged and what we save Dazzle reads back. Extensions are added optional fields, never renames.
 *
 * Steps are a discriminated union on `kind`. Every step also carries Dazzle's always-present
 * defaults (`parallel_steps`, `parallel_policy`, `query_limit`, `foreach_steps`, `inputs`,
 * `timeout_seconds`, `effects`, `satisfies`), because Dazzle serialises them on every step.
 *
 * Source locations are not IR fields (the reference IR has none on steps or schedules); the parser
 * records them in a `SourceMap` side table keyed by IR node (see `locations.ts`).
 */

export const STEP_KINDS = [
  'service',
  'send',
  'wait',
  'human_task',
  'subprocess',
  'parallel',
  'condition',
  'query',
  'foreach',
  'side_effect',
  'llm_intent',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const TRIGGER_KINDS = [
  'entity_event',
  'entity_status_transition',
  'schedule_cron',
  'schedule_interval',
  'manual',
  'signal',
  'process_completed',
] as const;
export type TriggerKind = (typeof TRIGGER_KINDS)[number];

export const BACKOFFS = ['fixed', 'exponential', 'linear'] as const;
export type RetryBackoff = (typeof BACKOFFS)[number];

export const OVERLAP_POLICIES = ['skip', 'queue', 'cancel_previous', 'allow'] as const;
export type OverlapPolicy = (typeof OVERLAP_POLICIES)[number];

export const PARALLEL_POLICIES = ['fail_fast', 'wait_all', 'rollback'] as const;
export type ParallelPolicy = (typeof PARALLEL_POLICIES)[number];

export const STORY_STATUSES = ['draft', 'accepted', 'rejected'] as const;
export type StoryStatus = (typeof STORY_STATUSES)[number];

/** Dazzle defaults, in one place. */
export const DEFAULTS = {
  stepTimeoutSeconds: 30,
  processTimeoutSeconds: 86_400,
  scheduleTimeoutSeconds: 3_600,
  humanTaskTimeoutSeconds: 604_800,
  compensationTimeoutSeconds: 30,
  queryLimit: 1000,
  timezone: 'UTC',
  overlap: 'skip' as OverlapPolicy,
  parallelPolicy: 'fail_fast' as ParallelPolicy,
  retry: {
    max_attempts: 3,
    initial_interval_seconds: 1,
    backoff: 'exponential' as RetryBackoff,
    backoff_coefficient: 2.0,
    max_interval_seconds: 60,
  },
  outcomeStyle: 'primary',
  outcomeGoto: 'complete',
} as const;

export interface RetryConfig {
  max_attempts: number;
  initial_interval_seconds: number;
  backoff: RetryBackoff;
  backoff_coefficient: number;
  max_interval_seconds: number;
}

export interface InputMapping {
  source: string;
  target: string;
}

export interface SatisfiesRef {
  story: string;
  outcome: string;
}

export interface ProcessInputField {
  name: string;
  /** The whole type text (`str(255)`, `ref Client`, `enum[a,b]`): a deliberate difference from Dazzle. */
  type: string;
  required: boolean;
  default?: string;
  description?: string;
}

export interface ProcessOutputField {
  name: string;
  type: string;
  description?: string;
  satisfies: SatisfiesRef[];
}

export interface FieldAssignment {
  field_path: string;
  value: string;
}

export interface HumanTaskOutcome {
  name: string;
  label: string;
  sets: FieldAssignment[];
  /** A step name, `complete` or `fail`. */
  goto: string;
  confirm?: string;
  style: string;
}

/** A field of a human task form (extension); same line syntax as a process input. */
export interface FormField {
  name: string;
  type: string;
  required: boolean;
  default?: string;
  description?: string;
}

export interface HumanTaskSpec {
  /** Required by Dazzle; optional here because Dazzle's own examples omit it (the task id is used). */
  surface?: string;
  entity_path?: string;
  assignee_role?: string;
  assignee_expression?: string;
  timeout_seconds: number;
  escalation_timeout_seconds?: number;
  outcomes: HumanTaskOutcome[];
  /** Extension: the task's title (Dazzle's examples use it; Dazzle drops it). */
  title?: string;
  /** Extension: the completion data schema. */
  form?: FormField[];
}

/** Dazzle's `StepEffect` (`- create Entity:` / `- update Entity:` with `where:` and `set:`/`sets:`). */
export interface StepEffect {
  action: 'create' | 'update';
  entity_name: string;
  /** For `update`: the condition selecting the rows, as written. */
  where?: string;
  assignments: FieldAssignment[];
}

interface StepCommon {
  name: string;
  kind: StepKind;
  parallel_steps: ProcessStep[];
  parallel_policy: ParallelPolicy;
  query_limit: number;
  foreach_steps: ProcessStep[];
  inputs: InputMapping[];
  output_mapping?: string;
  timeout_seconds: number;
  retry?: RetryConfig;
  on_success?: string;
  on_failure?: string;
  compensate_with?: string;
  effects: StepEffect[];
  satisfies: SatisfiesRef[];
}

export interface ServiceStep extends StepCommon {
  kind: 'service';
  service: string;
}
export interface SendStep extends StepCommon {
  kind: 'send';
  channel: string;
  message: string;
}
export interface WaitStep extends StepCommon {
  kind: 'wait';
  /** Exactly one of the two is set. */
  wait_duration_seconds?: number;
  wait_for_signal?: string;
  /** Extension: the path whose value must equal the signal's correlation id. */
  wait_correlation?: string;
}
export interface HumanTaskStep extends StepCommon {
  kind: 'human_task';
  human_task: HumanTaskSpec;
}
export interface SubprocessStep extends StepCommon {
  kind: 'subprocess';
  subprocess: string;
}
export interface ParallelStep extends StepCommon {
  kind: 'parallel';
}
export interface ConditionStep extends StepCommon {
  kind: 'condition';
  /** As written, whitespace-normalised. */
  condition: string;
  on_true?: string;
  on_false?: string;
}
export interface QueryStep extends StepCommon {
  kind: 'query';
  query_entity: string;
  /** Django-style keys (`due_date__lt`) to values as written. */
  query_filter: Record<string, string | string[]>;
}
export interface ForeachStep extends StepCommon {
  kind: 'foreach';
  /** A step name or a path. */
  foreach_source: string;
  foreach_concurrency?: number;
  foreach_mode?: 'inline' | 'distributed';
}
export interface SideEffectStep extends StepCommon {
  kind: 'side_effect';
}
export interface LlmIntentStep extends StepCommon {
  kind: 'llm_intent';
  llm_intent: string;
  llm_input_map: Record<string, string>;
}

export type ProcessStep =
  | ServiceStep
  | SendStep
  | WaitStep
  | HumanTaskStep
  | SubprocessStep
  | ParallelStep
  | ConditionStep
  | QueryStep
  | ForeachStep
  | SideEffectStep
  | LlmIntentStep;

/** A step of kind K. */
export type StepOf<K extends StepKind> = Extract<ProcessStep, { kind: K }>;

export interface ProcessTriggerSpec {
  kind: TriggerKind;
  entity_name?: string;
  event_type?: 'created' | 'updated' | 'deleted';
  from_status?: string;
  to_status?: string;
  cron?: string;
  interval_seconds?: number;
  timezone: string;
  /** For `process_completed` the process; for `signal` the signal name (Dazzle's placement). */
  process_name?: string;
}

export interface CompensationSpec {
  name: string;
  service?: string;
  inputs: InputMapping[];
  timeout_seconds: number;
  /** Extension: a compensation may declare its own retry. */
  retry?: RetryConfig;
}

export interface ProcessEventEmission {
  on_start?: string;
  on_complete?: string;
  on_failure?: string;
}

export interface SourceRef {
  file: string;
  line: number;
  column: number;
}

export interface ProcessSpec {
  name: string;
  title?: string;
  description?: string;
  implements: string[];
  trigger?: ProcessTriggerSpec;
  inputs: ProcessInputField[];
  outputs: ProcessOutputField[];
  steps: ProcessStep[];
  compensations: CompensationSpec[];
  timeout_seconds: number;
  overlap_policy: OverlapPolicy;
  events: ProcessEventEmission;
  source?: SourceRef;
}

/**
 * Dazzle's `ParamRef` (core/ir/params.py): `param("key")` written in a schedule's `cron`, `timezone`
 * or `timeout`, a deploy-time parameter. Dazzle's parser gives `cron` and `timezone` the type `str`
 * (defaults `""` and `"UTC"`) and `timeout` the type `int` (default 3600).
 */
export interface ParamRef {
  key: string;
  param_type: string;
  default: string | number;
}

export const isParamRef = (value: unknown): value is ParamRef =>
  typeof value === 'object' && value !== null && typeof (value as ParamRef).key === 'string';

/**
 * The key of a deploy-time parameter: a `ParamRef`, or `param("key")` as written in a process
 * trigger's cron or timezone (our extension, where Dazzle's IR has a plain string); else undefined.
 */
export function paramKeyOf(value: unknown): string | undefined {
  if (isParamRef(value)) return value.key;
  if (typeof value !== 'string') return undefined;
  return /^param\(\s*(["'])(.*)\1\s*\)$/.exec(value.trim())?.[2];
}

/** A deploy-time parameter as written in the source: `param("key")`. */
export const paramText = (key: string): string => `param(${JSON.stringify(key)})`;

/** A value that may be a deploy-time parameter, as the user wrote it (for messages and tools). */
export const asWritten = (value: string | number | ParamRef): string =>
  isParamRef(value) ? paramText(value.key) : String(value);

export interface ScheduleSpec {
  name: string;
  title?: string;
  description?: string;
  implements: string[];
  /** Unix 5-field cron, or a deploy-time parameter. */
  cron?: string | ParamRef;
  interval_seconds?: number;
  /** An IANA timezone, or a deploy-time parameter. */
  timezone: string | ParamRef;
  catch_up: boolean;
  overlap: OverlapPolicy;
  steps: ProcessStep[];
  /** Seconds, or a deploy-time parameter (`param("key")`, in seconds or as a duration). */
  timeout_seconds: number | ParamRef;
  events: ProcessEventEmission;
}

export interface StoryCondition {
  expression: string;
  /** The leading `Entity.field` of the expression, when it starts with one (Dazzle extracts it). */
  field_path?: string;
}

export interface StoryException {
  condition: string;
  then_outcomes: string[];
}

/** Dazzle's `StorySpec` (core/ir/stories.py). */
export interface StorySpec {
  story_id: string;
  title: string;
  persona?: string;
  trigger?: string;
  entities: string[];
  given: StoryCondition[];
  when: StoryCondition[];
  then: StoryCondition[];
  unless: StoryException[];
  status: StoryStatus;
  executed_by?: string;
  narrative_only: boolean;
  description?: string;
  source?: SourceRef;
}

/** What `dazzle-sfn ir` prints: the shape of `corpus/dazzle/reference-ir/*.ir.json`. */
export interface AppIR {
  processes: ProcessSpec[];
  schedules: ScheduleSpec[];
  stories: StorySpec[];
}

/** Dazzle's persisted `.dazzle/processes/processes.json`. */
export interface ProcessesContainer {
  version: string;
  processes: ProcessSpec[];
}

/** Both kinds of runnable definition. */
export type Workflow = { kind: 'process'; spec: ProcessSpec } | { kind: 'schedule'; spec: ScheduleSpec };
