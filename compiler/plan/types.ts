import type { HumanTaskOutcome, InputMapping, RetryConfig, StepKind, StepOf } from '../ir/types.ts';
import type { WorkflowDef } from './workflow.ts';

/**
 * Where control goes: a step of the same scope, `complete` (the end of the scope: success of the
 * whole process at the top, the end of the branch or iteration inside a parallel or foreach) or
 * `fail` (the failure path: compensations at the top; failing the branch or iteration inside).
 */
export type FlowTarget =
  | { readonly kind: 'step'; readonly step: string }
  | { readonly kind: 'complete' }
  | { readonly kind: 'fail' };

export const COMPLETE: FlowTarget = { kind: 'complete' };
export const FAIL: FlowTarget = { kind: 'fail' };
export const toStep = (step: string): FlowTarget => ({ kind: 'step', step });

/** A compensation a completed step registers: a declared one, or the implicit call of a service. */
export interface CompensationPlan {
  readonly name: string;
  readonly service: string;
  readonly inputs: readonly InputMapping[];
  readonly timeoutSeconds: number;
  readonly retry?: RetryConfig;
  /** True when `compensate` named no declared compensation (the service of that name is called). */
  readonly implicit: boolean;
}

export interface OutcomeRoute {
  readonly outcome: HumanTaskOutcome;
  readonly target: FlowTarget;
}

/** One step of the flow graph. */
export interface StepPlan<K extends StepKind = StepKind> {
  readonly step: StepOf<K>;
  /** After success (`on_success`/`goto`, else the next step, else the end of the scope). */
  readonly next: FlowTarget;
  /** After the retries are spent (`on_failure`, default `fail`). */
  readonly onFailure: FlowTarget;
  /** What the step registers for the saga when it completes. */
  readonly compensation?: CompensationPlan;
  /** Condition steps: where each branch goes (a missing one continues with the next step). */
  readonly whenTrue?: FlowTarget;
  readonly whenFalse?: FlowTarget;
  /** Human tasks: one route per outcome (an implicit `complete` one when none are declared). */
  readonly outcomes?: readonly OutcomeRoute[];
  /** Parallel: one scope per branch. Foreach: the body, one scope. */
  readonly scopes?: readonly ScopePlan[];
}

/** A sequence of steps: the process body, a parallel branch, or a foreach body. */
export interface ScopePlan {
  readonly steps: readonly StepPlan[];
  /** Nesting depth: 0 for the process body. */
  readonly depth: number;
}

export interface FlowPlan {
  readonly workflow: WorkflowDef;
  readonly root: ScopePlan;
  /** Every compensation some step registers, by name, in first-use order. */
  readonly compensations: readonly CompensationPlan[];
}
