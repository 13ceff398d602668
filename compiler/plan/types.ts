import type { HumanTaskOutcome, InputMapping, RetryConfig, StepKind, StepOf } from '../ir/types.ts';
import type { WorkflowDef } from './workflow.ts';

/**
 * Where control goes: a step of the same scope, `complete` or `fail`.
 *
 * At the top, `complete` is the success path of the process and `fail` its failure path. Inside a
 * parallel branch or a foreach body, the implicit ones (falling off the end of the scope, a step
 * with no `on_failure`) end the branch or iteration: `complete` continues after the parallel or
 * foreach, `fail` fails the branch or iteration (as the parallel's policy says). A `complete` or
 * `fail` written by the user there (`on_success`, `goto`, `on_failure`, `on_true`/`on_false`, an
 * outcome's `goto`) carries `exit`: it completes or fails the whole process, through a marker the
 * branch or iteration ends with (see emit/asl/exits.ts).
 */
export type FlowTarget =
  | { readonly kind: 'step'; readonly step: string }
  | { readonly kind: 'complete'; readonly exit?: true }
  | { readonly kind: 'fail'; readonly exit?: true };

export const COMPLETE: FlowTarget = { kind: 'complete' };
export const FAIL: FlowTarget = { kind: 'fail' };
/** `complete` / `fail` written inside a nested scope: ends the process, not just the scope. */
export const EXIT_COMPLETE: FlowTarget = { kind: 'complete', exit: true };
export const EXIT_FAIL: FlowTarget = { kind: 'fail', exit: true };
export const toStep = (step: string): FlowTarget => ({ kind: 'step', step });

/** Which process exits (`complete`, `fail` written inside) the nested scopes of a step can take. */
export interface ScopeExits {
  readonly complete: boolean;
  readonly fail: boolean;
}

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
  /** Parallel and foreach: the process exits their scopes (at any depth) can take. */
  readonly exits?: ScopeExits;
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
