import { splitScheduleId, workflowKey } from '../contracts/names.ts';
import { PLACEHOLDER, STATE_KEYS } from '../contracts/runtime.ts';
import { type Diagnostic, diagnostic, type Location } from '../diagnostics/diagnostic.ts';
import type { IamStatement } from '../emit/asl/iam.ts';
import { lockScope } from '../emit/asl/lock.ts';
import { humanize } from '../emit/asl/steps/humanTask.ts';
import { signalTimeout } from '../emit/asl/steps/wait.ts';
import type { State, StateMachineDefinition } from '../emit/asl/types.ts';
import type { SourceMap } from '../ir/locations.ts';
import {
  isParamRef,
  type ParamRef,
  type ProcessStep,
  type ProcessTriggerSpec,
  paramKeyOf,
  paramText,
} from '../ir/types.ts';
import { allSteps, type FlowPlan, type WorkflowDef } from '../plan/index.ts';
import { compileCron, rateExpression } from '../schedule/index.ts';
import type {
  EventPattern,
  ManifestLock,
  ManifestSchedule,
  ManifestTrigger,
  ManifestWorkflow,
} from './schema.ts';
import { chooseWorkflowType, type WorkflowTypeOption } from './workflowType.ts';

export interface ManifestContext {
  readonly sourceMap?: SourceMap;
  readonly fallback: Location;
  readonly workflowType: WorkflowTypeOption;
  /** Every workflow of the compile and who calls or watches whom (`indexWorkflows`, built once). */
  readonly workflows: WorkflowIndex;
}

/**
 * The workflows of one compile with their cross-references, built once per compile so that each
 * workflow's manifest entry looks its callers and watchers up instead of scanning every workflow
 * (which made the compile quadratic in the number of workflows).
 */
export interface WorkflowIndex {
  readonly byName: ReadonlyMap<string, WorkflowDef>;
  /** Per process: the first (by name) process triggered by its completion (`process P completed`). */
  readonly completionWatcher: ReadonlyMap<string, string>;
  /** Per process: the first (by name) process that runs it as a subprocess step, at any depth. */
  readonly subprocessCaller: ReadonlyMap<string, string>;
}

export function indexWorkflows(workflows: Iterable<WorkflowDef>): WorkflowIndex {
  const byName = new Map<string, WorkflowDef>();
  const completionWatcher = new Map<string, string>();
  const subprocessCaller = new Map<string, string>();
  const keepFirst = (index: Map<string, string>, key: string, name: string) => {
    const current = index.get(key);
    if (current === undefined || name < current) index.set(key, name);
  };
  for (const w of workflows) {
    byName.set(w.name, w);
    if (w.trigger?.kind === 'process_completed' && w.trigger.process_name !== undefined)
      keepFirst(completionWatcher, w.trigger.process_name, w.name);
    for (const s of allStepsOf(w))
      if (s.kind === 'subprocess') keepFirst(subprocessCaller, s.subprocess, w.name);
  }
  return { byName, completionWatcher, subprocessCaller };
}

const ENTITY_DETAIL_TYPES = {
  created: 'EntityCreated',
  updated: 'EntityUpdated',
  deleted: 'EntityDeleted',
} as const;
const HANDLER_PLACEHOLDER = /^\$\{Handler_(\w+)\}$/;

