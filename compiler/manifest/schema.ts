import { z } from 'zod';
import { MANIFEST_VERSION } from './version.ts';

/**
 * The deployment manifest: the only thing infra (`infra/`) and the local runtime (`local/`) read.
 * Placeholders (`${Service_x}`, `${EventSource}`, …) are those of `compiler/contracts/runtime.ts`.
 * `manifest.schema.json` beside this file is generated from this schema (test-checked).
 */
const Placeholder = z.string().describe('an ARN/name placeholder from compiler/contracts/runtime.ts');
const Param = z.object({ param: z.string() }).strict().describe('a deploy-time parameter (param("key"))');

export const IamStatementSchema = z
  .object({
    state: z.string().describe('the state that needs the permission'),
    actions: z.array(z.string()),
    resources: z.array(Placeholder),
  })
  .strict();

export const EventPatternSchema = z
  .object({
    source: z.array(z.string()),
    'detail-type': z.array(z.string()),
    detail: z.record(z.string(), z.array(z.string())).optional(),
  })
  .strict()
  .describe('an EventBridge event pattern');

export const TriggerSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('entity_event'),
      entity: z.string(),
      event_type: z.enum(['created', 'updated', 'deleted']),
      pattern: EventPatternSchema,
    })
    .strict(),
  z
    .object({
      kind: z.literal('entity_status_transition'),
      entity: z.string(),
      from_status: z.string().optional(),
      to_status: z.string(),
      pattern: EventPatternSchema,
    })
    .strict(),
  z.object({ kind: z.literal('signal'), signal: z.string(), pattern: EventPatternSchema }).strict(),
  z
    .object({
      kind: z.literal('process_completed'),
      process: z.string(),
      via: z.enum(['on_complete_event', 'execution_status_change']),
      pattern: EventPatternSchema,
    })
    .strict(),
  z.object({ kind: z.literal('manual'), route: z.string() }).strict(),
  z.object({ kind: z.literal('schedule_cron'), schedule: z.string() }).strict(),
  z.object({ kind: z.literal('schedule_interval'), schedule: z.string() }).strict(),
]);

export const ScheduleEntrySchema = z
  .object({
    id: z
      .string()
      .describe(
        'unique in the manifest: the workflow id (`process-x`, `schedule-x`), `.2` added for the second of a split cron',
      ),
    expression: z.union([z.string(), Param]).describe('cron(…) (AWS 6-field) or rate(…)'),
    source: z.string().describe('the cron or interval as written'),
    timezone: z.union([z.string(), Param]),
    catch_up: z.boolean(),
    split: z.boolean().describe('one of the two schedules of a day-of-month OR day-of-week cron'),
  })
  .strict();

const FieldSchema = z
  .object({
    name: z.string(),
    type: z.string(),
    required: z.boolean(),
    default: z.string().optional(),
    description: z.string().optional(),
  })
  .strict();

export const HumanTaskSchema = z
  .object({
    step: z.string(),
    title: z.string(),
    role: z.string().optional(),
    assignee: z.string().optional().describe('the assignee expression as written'),
    surface: z.string().optional(),
    entity: z.string().optional(),
    form: z.array(FieldSchema),
    outcomes: z.array(
      z
        .object({
          name: z.string(),
          label: z.string(),
          style: z.string(),
          confirm: z.string().optional(),
          goto: z.string(),
          sets: z.array(z.object({ field_path: z.string(), value: z.string() }).strict()),
        })
        .strict(),
    ),
    timeout_seconds: z.number().int(),
    escalation_seconds: z.number().int().optional(),
  })
  .strict();

export const SignalWaitSchema = z
  .object({
    step: z.string(),
    signal: z.string(),
    correlation: z.string().optional().describe('the correlation path as written'),
    timeout_seconds: z.number().int(),
  })
  .strict();

export const LockSchema = z
  .object({
    pk: z.string().describe('partition key of the lock items (state table)'),
    scope: z
      .enum(['entity', 'signal', 'upstream', 'process', 'schedule'])
      .describe('what the sort key is scoped to: the trigger subject, or the whole workflow'),
    lease_seconds: z.number().int(),
  })
  .strict();

export const WorkflowSchema = z
  .object({
    id: z
      .string()
      .describe(
        'unique in the manifest: `<kind>-<name>` (`process-daily_report`, `schedule-daily_report`); processes and schedules are separate namespaces',
      ),
    name: z.string(),
    kind: z.enum(['process', 'schedule']),
    title: z.string().optional(),
    description: z.string().optional(),
    asl: z.string().describe('file name of the definition beside the manifest'),
    workflow_type: z.enum(['STANDARD', 'EXPRESS']),
    workflow_type_reason: z.string(),
    timeout_seconds: z.number().int(),
    timeout_param: z.string().optional(),
    overlap: z
      .object({
        policy: z.enum(['skip', 'queue', 'cancel_previous', 'allow']),
        lock: LockSchema.optional().describe('present when the workflow takes a lock'),
      })
      .strict(),
    triggers: z.array(TriggerSchema),
    schedules: z.array(ScheduleEntrySchema),
    inputs: z.array(FieldSchema),
    outputs: z.array(
      z.object({ name: z.string(), type: z.string(), description: z.string().optional() }).strict(),
    ),
    references: z
      .object({
        services: z.array(z.string()),
        handlers: z.array(z.string()),
        channels: z.array(z.string()),
        intents: z.array(z.string()),
        entities: z.array(z.string()),
        subprocesses: z.array(z.string()),
      })
      .strict(),
    emits: z
      .object({
        on_start: z.string().optional(),
        on_complete: z.string().optional(),
        on_failure: z.string().optional(),
        messages: z.array(z.object({ channel: z.string(), message: z.string(), step: z.string() }).strict()),
      })
      .strict(),
    human_tasks: z.array(HumanTaskSchema),
    signals: z.array(SignalWaitSchema),
    iam: z.array(IamStatementSchema),
    state_count: z.number().int(),
  })
  .strict();

export const ManifestSchema = z
  .object({
    version: z.literal(MANIFEST_VERSION),
    generator: z.literal('dazzle-sfn'),
    workflows: z.array(WorkflowSchema),
  })
  .strict();

export type Manifest = z.infer<typeof ManifestSchema>;
export type ManifestWorkflow = z.infer<typeof WorkflowSchema>;
export type ManifestTrigger = z.infer<typeof TriggerSchema>;
export type ManifestLock = z.infer<typeof LockSchema>;
export type ManifestSchedule = z.infer<typeof ScheduleEntrySchema>;
export type EventPattern = z.infer<typeof EventPatternSchema>;

/** The JSON Schema of the manifest (what `manifest.schema.json` holds). */
export function manifestJsonSchema(): unknown {
  return z.toJSONSchema(ManifestSchema, { target: 'draft-2020-12' });
}
