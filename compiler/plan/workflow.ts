import type {
  CompensationSpec,
  OverlapPolicy,
  ProcessEventEmission,
  ProcessInputField,
  ProcessOutputField,
  ProcessSpec,
  ProcessStep,
  ProcessTriggerSpec,
  ScheduleSpec,
  Workflow,
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
  readonly overlap: OverlapPolicy;
  readonly events: ProcessEventEmission;
  readonly trigger?: ProcessTriggerSpec;
  /** The IR node itself (the key of its source location). */
  readonly spec: ProcessSpec | ScheduleSpec;
}

export function workflowOf(workflow: Workflow): WorkflowDef {
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
        overlap: p.overlap_policy,
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
        timeoutSeconds: s.timeout_seconds,
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