/** The manifest entry of one compiled workflow. */
export function workflowManifest(
  plan: FlowPlan,
  definition: StateMachineDefinition,
  iam: IamStatement[],
  ctx: ManifestContext,
): { entry: ManifestWorkflow; diagnostics: Diagnostic[] } {
  const workflow = plan.workflow;
  const diagnostics: Diagnostic[] = [];
  // `process P completed` and `subprocess: P` name processes: a schedule of P's name is another workflow.
  const asProcess = workflow.kind === 'process' ? workflow.name : undefined;
  const { type, reason } = chooseWorkflowType(
    plan,
    ctx.workflowType,
    workflow.events.on_complete || asProcess === undefined
      ? undefined
      : ctx.workflows.completionWatcher.get(asProcess),
    asProcess === undefined ? undefined : ctx.workflows.subprocessCaller.get(asProcess),
  );
  const steps = allSteps(plan.root).map((s) => s.step);
  const spec = workflow.spec;
  const schedules = schedulesOf(workflow, ctx, diagnostics);
  const id = workflowKey(workflow);
  const entry: ManifestWorkflow = {
    id,
    name: workflow.name,
    kind: workflow.kind,
    ...(workflow.title ? { title: workflow.title } : {}),
    ...(spec.description ? { description: spec.description } : {}),
    asl: aslFileName(id),
    workflow_type: type,
    workflow_type_reason: reason,
    timeout_seconds: workflow.timeoutSeconds,
    ...timeoutParamOf(workflow),
    overlap: {
      policy: workflow.overlap,
      ...(workflow.overlap === 'allow' ? {} : { lock: lockOf(workflow) }),
    },
    triggers: triggersOf(workflow, schedules, ctx),
    schedules,
    inputs: workflow.inputs.map((i) => ({
      name: i.name,
      type: i.type,
      required: i.required,
      ...(i.default !== undefined ? { default: i.default } : {}),
      ...(i.description !== undefined ? { description: i.description } : {}),
    })),
    outputs: workflow.outputs.map((o) => ({
      name: o.name,
      type: o.type,
      ...(o.description !== undefined ? { description: o.description } : {}),
    })),
    references: {
      services: sorted([
        ...steps.flatMap((s) => (s.kind === 'service' ? [s.service] : [])),
        ...plan.compensations.map((c) => c.service),
      ]),
      handlers: sorted(handlersOf(iam)),
      channels: sorted(steps.flatMap((s) => (s.kind === 'send' ? [s.channel] : []))),
      intents: sorted(steps.flatMap((s) => (s.kind === 'llm_intent' ? [s.llm_intent] : []))),
      entities: sorted(entitiesOf(workflow, steps)),
      subprocesses: sorted(steps.flatMap((s) => (s.kind === 'subprocess' ? [s.subprocess] : []))),
    },
    emits: emitsOf(workflow, steps),
    human_tasks: steps.flatMap((s) => {
      if (s.kind !== 'human_task') return [];
      const t = s.human_task;
      const outcomes = t.outcomes.length > 0 ? t.outcomes : [];
      return [
        {
          step: s.name,
          title: t.title ?? humanize(s.name),
          ...(t.assignee_role ? { role: t.assignee_role } : {}),
          ...(t.assignee_expression ? { assignee: t.assignee_expression } : {}),
          ...(t.surface ? { surface: t.surface } : {}),
          ...(t.entity_path ? { entity: t.entity_path } : {}),
          form: (t.form ?? []).map((f) => ({
            name: f.name,
            type: f.type,
            required: f.required,
            ...(f.default !== undefined ? { default: f.default } : {}),
            ...(f.description !== undefined ? { description: f.description } : {}),
          })),
          outcomes:
            outcomes.length > 0
              ? outcomes.map((o) => ({
                  name: o.name,
                  label: o.label,
                  style: o.style,
                  ...(o.confirm !== undefined ? { confirm: o.confirm } : {}),
                  goto: o.goto,
                  sets: o.sets.map((x) => ({ field_path: x.field_path, value: x.value })),
                }))
              : [{ name: 'complete', label: 'Complete', style: 'primary', goto: 'next', sets: [] }],
          timeout_seconds: t.timeout_seconds,
          ...(t.escalation_timeout_seconds !== undefined
            ? { escalation_seconds: t.escalation_timeout_seconds }
            : {}),
        },
      ];
    }),
    signals: steps.flatMap((s) =>
      s.kind === 'wait' && s.wait_for_signal !== undefined
        ? [
            {
              step: s.name,
              signal: s.wait_for_signal,
              ...(s.wait_correlation ? { correlation: s.wait_correlation } : {}),
              timeout_seconds: signalTimeout(s.timeout_seconds, workflow.timeoutSeconds),
            },
          ]
        : [],
    ),
    iam: iam.map((s) => ({ state: s.state, actions: [...s.actions], resources: [...s.resources] })),
    state_count: countStates(definition.States),
  };
  return { entry, diagnostics };
}

/** `process-daily_report.asl.json`: the file of a workflow's definition, by its id. */
export const aslFileName = (id: string): string => `${id}.asl.json`;

/** The overlap lock item's partition key, what its sort key is scoped to, and its lease. */
function lockOf(workflow: WorkflowDef): ManifestLock {
  return {
    pk: STATE_KEYS.lock(workflowKey(workflow), '').pk,
    scope: lockScope(workflow),
    lease_seconds: workflow.timeoutSeconds,
  };
}

