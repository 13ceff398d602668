import {
  type AppIR,
  asWritten,
  isParamRef,
  type ProcessStep,
  type ProcessTriggerSpec,
  type ScheduleSpec,
  type StorySpec,
} from '../ir/types.ts';
import { formatDuration } from '../validate/format.ts';
import { type CompiledShape, formatCompiledShape } from './compiledShape.ts';
import { lookupWorkflow } from './workflowAddress.ts';

export interface StepSummary {
  name: string;
  kind: string;
  /** What the step does, in one line (`service validate_order`, `wait 1h`, …). */
  detail: string;
  /** Routing and policies: `on_success → x`, `on_failure → y`, `retry 3× exponential`, … */
  notes: string[];
  children: StepSummary[];
  /** The step's kind-specific IR fields (Dazzle's names), plus timeout, retry and routing. */
  fields: Record<string, unknown>;
}

export interface LinkedStory {
  story_id: string;
  /** How the story links: the workflow `implements` it, or the story is `executed_by` it. */
  link: 'implements' | 'executed_by';
  title?: string;
  status?: string;
  /** False when the workflow names a story that is not among the inputs. */
  loaded: boolean;
}

export interface InspectReport {
  kind: 'process' | 'schedule';
  name: string;
  title?: string;
  description?: string;
  trigger: string;
  timeout: string;
  overlap: string;
  inputs: string[];
  outputs: string[];
  steps: StepSummary[];
  compensations: string[];
  stories: LinkedStory[];
  /** The trigger as IR (Dazzle's `trigger` object); absent for schedules and manual-only processes. */
  trigger_spec?: ProcessTriggerSpec;
  implements: string[];
  /** What it compiles to; absent when the inputs do not compile. */
  compiled?: CompiledShape;
}

/**
 * A summary of the process or schedule `address` names (`process:x`, `schedule:x` or a bare name
 * only one of them has), or undefined when there is none (or the bare name is ambiguous).
 */
export function inspectWorkflow(ir: AppIR, address: string): InspectReport | undefined {
  const found = lookupWorkflow(
    [
      ...ir.processes.map((spec) => ({ kind: 'process' as const, name: spec.name })),
      ...ir.schedules.map((spec) => ({ kind: 'schedule' as const, name: spec.name })),
    ],
    address,
  );
  if (!('found' in found)) return undefined;
  const { kind, name } = found.found;
  const process = kind === 'process' ? ir.processes.find((p) => p.name === name) : undefined;
  if (process) {
    return {
      kind: 'process',
      name,
      title: process.title,
      description: process.description,
      trigger: process.trigger ? describeTrigger(process.trigger) : 'none (manual start only)',
      timeout: formatDuration(process.timeout_seconds),
      overlap: process.overlap_policy,
      inputs: process.inputs.map(
        (i) =>
          `${i.name}: ${i.type}${i.required ? ' required' : ''}${i.default !== undefined ? ` = ${JSON.stringify(i.default)}` : ''}`,
      ),
      outputs: process.outputs.map((o) => `${o.name}: ${o.type}`),
      steps: process.steps.map(summariseStep),
      compensations: process.compensations.map(
        (c) => `${c.name}: service ${c.service ?? '?'} (timeout ${formatDuration(c.timeout_seconds)})`,
      ),
      stories: linkedStories(ir.stories, process.implements, `process.${name}`),
      trigger_spec: process.trigger,
      implements: process.implements,
    };
  }
  const schedule = kind === 'schedule' ? ir.schedules.find((s) => s.name === name) : undefined;
  if (!schedule) return undefined;
  return {
    kind: 'schedule',
    name,
    title: schedule.title,
    description: schedule.description,
    trigger: describeSchedule(schedule),
    timeout: isParamRef(schedule.timeout_seconds)
      ? asWritten(schedule.timeout_seconds)
      : formatDuration(schedule.timeout_seconds),
    overlap: schedule.overlap,
    inputs: [],
    outputs: [],
    steps: schedule.steps.map(summariseStep),
    compensations: [],
    stories: linkedStories(ir.stories, schedule.implements, `schedule.${name}`),
    implements: schedule.implements,
  };
}

