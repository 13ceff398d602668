import { z } from 'zod';
import {
  BACKOFFS,
  DEFAULTS,
  OVERLAP_POLICIES,
  PARALLEL_POLICIES,
  type ProcessesContainer,
  type ProcessSpec,
  type ProcessStep,
  STEP_KINDS,
  STORY_STATUSES,
  type StorySpec,
  TRIGGER_KINDS,
} from './types.ts';

/**
 * The IR as a zod 4 schema, for IR that comes from outside the parser (Dazzle's `processes.json`).
 * Objects are strict (unknown keys are reported, never dropped silently) and Dazzle's defaults are
 * applied, so what parses has exactly the shape the parser produces.
 */

const name = z.string().min(1);
const seconds = z.number().int().nonnegative();

export const retrySchema = z.strictObject({
  max_attempts: z.number().int().positive().default(DEFAULTS.retry.max_attempts),
  initial_interval_seconds: z.number().nonnegative().default(DEFAULTS.retry.initial_interval_seconds),
  backoff: z.enum(BACKOFFS).default(DEFAULTS.retry.backoff),
  backoff_coefficient: z.number().positive().default(DEFAULTS.retry.backoff_coefficient),
  max_interval_seconds: z.number().nonnegative().default(DEFAULTS.retry.max_interval_seconds),
});

export const inputMappingSchema = z.strictObject({ source: z.string(), target: z.string() });
export const satisfiesSchema = z.strictObject({ story: z.string(), outcome: z.string() });
const assignmentSchema = z.strictObject({ field_path: z.string(), value: z.string() });

const fieldSchema = z.strictObject({
  name,
  type: z.string(),
  required: z.boolean().default(false),
  default: z.string().optional(),
  description: z.string().optional(),
});

const outcomeSchema = z.strictObject({
  name,
  label: z.string().optional(),
  sets: z.array(assignmentSchema).default([]),
  goto: z.string().default(DEFAULTS.outcomeGoto),
  confirm: z.string().optional(),
  style: z.string().default(DEFAULTS.outcomeStyle),
});

const humanTaskSchema = z.strictObject({
  surface: z.string().optional(),
  entity_path: z.string().optional(),
  assignee_role: z.string().optional(),
  assignee_expression: z.string().optional(),
  timeout_seconds: seconds.default(DEFAULTS.humanTaskTimeoutSeconds),
  escalation_timeout_seconds: seconds.optional(),
  outcomes: z.array(outcomeSchema).default([]),
  title: z.string().optional(),
  form: z.array(fieldSchema).optional(),
});

const effectSchema = z.strictObject({
  action: z.enum(['create', 'update']),
  entity_name: z.string(),
  where: z.string().optional(),
  assignments: z.array(assignmentSchema).default([]),
});

/** One step: every kind's fields are optional here; which ones a kind needs is a validation rule. */
export const stepSchema: z.ZodType<ProcessStep, unknown> = z.lazy(() =>
  z
    .strictObject({
      name,
      kind: z.enum(STEP_KINDS).default('service'),
      service: z.string().optional(),
      channel: z.string().optional(),
      message: z.string().optional(),
      wait_duration_seconds: seconds.optional(),
      wait_for_signal: z.string().optional(),
      wait_correlation: z.string().optional(),
      human_task: humanTaskSchema.optional(),
      subprocess: z.string().optional(),
      condition: z.string().optional(),
      on_true: z.string().optional(),
      on_false: z.string().optional(),
      query_entity: z.string().optional(),
      query_filter: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
      foreach_source: z.string().optional(),
      foreach_concurrency: z.number().int().optional(),
      foreach_mode: z.enum(['inline', 'distributed']).optional(),
      llm_intent: z.string().optional(),
      llm_input_map: z.record(z.string(), z.string()).optional(),
      parallel_steps: z.array(stepSchema).default([]),
      parallel_policy: z.enum(PARALLEL_POLICIES).default(DEFAULTS.parallelPolicy),
      query_limit: z.number().int().positive().default(DEFAULTS.queryLimit),
      foreach_steps: z.array(stepSchema).default([]),
      inputs: z.array(inputMappingSchema).default([]),
      output_mapping: z.string().optional(),
      timeout_seconds: seconds.default(DEFAULTS.stepTimeoutSeconds),
      retry: retrySchema.optional(),
      on_success: z.string().optional(),
      on_failure: z.string().optional(),
      compensate_with: z.string().optional(),
      effects: z.array(effectSchema).default([]),
      satisfies: z.array(satisfiesSchema).default([]),
    })
    .transform((step) => {
      if (step.human_task) {
        for (const o of step.human_task.outcomes) o.label ??= o.name;
      }
      return step as ProcessStep;
    }),
);