/**
 * The events a workflow emits. Built field by field: an object literal that starts with a
 * conditional spread (`{ ...(on_start ? { on_start } : {}), … }`) takes a slow path in V8.
 */
function emitsOf(workflow: WorkflowDef, steps: readonly ProcessStep[]): ManifestWorkflow['emits'] {
  const { on_start, on_complete, on_failure } = workflow.events;
  const emits: Partial<ManifestWorkflow['emits']> = {};
  if (on_start) emits.on_start = on_start;
  if (on_complete) emits.on_complete = on_complete;
  if (on_failure) emits.on_failure = on_failure;
  emits.messages = steps.flatMap((s) =>
    s.kind === 'send' ? [{ channel: s.channel, message: s.message, step: s.name }] : [],
  );
  return emits as ManifestWorkflow['emits'];
}

/** The handler names of `${Handler_<name>}` resources. */
function handlersOf(iam: readonly IamStatement[]): string[] {
  const names: string[] = [];
  for (const statement of iam) {
    for (const resource of statement.resources) {
      // Most resources are other placeholders: test the prefix before running the pattern.
      const match = resource.startsWith('${Handler_') ? HANDLER_PLACEHOLDER.exec(resource) : null;
      if (match) names.push(match[1]);
    }
  }
  return names;
}

function sorted(values: string[]): string[] {
  return [...new Set(values)].sort();
}

/** The entities the trigger and the planned (reachable) steps name. */
function entitiesOf(workflow: WorkflowDef, steps: readonly ProcessStep[]): string[] {
  const out: string[] = [];
  if (workflow.trigger?.entity_name) out.push(workflow.trigger.entity_name);
  for (const s of steps) {
    if (s.kind === 'query') out.push(s.query_entity);
    if (s.kind === 'human_task') {
      if (s.human_task.entity_path) out.push(s.human_task.entity_path.split('.')[0]);
      for (const o of s.human_task.outcomes)
        for (const x of o.sets) if (x.field_path.includes('.')) out.push(x.field_path.split('.')[0]);
    }
    for (const e of s.effects) out.push(e.entity_name);
  }
  return out;
}

function allStepsOf(workflow: WorkflowDef): ProcessStep[] {
  const found: ProcessStep[] = [];
  collectSteps(workflow.steps, found);
  return found;
}

function collectSteps(steps: readonly ProcessStep[], found: ProcessStep[]): void {
  for (const s of steps) {
    found.push(s);
    collectSteps(s.parallel_steps, found);
    collectSteps(s.foreach_steps, found);
  }
}

function countStates(states: Record<string, State>): number {
  let n = 0;
  for (const state of Object.values(states)) {
    n++;
    if (state.Type === 'Parallel') for (const b of state.Branches) n += countStates(b.States);
    if (state.Type === 'Map') n += countStates(state.ItemProcessor.States);
  }
  return n;
}

function eventPattern(detailType: string, detail?: Record<string, string[]>): EventPattern {
  return { source: [PLACEHOLDER.eventSource], 'detail-type': [detailType], ...(detail ? { detail } : {}) };
}

function triggersOf(
  workflow: WorkflowDef,
  schedules: ManifestSchedule[],
  ctx: ManifestContext,
): ManifestTrigger[] {
  if (workflow.kind === 'schedule') return [];
  const t = workflow.trigger;
  if (!t) return [{ kind: 'manual', route: manualRoute(workflow.name) }];
  return [triggerOf(workflow, t, schedules, ctx)];
}

const manualRoute = (name: string) => `POST /processes/${name}/executions`;