export function describeTrigger(t: ProcessTriggerSpec): string {
  const tz = t.timezone && t.timezone !== 'UTC' ? ` (${t.timezone})` : '';
  switch (t.kind) {
    case 'entity_event':
      return `entity ${t.entity_name} ${t.event_type}`;
    case 'entity_status_transition':
      return `entity ${t.entity_name} status ${t.from_status ? `${t.from_status} ` : ''}-> ${t.to_status}`;
    case 'manual':
      return 'manual';
    case 'signal':
      return `signal ${t.process_name}`;
    case 'process_completed':
      return `process ${t.process_name} completed`;
    case 'schedule_cron':
      return `cron "${t.cron}"${tz}`;
    case 'schedule_interval':
      return `interval ${formatDuration(t.interval_seconds ?? 0)}${tz}`;
    default: {
      const never: never = t.kind;
      return String(never);
    }
  }
}

function describeSchedule(s: ScheduleSpec): string {
  const when =
    s.cron !== undefined
      ? `cron "${asWritten(s.cron)}"`
      : `interval ${formatDuration(s.interval_seconds ?? 0)}`;
  return `${when} (${asWritten(s.timezone)})${s.catch_up ? ', catch up missed runs' : ''}`;
}

function summariseStep(step: ProcessStep): StepSummary {
  const notes: string[] = [];
  if (step.on_success) notes.push(`on_success → ${step.on_success}`);
  if (step.on_failure) notes.push(`on_failure → ${step.on_failure}`);
  if (step.retry) notes.push(`retry ${step.retry.max_attempts}× ${step.retry.backoff}`);
  if (step.compensate_with) notes.push(`compensate ${step.compensate_with}`);
  if (step.effects.length)
    notes.push(`effects: ${step.effects.map((e) => `${e.action} ${e.entity_name}`).join(', ')}`);
  const children = [...step.parallel_steps, ...step.foreach_steps].map(summariseStep);
  return {
    name: step.name,
    kind: step.kind ?? '(no kind)',
    detail: stepDetail(step),
    notes,
    children,
    fields: stepFields(step),
  };
}

/** Kind-specific fields, as Dazzle's `inspect` shows them (plus the kinds Dazzle leaves out). */
function stepFields(step: ProcessStep): Record<string, unknown> {
  const common: Record<string, unknown> = { timeout_seconds: step.timeout_seconds };
  if (step.retry) common.retry = { max_attempts: step.retry.max_attempts, backoff: step.retry.backoff };
  if (step.on_success) common.on_success = step.on_success;
  if (step.on_failure) common.on_failure = step.on_failure;
  if (step.compensate_with) common.compensate_with = step.compensate_with;
  if (step.inputs.length) common.inputs = step.inputs;
  if (step.output_mapping) common.output_mapping = step.output_mapping;
  return { ...kindFields(step), ...common };
}

function kindFields(step: ProcessStep): Record<string, unknown> {
  switch (step.kind) {
    case 'service':
      return { service: step.service };
    case 'send':
      return { channel: step.channel, message: step.message };
    case 'wait':
      return {
        wait_duration_seconds: step.wait_duration_seconds,
        wait_for_signal: step.wait_for_signal,
        wait_correlation: step.wait_correlation,
      };
    case 'human_task': {
      const t = step.human_task;
      return {
        surface: t.surface,
        title: t.title,
        assignee_role: t.assignee_role,
        assignee_expression: t.assignee_expression,
        task_timeout_seconds: t.timeout_seconds,
        escalation_timeout_seconds: t.escalation_timeout_seconds,
        outcomes: t.outcomes.map((o) => ({ name: o.name, label: o.label, goto: o.goto })),
      };
    }
    case 'subprocess':
      return { subprocess: step.subprocess };
    case 'parallel':
      return {
        parallel_policy: step.parallel_policy,
        parallel_steps: step.parallel_steps.map((s) => s.name),
      };
    case 'condition':
      return { condition: step.condition, on_true: step.on_true, on_false: step.on_false };
    case 'query':
      return {
        query_entity: step.query_entity,
        query_filter: step.query_filter,
        query_limit: step.query_limit,
      };
    case 'foreach':
      return {
        foreach_source: step.foreach_source,
        foreach_concurrency: step.foreach_concurrency,
        foreach_mode: step.foreach_mode,
        foreach_steps: step.foreach_steps.map((s) => s.name),
      };
    case 'side_effect':
      return { effects: step.effects };
    case 'llm_intent':
      return { llm_intent: step.llm_intent, llm_input_map: step.llm_input_map };
    default:
      return {};
  }
}

