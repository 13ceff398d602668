/**
 * The runtime contract between the compiled state machines and everything that runs them: the
 * handler Lambdas (`lambdas/`), the infrastructure (`infra/`) and the local runtime (`local/`).
 * The compiler emits exactly these payloads; handlers parse exactly these (`lambdas/shared/schemas.ts`).
 * Pure types and constants only.
 */
import { nameToken, type WorkflowRef, workflowPlaceholderArg } from './names.ts';

/**
 * Placeholders in the emitted ASL (`${...}` definition substitutions). Infra substitutes real ARNs
 * and names; the local runtime substitutes local ones.
 */
export const PLACEHOLDER = {
  /** ARN of the Lambda of user service `name` (`Service_<nameToken(name)>`: `Fulfillment.ship` works). */
  serviceFunction: (name: string) => `\${Service_${nameToken(name)}}`,
  /** ARN of one of our handler Lambdas. */
  handlerFunction: (handler: HandlerName) => `\${Handler_${handler}}`,
  /** ARN of the state machine of a process or schedule (`StateMachine_process_<name>`). */
  stateMachine: (ref: WorkflowRef) => `\${StateMachine_${workflowPlaceholderArg(ref)}}`,
  eventBusName: '${EventBusName}',
  eventSource: '${EventSource}',
  stateTable: '${StateTable}',
  /** IAM-only (manifest `iam` resources, never in ASL): ARNs the state machine role needs. */
  eventBusArn: '${EventBusArn}',
  stateTableArn: '${StateTableArn}',
  /** `arn:…:execution:<machine name>:*` — the executions of the workflow's state machine. */
  executions: (ref: WorkflowRef) => `\${Executions_${workflowPlaceholderArg(ref)}}`,
  /**
   * `arn:…:execution:<machine name>/*` — the child workflow executions of the Distributed Map runs
   * of state machine `name` (named `execution:<machine>/<map run label>:<id>`, which
   * `executions(name)` does not match).
   */
  mapRunExecutions: (ref: WorkflowRef) => `\${MapRunExecutions_${workflowPlaceholderArg(ref)}}`,
  /** The managed rule `.sync` integrations use (`…:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule`). */
  syncEventRuleArn: '${StepFunctionsSyncRuleArn}',
} as const;

/** Handler Lambdas the state machines invoke. */
export const HANDLERS = ['taskRegister', 'signalRegister', 'entityStore', 'llmIntent', 'runRecord'] as const;
export type HandlerName = (typeof HANDLERS)[number];

export interface ExecutionRef {
  id: string;
  name: string;
  start_time: string;
}

/** What every process execution starts with (DESIGN.md §3). */
export interface ExecutionInput {
  input: Record<string, unknown>;
  trigger: Record<string, unknown>;
}

/**
 * The output of a run its overlap lock skipped: Step Functions reports it SUCCEEDED, so the output
 * says SKIPPED and names the execution that held the lock (compiler/emit/asl/lock.ts). The one
 * output that is not the process's declared outputs.
 */
export interface SkippedOutput {
  status: 'SKIPPED';
  reason: 'overlap';
  /** Execution ARN of the holder (`none` never: a vanished holder means the lock is tried again). */
  holder: string;
  lock: { pk: string; sk: string };
}

/** The holder named by a skipped run's output (parsed JSON), else undefined. */
export function skippedHolder(output: unknown): string | undefined {
  if (output === null || typeof output !== 'object' || (output as { status?: unknown }).status !== 'SKIPPED')
    return undefined;
  const holder = (output as { holder?: unknown }).holder;
  return typeof holder === 'string' ? holder : 'unknown';
}

/**
 * A run's status as users see it (run record, API, log, console): Step Functions' status, except
 * SKIPPED, naming the holder, for a SUCCEEDED run whose output (parsed) says its lock was held.
 */
export function runStatus<S extends string>(
  status: S,
  output: unknown,
): { status: S | 'SKIPPED'; skipped_by?: string } {
  const holder = status === 'SUCCEEDED' ? skippedHolder(output) : undefined;
  return holder === undefined ? { status } : { status: 'SKIPPED', skipped_by: holder };
}