const triggerSchema = z.strictObject({
  kind: z.enum(TRIGGER_KINDS),
  entity_name: z.string().optional(),
  event_type: z.enum(['created', 'updated', 'deleted']).optional(),
  from_status: z.string().optional(),
  to_status: z.string().optional(),
  cron: z.string().optional(),
  interval_seconds: seconds.optional(),
  timezone: z.string().default(DEFAULTS.timezone),
  process_name: z.string().optional(),
});

const compensationSchema = z.strictObject({
  name,
  service: z.string().optional(),
  inputs: z.array(inputMappingSchema).default([]),
  timeout_seconds: seconds.default(DEFAULTS.compensationTimeoutSeconds),
  retry: retrySchema.optional(),
});

const eventsSchema = z.strictObject({
  on_start: z.string().optional(),
  on_complete: z.string().optional(),
  on_failure: z.string().optional(),
});

const sourceSchema = z.strictObject({ file: z.string(), line: z.number().int(), column: z.number().int() });

export const processSchema = z.strictObject({
  name,
  title: z.string().optional(),
  description: z.string().optional(),
  implements: z.array(z.string()).default([]),
  trigger: triggerSchema.optional(),
  inputs: z.array(fieldSchema).default([]),
  outputs: z
    .array(
      z.strictObject({
        name,
        type: z.string(),
        description: z.string().optional(),
        satisfies: z.array(satisfiesSchema).default([]),
      }),
    )
    .default([]),
  steps: z.array(stepSchema).default([]),
  compensations: z.array(compensationSchema).default([]),
  timeout_seconds: seconds.default(DEFAULTS.processTimeoutSeconds),
  overlap_policy: z.enum(OVERLAP_POLICIES).default(DEFAULTS.overlap),
  events: eventsSchema.default({}),
  source: sourceSchema.optional(),
}) satisfies z.ZodType<ProcessSpec, unknown>;

export const storySchema = z.strictObject({
  story_id: name,
  title: z.string(),
  persona: z.string().optional(),
  trigger: z.string().optional(),
  entities: z.array(z.string()).default([]),
  given: z.array(z.strictObject({ expression: z.string(), field_path: z.string().optional() })).default([]),
  when: z.array(z.strictObject({ expression: z.string(), field_path: z.string().optional() })).default([]),
  // biome-ignore lint/suspicious/noThenProperty: `then` is Dazzle's story field name (not a thenable)
  then: z.array(z.strictObject({ expression: z.string(), field_path: z.string().optional() })).default([]),
  unless: z
    .array(z.strictObject({ condition: z.string(), then_outcomes: z.array(z.string()).default([]) }))
    .default([]),
  status: z.enum(STORY_STATUSES).default('draft'),
  executed_by: z.string().optional(),
  narrative_only: z.boolean().default(false),
  description: z.string().optional(),
  source: sourceSchema.optional(),
}) satisfies z.ZodType<StorySpec, unknown>;

/** Dazzle's persisted `.dazzle/processes/processes.json`. */
export const processesContainerSchema = z.strictObject({
  version: z.string().default('1.0'),
  processes: z.array(processSchema),
}) satisfies z.ZodType<ProcessesContainer, unknown>;
