import type { SourceMap } from '../ir/locations.ts';
import {
  type CompensationSpec,
  isParamRef,
  type OverlapPolicy,
  type ProcessEventEmission,
  type ProcessInputField,
  type ProcessOutputField,
  type ProcessSpec,
  type ProcessStep,
  type ProcessTriggerSpec,
  type ScheduleSpec,
  type Workflow,
} from '../ir/types.ts';

/**
 * A process or a schedule, seen the same way by the planner and the emitters: a schedule is a
 * process with no inputs or outputs, no compensations and a schedule instead of a trigger.
 */
export interface WorkflowDef {
  readonly kind: Workflow['kind'];
  readonly name: string;
  readonly title?: string;
  readonly inputs: readonly ProcessInputField[];
  readonly outputs: readonly ProcessOutputField[];
  readonly steps: readonly ProcessStep[];
  readonly compensations: readonly CompensationSpec[];
  readonly timeoutSeconds: number;
  /**
   * The overlap policy in force: a process's as written (`allow`, so no lock, when its source does
   * not write `overlap:`); a schedule's, `skip` by default (LANGUAGE.md "Names and overlap").
   */
  readonly overlap: OverlapPolicy;
  readonly events: ProcessEventEmission;
  readonly trigger?: ProcessTriggerSpec;
  /** The IR node itself (the key of its source location). */
  readonly spec: ProcessSpec | ScheduleSpec;
}

/**
 * The planner's view of a workflow. `sourceMap` says whether a process wrote its `overlap:` (see
 * `declaredOverlap`); without one, only a policy other than Dazzle's default counts as written.
 */
export function workflowOf(workflow: Workflow, sourceMap?: SourceMap): WorkflowDef {
  switch (workflow.kind) {
    case 'process': {
      const p = workflow.spec;
      return {
        kind: 'process',
        name: p.name,
        title: p.title,
        inputs: p.inputs,
        outputs: p.outputs,
        steps: p.steps,
        compensations: p.compensations,
        timeoutSeconds: p.timeout_seconds,
        overlap: declaredOverlap(p, sourceMap),
        events: p.events,
        trigger: p.trigger,
        spec: p,
      };
    }
    case 'schedule': {
      const s = workflow.spec;
      return {
        kind: 'schedule',
        name: s.name,
        title: s.title,
        inputs: [],
        outputs: [],
        steps: s.steps,
        compensations: [],
        // A `param(…)` timeout is applied at deploy time; the definition carries Dazzle's default.
        timeoutSeconds: isParamRef(s.timeout_seconds) ? Number(s.timeout_seconds.default) : s.timeout_seconds,
        overlap: s.overlap,
        events: s.events,
        spec: s,
      };
    }
    default: {
      const never: never = workflow;
      return never;
    }
  }
}

/**
 * A process locks only when its source writes `overlap:` (LANGUAGE.md "Names and overlap"). Dazzle's
 * IR records `overlap_policy: skip` for every process, written or not, so: in a DSL file the source
 * map says whether the field was written; in a processes.json (which Dazzle writes with the field
 * always present) and in IR built in code, `skip` is Dazzle's default and counts as not written,
 * any other policy as written. Not written means `allow`: concurrent runs all run.
 */
export function declaredOverlap(process: ProcessSpec, sourceMap?: SourceMap): OverlapPolicy {
  const policy = process.overlap_policy;
  if (policy !== 'skip') return policy;
  const at = sourceMap?.fieldAt(process, 'overlap_policy');
  // `*.json` inputs are processes.json files (sources.ts, `isProcessesJson`).
  return at !== undefined && !at.file.toLowerCase().endsWith('.json') ? policy : 'allow';
}