/**
 * What a service (or compensation) gets beside its mapped inputs: the process inputs and the trigger
 * (and inside a foreach, the item). Step outputs reach it through its input mappings only, so the
 * payload stays within the 256 KiB limit however many steps ran before it.
 */
export interface StepContext {
  input: Record<string, unknown>;
  trigger: Record<string, unknown>;
  item?: unknown;
  item_index?: number;
}

/** Payload of a user service Lambda (DESIGN.md §3). Its return value is the step output. */
export interface ServiceEvent {
  process: string;
  step: string;
  execution: ExecutionRef;
  input: Record<string, unknown>;
  context: StepContext;
}

/** Payload of `taskRegister` (invoked with `.waitForTaskToken`). */
export interface TaskRegisterEvent {
  token: string;
  process: string;
  step: string;
  execution: ExecutionRef;
  task: {
    title: string;
    surface?: string;
    role?: string;
    /** The evaluated `assignee` expression (a user id), if any. */
    assignee?: string;
    /** `{entity, id}` when the task is about an entity. */
    entity?: { name: string; id?: string };
    form: { name: string; type: string; required: boolean; default?: string; description?: string }[];
    outcomes: { name: string; label: string; style: string; confirm?: string }[];
    timeout_seconds: number;
    escalation_seconds?: number;
    /**
     * Outcome name → the entity changes of its `sets`, evaluated by the state machine when the task
     * registers. The task API applies an outcome's changes when it wins the completion, before the
     * execution resumes, so no state applies them (an outcome whose `sets` read the task's own
     * output, or the time, keeps a state of its own and is not listed here). Never shown to callers.
     */
    effects?: Record<string, EntityEffect[]>;
    /**
     * `true`: the state routes outcomes by error. The first declared outcome resumes the execution
     * with SendTaskSuccess; every other one with SendTaskFailure, error `outcomeError(name)` and cause
     * the TaskCompletion as JSON, which the Task catches and routes. Absent: every outcome resumes
     * with SendTaskSuccess (a single outcome, or a definition that routes with a Choice).
     */
    outcome_errors?: boolean;
  };
}

/**
 * The error of SendTaskFailure for a human task outcome other than the first. SendTaskFailure
 * accepts an `error` of at most 256 characters and a `cause` of at most 32,768
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskFailure.html), so an
 * outcome name is at most `MAX_OUTCOME_NAME` characters (a validation rule checks it).
 */
export const outcomeError = (outcome: string): string => `HumanTask.Outcome.${outcome}`;
export const SEND_TASK_FAILURE_LIMITS = { error: 256, cause: 32_768 } as const;
export const MAX_OUTCOME_NAME = SEND_TASK_FAILURE_LIMITS.error - outcomeError('').length;
/**
 * What an outcome name may be: a word of the DSL's lexer (`[A-Za-z0-9_]`, compiler/lexer) that
 * starts with a letter, so it reads as a name in its error and is never a key objects treat
 * specially (`__proto__`) when the outcomes' effects become an object keyed by name.
 */
export const OUTCOME_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * What the task API sends back with `SendTaskSuccess` (or as the `cause` of SendTaskFailure, see
 * `outcome_errors`): the human task step's output.
 */
export interface TaskCompletion {
  outcome: string;
  data: Record<string, unknown>;
  completed_by: string;
}

/** Payload of `signalRegister` (invoked with `.waitForTaskToken`). */
export interface SignalRegisterEvent {
  token: string;
  process: string;
  step: string;
  execution: ExecutionRef;
  signal: string;
  correlation_id?: string;
  timeout_seconds: number;
}

/** What signal delivery sends back with `SendTaskSuccess`: the wait step's output. */
export interface SignalDelivery {
  signal: string;
  correlation_id?: string;
  payload: Record<string, unknown>;
}

export const FILTER_OPS = [
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'not_in',
  'contains',
  'icontains',
  'isnull',
] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

/** One condition on an entity field; `value` is already evaluated by the state machine. */
export interface FieldFilter {
  field: string;
  op: FilterOp;
  value: unknown;
}

