/**
 * The dependencies the cores need, as small interfaces. Adapters in `adapters/` implement them with
 * the AWS SDK; tests implement them with fakes. No SDK types here.
 */
import type {
  EntityEffect,
  ExecutionRef,
  FieldFilter,
  TaskRegisterEvent,
} from '../../compiler/contracts/runtime.ts';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export type TaskStatus = 'open' | 'completed' | 'expired';

/** The task item in the state table (`STATE_KEYS.task(id)`). The token is never part of it. */
export interface TaskItem {
  id: string;
  process: string;
  execution: ExecutionRef;
  step: string;
  title: string;
  role?: string;
  assignee?: string;
  surface?: string;
  entity?: { name: string; id?: string };
  form: TaskRegisterEvent['task']['form'];
  outcomes: TaskRegisterEvent['task']['outcomes'];
  created_at: string;
  deadline: string;
  escalation_at?: string;
  escalated_at?: string;
  status: TaskStatus;
  completed_at?: string;
  completed_by?: string;
  outcome?: string;
  data?: Record<string, unknown>;
  /** SHA-256 of the task token: the key of the token item (`STATE_KEYS.taskToken`). */
  token_hash: string;
  /** Outcome name → the entity changes completing with it applies (`TaskRegisterEvent`); never shown. */
  effects?: Record<string, EntityEffect[]>;
  /** Outcomes after the first resume the execution with SendTaskFailure (`TaskRegisterEvent`). */
  outcome_errors?: boolean;
  /**
   * The outcome whose entity changes a completion applied (or began to) before it failed and
   * reopened the task: the task completes with this outcome only, so two outcomes' changes never mix.
   */
  applied_outcome?: string;
}

export interface Completion {
  by: string;
  at: string;
  outcome: string;
  data: Record<string, unknown>;
}

export interface TaskStore {
  /** Write the task and its token item; `false` when the task already exists (a retried invoke). */
  register(task: TaskItem, token: string, ttlEpochSeconds: number): Promise<boolean>;
  get(id: string): Promise<TaskItem | undefined>;
  /**
   * Open tasks for any of `roles`, or assigned to any of `assignees`: oldest first (by
   * `openTaskPosition`), no duplicates, at most `page.limit` of them after position `page.after`;
   * `more` when further ones exist.
   */
  listOpen(
    roles: readonly string[],
    assignees: readonly string[],
    page: { after?: string; limit: number },
  ): Promise<{ tasks: TaskItem[]; more: boolean }>;
  /** Set `escalated_at` if the task is open and not yet escalated; `false` otherwise. */
  markEscalated(id: string, at: string): Promise<boolean>;
  /** Conditional open → completed; `false` when the task is no longer open (someone else won). */
  complete(id: string, completion: Completion): Promise<boolean>;
  /**
   * Undo our own `complete` (the callback failed for a reason that is not the caller's); given
   * `applied`, record it as the task's `applied_outcome`.
   */
  reopen(task: TaskItem, completion: Completion, applied?: string): Promise<void>;
  /**
   * Mark the task expired if it is still open or, given `ours`, still completed by that completion
   * (whose callback found the execution gone); a task someone else completed stays completed.
   */
  expire(id: string, at: string, ours?: Completion): Promise<void>;
  token(tokenHash: string): Promise<string | undefined>;
}

/** Callback outcome: `gone` when Step Functions no longer waits for this token. */
export type CallbackResult = 'sent' | 'gone';

export interface Callbacks {
  sendSuccess(token: string, output: unknown): Promise<CallbackResult>;
  /** `error` at most 256 characters, `cause` at most 32,768 (SendTaskFailure's limits). */
  sendFailure(token: string, error: string, cause: string): Promise<CallbackResult>;
}

export interface Escalations {
  /** A one-time schedule that invokes task-escalate with `{task_id}` at `at`. */
  schedule(taskId: string, at: Date): Promise<void>;
}

export interface EventBus {
  put(detailType: string, detail: Record<string, unknown>): Promise<void>;
}

export interface SignalWait {
  signal: string;
  correlation_id?: string;
  process: string;
  step: string;
  execution: ExecutionRef;
  created_at: string;
  token_hash: string;
}

export interface ClaimedWait {
  wait: SignalWait;
  token: string;
  ttl: number;
}

/**
 * Outcome of claiming a delivery id: `fresh` (ours now), `done` (delivered before, resuming
 * `delivered` waits) or `in_progress` (another delivery of the id holds an unexpired lease).
 */
