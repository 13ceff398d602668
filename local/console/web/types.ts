/**
 * The JSON the page reads: DESIGN.md §6's API and the console routes of `local/console/api.ts`,
 * which types its answers with these too. No imports: the page and the server both use it.
 */

export interface ApiError {
  code: string;
  message: string;
  field?: string;
}

export interface Field {
  name: string;
  type: string;
  required: boolean;
  default?: string;
  description?: string;
}

export type Trigger =
  | { kind: 'entity_event'; entity: string; event_type: string }
  | { kind: 'entity_status_transition'; entity: string; from_status?: string; to_status: string }
  | { kind: 'signal'; signal: string }
  | { kind: 'process_completed'; process: string; via: string }
  | { kind: 'manual'; route: string }
  | { kind: 'schedule_cron'; schedule: string }
  | { kind: 'schedule_interval'; schedule: string };

export interface Schedule {
  id: string;
  expression: string | { param: string };
  source: string;
  timezone: string | { param: string };
  next?: string;
  /** A `param(…)` schedule: the param's value as written and the AWS expression(s) it became. */
  resolved?: { source: string; expressions: string[]; timezone: string };
}

export interface Diagram {
  svg: string;
  mermaid: string;
  nodes: Record<string, string>;
}

export interface WorkflowView {
  /** `process-x` / `schedule-x`: a process and a schedule may share a name, never an id. */
  id: string;
  name: string;
  kind: 'process' | 'schedule';
  /** How the page names it: the name, or `process:x` / `schedule:x` when both kinds have it. */
  label: string;
  title?: string;
  description?: string;
  workflow_type: string;
  timeout_seconds: number;
  triggers: Trigger[];
  schedules: Schedule[];
  inputs: Field[];
  outputs: { name: string; type: string; description?: string }[];
  human_tasks: { step: string; title: string; role?: string; surface?: string }[];
  signals: { step: string; signal: string; correlation?: string }[];
  emits: { on_start?: string; on_complete?: string; on_failure?: string; messages: { message: string }[] };
  subprocesses: string[];
  entities: string[];
  diagram?: Diagram;
}

export interface ProcessesResponse {
  event_source: string;
  workflows: WorkflowView[];
}

export interface Execution {
  /** Times it was redriven. */
  redrive_count?: number;
  id: string;
  name: string;
  /** The label of its workflow (WorkflowView.label). */
  process: string;
  /** Its workflow's id (WorkflowView.id). */
  workflow?: string;
  /** SKIPPED: Step Functions says SUCCEEDED, but the overlap lock was held (by `skipped_by`). */
  status: 'RUNNING' | 'SUCCEEDED' | 'SKIPPED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  skipped_by?: string;
  start_time: string;
  stop_time?: string;
  duration_ms: number;
  transitions: number;
  current: string[];
  input?: unknown;
  output?: unknown;
  error?: string;
  cause?: string;
  parent?: string;
}

/** One state entered (local/console/history.ts folds the execution history into these). */
export interface StateVisit {
  /** ASL state name, e.g. `manager_review` or `manager_review outcome`. */
  name: string;
  type: string;
  /** The DSL step the state belongs to (its first word), or the compensation it runs. */
  step: string;
  entered_at: string;
  exited_at?: string;
  input?: unknown;
  output?: unknown;
  /** Task attempts (1 + retries). */
  attempts: number;
  errors: { error?: string; cause?: string }[];
  status: 'running' | 'succeeded' | 'failed';
  /** The human task outcome that resumed it with its `HumanTask.Outcome.<name>` error (a route, not a failure). */
  outcome?: string;
  /** A state of the failure path that runs a compensation. */
  compensation: boolean;
}

export interface ExecutionDetail {
  execution: Execution;
  states: StateVisit[];
  /** Executions this one started (subprocess steps). */
  children: Pick<Execution, 'id' | 'name' | 'process' | 'status'>[];
}

export interface Outcome {
  name: string;
  label: string;
  style: string;
  confirm?: string;
}

export interface Task {
  id: string;
  process: string;
  execution: { id: string; name: string; start_time: string };
  step: string;
  title: string;
  surface?: string;
  role?: string;
  assignee?: string;
  entity?: { name: string; id?: string };
  form: Field[];
  outcomes: Outcome[];
  created_at: string;
  deadline?: string;
  escalation_at?: string;
  status: string;
}