/** Payload of `entityStore`. Values are evaluated in the state machine (JSONata) before the call. */
export type EntityStoreEvent =
  | {
      op: 'query';
      process: string;
      step: string;
      entity: string;
      filter: FieldFilter[];
      limit: number;
      next_token?: string;
    }
  | {
      op: 'effects';
      process: string;
      step: string;
      execution: ExecutionRef;
      /** Who caused it (human task completer), for `current_user()` and audit. */
      actor?: string;
      /**
       * Unique per state entry and stable across Lambda retries of it, e.g.
       * `{% $states.context.Execution.Id & '#' & $states.context.State.Name & '#' & $states.context.State.EnteredTime %}`
       * (plus the Map item index inside a foreach). When present, created ids derive from it, so a
       * retried invoke creates nothing twice; without it each invoke creates new rows.
       */
      request_id?: string;
      effects: EntityEffect[];
    };

/** One entity change: a row to create, or the rows to update. Values are already evaluated. */
export interface EntityEffect {
  action: 'create' | 'update';
  entity: string;
  /** For update: the rows to change (all filters must hold). */
  where: FieldFilter[];
  /** field name (without the entity prefix) → value. */
  values: Record<string, unknown>;
}

export interface EntityQueryResult {
  items: Record<string, unknown>[];
  count: number;
  next_token?: string;
}

export interface EntityEffectsResult {
  created: { entity: string; id: string }[];
  updated: { entity: string; count: number }[];
}

/** Payload of `llmIntent`. */
export interface LlmIntentEvent {
  process: string;
  step: string;
  execution: ExecutionRef;
  intent: string;
  input: Record<string, unknown>;
}

/**
 * Payload of `runRecord` when a state machine reports the step it entered (optional; keeps
 * `current_step` of the run record current). Status changes come from EventBridge instead.
 */
export interface RunStepEvent {
  op: 'step';
  process: string;
  step: string;
  execution: ExecutionRef;
}

/**
 * DynamoDB state table keys (single-table design). `pk`/`sk` strings; GSI `gsi1` for open tasks by
 * role (`gsi1pk = ROLE#<role>#open`, `gsi1sk = <created_at>#<task id>`); GSI `gsi2` for open tasks
 * by assignee (`gsi2pk = USER#<user>#open`, same `gsi2sk`). Table definitions: `lambdas/shared/tables.ts`;
 * the overlap lock item and its conditional requests: `lambdas/shared/lock.ts`.
 */
export const STATE_KEYS = {
  run: (executionName: string) => ({ pk: `RUN#${executionName}`, sk: 'RUN' }),
  task: (taskId: string) => ({ pk: `TASK#${taskId}`, sk: 'TASK' }),
  /** Token items are keyed by the SHA-256 of the token, never the token itself. */
  taskToken: (tokenHash: string) => ({ pk: `TOKEN#${tokenHash}`, sk: 'TOKEN' }),
  signalWait: (signal: string, correlation: string | undefined, tokenHash: string) => ({
    pk: `SIGNAL#${signal}#${correlation ?? '*'}`,
    sk: `WAIT#${tokenHash}`,
  }),
  signalDelivery: (signal: string, deliveryId: string) => ({ pk: `DELIVERY#${signal}`, sk: deliveryId }),
  /**
   * The overlap lock of a workflow for one subject: `sk` = `<scope>#<subject>` (`entity#<id>`,
   * `signal#<correlation id>`, `upstream#<execution ARN>`; subjects over 256 characters as
   * `sha256:<hex>`), or `process` / `schedule` for a whole-workflow lock (so a process and a
   * schedule of the same name never share a lock; `workflow` is the workflow id, `process-x` /
   * `schedule-x`, contracts/names.ts, which says so too). Computed in the state machine:
   * `compiler/emit/asl/lock.ts`.
   */
  lock: (workflow: string, subject: string) => ({ pk: `LOCK#${workflow}`, sk: subject }),
  /** `schedule`: the manifest schedule entry id (`process-x`, `schedule-x`, `schedule-x.2`). */
  scheduleRun: (schedule: string) => ({ pk: `SCHEDULE#${schedule}`, sk: 'LAST_RUN' }),
} as const;