export type DeliveryClaim =
  | { state: 'fresh' }
  | { state: 'done'; delivered: number }
  | { state: 'in_progress' };

export interface SignalStore {
  registerWait(wait: SignalWait, token: string, ttlEpochSeconds: number): Promise<void>;
  /** Token hashes of the waits registered under exactly (signal, correlation). */
  waitHashes(signal: string, correlation: string | undefined): Promise<string[]>;
  /** Delete one wait if it still exists (exactly one claimer wins) and return it with its token. */
  claim(signal: string, correlation: string | undefined, tokenHash: string): Promise<ClaimedWait | undefined>;
  beginDelivery(signal: string, deliveryId: string, now: Date, leaseSeconds: number): Promise<DeliveryClaim>;
  finishDelivery(signal: string, deliveryId: string, delivered: number, now: Date): Promise<void>;
}

export type ExecutionStatus =
  | 'RUNNING'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'TIMED_OUT'
  | 'ABORTED'
  | 'PENDING_REDRIVE';

/**
 * A run's status: Step Functions' execution status, or SKIPPED for a run that ended at once
 * because another held its overlap lock (Step Functions says SUCCEEDED; its output says SKIPPED).
 */
export type RunStatus = ExecutionStatus | 'SKIPPED';

export interface ExecutionDescription {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: string;
  stopDate?: string;
  input?: string;
  /** JSON text of the execution's output (when it succeeded). */
  output?: string;
  error?: string;
  cause?: string;
}

export type StartResult = { started: true; executionArn: string; startDate: string } | { started: false };

export interface Executions {
  /** `{started: false}` when an execution of that name exists with another input or has closed. */
  start(stateMachineArn: string, name: string, input: string): Promise<StartResult>;
  /** `undefined` when there is no such execution. */
  describe(executionArn: string): Promise<ExecutionDescription | undefined>;
}

/** The run record (`STATE_KEYS.run(name)`). */
export interface RunRecord {
  name: string;
  execution_arn: string;
  state_machine_arn: string;
  /** The workflow's name; `kind` says whether it is a process or a schedule (they may share one). */
  process?: string;
  kind?: 'process' | 'schedule';
  /** The caller that started it over HTTP (`trigger.user`); may read it. */
  started_by?: string;
  status: RunStatus;
  /** SKIPPED runs: the execution ARN of the run that held the lock. */
  skipped_by?: string;
  current_step?: string;
  start_time: string;
  stop_time?: string;
  error?: string;
  cause?: string;
  /**
   * A SUCCEEDED (or SKIPPED) run's output, the JSON text Step Functions returns: the process's
   * declared outputs (at most 256 KiB, well inside DynamoDB's 400 KB item).
   */
  output?: string;
  updated_at: string;
}

export interface RunStore {
  get(name: string): Promise<RunRecord | undefined>;
  /** Write unless the stored record is terminal and this one is not (events arrive out of order). */
  save(record: RunRecord): Promise<void>;
  /** Set `current_step` on a running record (creating it if needed). */
  setStep(name: string, fields: Omit<RunRecord, 'status' | 'stop_time' | 'error' | 'cause'>): Promise<void>;
}

export interface QueryPage {
  items: Record<string, unknown>[];
  next_token?: string;
}

/**
 * Where entities live. The default is the DynamoDB entity table; another implementation (e.g. the
 * Dazzle app's REST API) can be plugged in by the entity-store handler's deps.
 */
export interface EntityStore {
  query(
    entity: string,
    filter: readonly FieldFilter[],
    limit: number,
    nextToken?: string,
  ): Promise<QueryPage>;
  /** Create a row with this id; `false` when a row with the id exists already (a retried call). */
  create(entity: string, id: string, values: Record<string, unknown>): Promise<boolean>;
  /** Set `values` on every row matching all of `where`; returns how many rows changed. */
  update(entity: string, where: readonly FieldFilter[], values: Record<string, unknown>): Promise<number>;
}

export interface LlmRequest {
  modelId: string;
  system?: string;
  prompt: string;
  maxTokens: number;
  temperature?: number;
}

export interface LlmAnswer {
  text: string;
  stopReason?: string;
  usage?: { input_tokens?: number; output_tokens?: number };
}

export interface Llm {
  converse(request: LlmRequest): Promise<LlmAnswer>;
}

export interface ScheduleRuns {
  lastSlot(schedule: string): Promise<string | undefined>;
  /** Move the last slot forward (never back). */
  record(schedule: string, slotIso: string, nowIso: string): Promise<void>;
}