function stepDetail(step: ProcessStep): string {
  const timeout = `timeout ${formatDuration(step.timeout_seconds)}`;
  switch (step.kind) {
    case 'service':
      return `service ${step.service} (${timeout})`;
    case 'send':
      return `send ${step.message} on ${step.channel}`;
    case 'wait':
      return step.wait_for_signal !== undefined
        ? `wait for signal ${step.wait_for_signal}${step.wait_correlation ? ` where ${step.wait_correlation}` : ''}`
        : `wait ${formatDuration(step.wait_duration_seconds ?? 0)}`;
    case 'human_task': {
      const t = step.human_task;
      const who = t.assignee_role ?? t.assignee_expression ?? 'anyone';
      const outcomes = t.outcomes.map((o) => `${o.name} → ${o.goto}`).join(', ') || 'complete';
      return `human task${t.title ? ` "${t.title}"` : ''} for ${who} (timeout ${formatDuration(t.timeout_seconds)}; ${outcomes})`;
    }
    case 'subprocess':
      return `subprocess ${step.subprocess} (${timeout})`;
    case 'parallel':
      return `parallel (${step.parallel_policy})`;
    case 'condition':
      return `if ${step.condition} → ${step.on_true ?? 'next'} else → ${step.on_false ?? 'next'}`;
    case 'query':
      return `query ${step.query_entity} (limit ${step.query_limit})`;
    case 'foreach':
      return `foreach item of ${step.foreach_source}${step.foreach_concurrency ? ` (concurrency ${step.foreach_concurrency})` : ''}`;
    case 'side_effect':
      return 'side effects';
    case 'llm_intent':
      return `llm intent ${step.llm_intent}`;
    default:
      return '(no kind)';
  }
}

function linkedStories(stories: StorySpec[], implementsIds: string[], executor: string): LinkedStory[] {
  const byId = new Map(stories.map((s) => [s.story_id, s]));
  const linked: LinkedStory[] = implementsIds.map((id) => {
    const story = byId.get(id);
    return {
      story_id: id,
      link: 'implements',
      title: story?.title,
      status: story?.status,
      loaded: story !== undefined,
    };
  });
  for (const story of stories) {
    if (story.executed_by === executor && !implementsIds.includes(story.story_id)) {
      linked.push({
        story_id: story.story_id,
        link: 'executed_by',
        title: story.title,
        status: story.status,
        loaded: true,
      });
    }
  }
  return linked;
}

/** 7200 → `2h`, 90 → `90s`: the largest unit that divides evenly (the validator's formatter). */
export { formatDuration };

/** The report as text lines. */
export function formatInspect(r: InspectReport): string {
  const lines = [`${r.kind} ${r.name}${r.title ? ` "${r.title}"` : ''}`];
  if (r.description) lines.push(`  ${r.description}`);
  lines.push(`trigger:  ${r.trigger}`, `timeout:  ${r.timeout}`, `overlap:  ${r.overlap}`);
  if (r.inputs.length) lines.push('inputs:', ...r.inputs.map((i) => `  ${i}`));
  if (r.outputs.length) lines.push('outputs:', ...r.outputs.map((o) => `  ${o}`));
  lines.push('steps:');
  const addSteps = (steps: StepSummary[], indent: string) => {
    steps.forEach((s, i) => {
      lines.push(`${indent}${i + 1}. ${s.name} [${s.kind}] ${s.detail}`);
      for (const note of s.notes) lines.push(`${indent}     ${note}`);
      addSteps(s.children, `${indent}    `);
    });
  };
  addSteps(r.steps, '  ');
  if (r.compensations.length) lines.push('compensations:', ...r.compensations.map((c) => `  ${c}`));
  lines.push('stories:');
  if (r.stories.length === 0) lines.push('  (none linked)');
  for (const s of r.stories) {
    const what = s.loaded ? `"${s.title}" (${s.status})` : '(not among the inputs)';
    lines.push(`  ${s.story_id} ${what} via ${s.link}`);
  }
  if (r.compiled) lines.push(...formatCompiledShape(r.compiled));
  return lines.join('\n');
}