function triggerOf(
  workflow: WorkflowDef,
  t: ProcessTriggerSpec,
  schedules: ManifestSchedule[],
  ctx: ManifestContext,
): ManifestTrigger {
  switch (t.kind) {
    case 'entity_event': {
      const eventType = t.event_type ?? 'updated';
      return {
        kind: 'entity_event',
        entity: t.entity_name ?? '',
        event_type: eventType,
        pattern: eventPattern(ENTITY_DETAIL_TYPES[eventType], { entity: [t.entity_name ?? ''] }),
      };
    }
    case 'entity_status_transition': {
      const detail: Record<string, string[]> = {
        entity: [t.entity_name ?? ''],
        to_status: [t.to_status ?? ''],
      };
      if (t.from_status) detail.from_status = [t.from_status];
      return {
        kind: 'entity_status_transition',
        entity: t.entity_name ?? '',
        ...(t.from_status ? { from_status: t.from_status } : {}),
        to_status: t.to_status ?? '',
        pattern: eventPattern('EntityStatusChanged', detail),
      };
    }
    case 'signal':
      return {
        kind: 'signal',
        signal: t.process_name ?? '',
        pattern: eventPattern('Signal', { name: [t.process_name ?? ''] }),
      };
    case 'process_completed': {
      const watched = t.process_name ?? '';
      const onComplete = ctx.workflows.byName.get(watched)?.events.on_complete;
      return onComplete
        ? {
            kind: 'process_completed',
            process: watched,
            via: 'on_complete_event',
            pattern: eventPattern(onComplete, { process: [watched] }),
          }
        : {
            kind: 'process_completed',
            process: watched,
            via: 'execution_status_change',
            pattern: {
              source: ['aws.states'],
              'detail-type': ['Step Functions Execution Status Change'],
              detail: {
                status: ['SUCCEEDED'],
                stateMachineArn: [PLACEHOLDER.stateMachine({ kind: 'process', name: watched })],
              },
            },
          };
    }
    case 'manual':
      return { kind: 'manual', route: manualRoute(workflow.name) };
    case 'schedule_cron':
      return { kind: 'schedule_cron', schedule: schedules[0]?.id ?? workflowKey(workflow) };
    case 'schedule_interval':
      return { kind: 'schedule_interval', schedule: schedules[0]?.id ?? workflowKey(workflow) };
    default: {
      const never: never = t.kind;
      return never;
    }
  }
}

/** The manifest's `timeout_param` of a schedule whose `timeout: param("key")`. */
function timeoutParamOf(workflow: WorkflowDef): { timeout_param?: string } {
  const spec = workflow.spec;
  if (workflow.kind !== 'schedule' || !('catch_up' in spec) || !isParamRef(spec.timeout_seconds)) return {};
  return { timeout_param: paramText(spec.timeout_seconds.key) };
}

/** Scheduler entries: a schedule's cron/interval, or a process's cron/interval trigger. */
function schedulesOf(
  workflow: WorkflowDef,
  ctx: ManifestContext,
  diagnostics: Diagnostic[],
): ManifestSchedule[] {
  const spec = workflow.spec;
  let cron: string | ParamRef | undefined;
  let interval: number | undefined;
  let timezone: string | ParamRef;
  let catchUp = false;
  let node: object = spec;
  if (workflow.kind === 'schedule' && 'catch_up' in spec) {
    cron = spec.cron;
    interval = spec.interval_seconds;
    timezone = spec.timezone;
    catchUp = spec.catch_up;
  } else {
    const t = workflow.trigger;
    if (!t || (t.kind !== 'schedule_cron' && t.kind !== 'schedule_interval')) return [];
    cron = t.kind === 'schedule_cron' ? t.cron : undefined;
    interval = t.kind === 'schedule_interval' ? t.interval_seconds : undefined;
    timezone = t.timezone;
    node = t;
  }
  const zoneKey = paramKeyOf(timezone);
  const zone = zoneKey !== undefined ? { param: zoneKey } : (timezone as string);
  const at =
    ctx.sourceMap?.field(node, cron !== undefined ? 'cron' : 'interval_seconds', ctx.fallback) ??
    ctx.fallback;
  const id = workflowKey(workflow);
  const entry = (
    entryId: string,
    expression: ManifestSchedule['expression'],
    source: string,
    split: boolean,
  ) => ({
    id: entryId,
    expression,
    source,
    timezone: zone,
    catch_up: catchUp,
    split,
  });
  if (cron !== undefined) {
    const cronKey = paramKeyOf(cron);
    if (cronKey !== undefined) return [entry(id, { param: cronKey }, paramText(cronKey), false)];
    if (typeof cron !== 'string') return [];
    const compiled = compileCron(cron, at);
    diagnostics.push(...compiled.diagnostics);
    if (!compiled.schedules) return [];
    const { expressions, split } = compiled.schedules;
    return expressions.map((e, i) => entry(i === 0 ? id : splitScheduleId(id, i + 1), e, cron, split));
  }
  if (interval !== undefined) {
    const rate = rateExpression(interval, at);
    diagnostics.push(...rate.diagnostics);
    return rate.expression ? [entry(id, rate.expression, `${interval}s`, false)] : [];
  }
  diagnostics.push(diagnostic('DZ605', `schedule '${workflow.name}' has neither cron nor interval`, at));
  return [];
}
