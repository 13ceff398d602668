/**
 * Run records: `GET /executions/{id}` reads the state table's run record, which Step Functions
 * "Execution Status Change" events (best effort) and optional step reports keep current. A missing
 * record, or a non-terminal one older than the stale limit, is refreshed with DescribeExecution.
 *
 * Only the execution's starter, holders of its process's task roles and the stage's admin role may
 * read it; to anyone else it does not exist (the same 404 as an unknown id, so ids cannot be probed).
 */
import { type AccessConfig, mayReadExecution } from '../../compiler/contracts/access.ts';
import { type ExecutionInput, type ExecutionRef, runStatus } from '../../compiler/contracts/runtime.ts';
import type { Caller } from '../shared/auth.ts';
import { NotFoundError } from '../shared/errors.ts';
import type { Log } from '../shared/logger.ts';
import type {
  Clock,
  ExecutionDescription,
  ExecutionStatus,
  Executions,
  RunRecord,
  RunStatus,
  RunStore,
} from '../shared/ports.ts';

export interface RunRecordDeps {
  runs: RunStore;
  executions: Executions;
  clock: Clock;
  log: Log;
  /**
   * state machine ARN → the workflow's name and kind (from the processes config; a process and a
   * schedule may share a name); else the machine's name.
   */
  processOf: (stateMachineArn: string) => RunWorkflow | undefined;
  /** state machine ARN → roles of the human tasks of its process (their holders may read its runs). */
  taskRolesOf: (stateMachineArn: string) => readonly string[];
  access: AccessConfig;
  staleSeconds: number;
}

export const TERMINAL: ReadonlySet<RunStatus> = new Set([
  'SUCCEEDED',
  'SKIPPED',
  'FAILED',
  'TIMED_OUT',
  'ABORTED',
]);

/** SUCCEEDED with a SKIPPED output (JSON text) is SKIPPED, naming the holder. */
function statusOf(
  status: RunStatus,
  output: string | null | undefined,
): Pick<RunRecord, 'status' | 'skipped_by'> {
  // Most outputs are not skips: only those that mention it are parsed.
  if (status !== 'SUCCEEDED' || typeof output !== 'string' || !output.includes('SKIPPED')) return { status };
  try {
    return runStatus(status, JSON.parse(output));
  } catch {
    return { status };
  }
}

/** An id is an execution ARN or a bare execution name. */
function nameOf(id: string): { name: string; arn?: string } {
  if (!id.startsWith('arn:')) return { name: id };
  const parts = id.split(':');
  return { name: parts[7] ?? id, arn: id };
}

function isFresh(record: RunRecord, now: Date, staleSeconds: number): boolean {
  if (TERMINAL.has(record.status)) return true;
  return now.getTime() - Date.parse(record.updated_at) < staleSeconds * 1000;
}

/** The workflow of a run: its name and, when known, its kind. */
export interface RunWorkflow {
  name: string;
  kind?: 'process' | 'schedule';
}

/** `process` (the name) and `kind` of a run record. */
const workflowFields = (w: RunWorkflow | undefined) =>
  w === undefined ? {} : { process: w.name, ...(w.kind !== undefined && { kind: w.kind }) };

export function fromDescription(
  d: ExecutionDescription,
  workflow: RunWorkflow | undefined,
  now: Date,
): RunRecord {
  return {
    name: d.name,
    execution_arn: d.executionArn,
    state_machine_arn: d.stateMachineArn,
    ...workflowFields(workflow),
    ...statusOf(d.status, d.output),
    start_time: d.startDate,
    ...(d.stopDate !== undefined && { stop_time: d.stopDate }),
    ...(d.error !== undefined && { error: d.error }),
    ...(d.cause !== undefined && { cause: d.cause }),
    ...outputField(d.status, d.output),
    updated_at: now.toISOString(),
  };
}

/** The output is kept for a run that succeeded (a failed one has none in Step Functions either). */
const outputField = (status: RunStatus, output: string | null | undefined) =>
  status === 'SUCCEEDED' && typeof output === 'string' ? { output } : {};

/**
 * What callers see: the record with the execution ARN as `id`, without the machine ARN, and the
 * output of a run that succeeded as JSON (its declared outputs), as DescribeExecution returns it.
 */
export type RunView = { id: string; output?: unknown } & Omit<
  RunRecord,
  'execution_arn' | 'state_machine_arn' | 'started_by' | 'output'
>;

export function runView(r: RunRecord): RunView {
  const { execution_arn, state_machine_arn: _sm, started_by: _by, output, ...rest } = r;
  return { id: execution_arn, ...rest, ...(output !== undefined && { output: parseOutput(output) }) };
}

function parseOutput(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The user who started an execution by hand, from its input (`trigger.user` of a manual start). */
export function manualStarter(input: string | undefined): string | undefined {
  if (input === undefined) return undefined;
  try {
    const trigger = (JSON.parse(input) as Partial<ExecutionInput> | null)?.trigger as
      | { kind?: unknown; user?: unknown }
      | undefined;
    return trigger?.kind === 'manual' && typeof trigger.user === 'string' ? trigger.user : undefined;
  } catch {
    return undefined;
  }
}

export async function getRun(
  caller: Caller,
  id: string,
  deps: RunRecordDeps,
): Promise<{ execution: RunView }> {
  const notFound = () => new NotFoundError('execution', id);
  const { name, arn } = nameOf(id);
  const now = deps.clock.now();
  const record = await deps.runs.get(name);
  if (record && arn !== undefined && record.execution_arn !== arn) throw notFound();
  const executionArn = record?.execution_arn ?? arn;
  if (executionArn === undefined) throw notFound();
  let description: Promise<ExecutionDescription | undefined> | undefined;
  const describe = () => {
    description ??= deps.executions.describe(executionArn);
    return description;
  };

  // Authorize before anything else: the starter (from the record, else the execution's input),
  // the task roles of its process, the admin role.
  const taskRoles = deps.taskRolesOf(record?.state_machine_arn ?? stateMachineArnOf(executionArn));
  let startedBy = record?.started_by;
  if (!mayReadExecution(deps.access, caller, { startedBy, taskRoles })) {
    if (startedBy !== undefined) throw notFound();
    startedBy = manualStarter((await describe())?.input);
    if (!mayReadExecution(deps.access, caller, { startedBy, taskRoles })) throw notFound();
  }

  // A success recorded without its output (AWS leaves a large output out of the status change
  // event) is described once more to get it; the recorded status stands either way.
  if (record?.status === 'SUCCEEDED' && record.output === undefined) {
    const current = await describe().catch(() => undefined);
    if (current?.status !== 'SUCCEEDED' || current.output === undefined)
      return { execution: runView(record) };
    const completed = { ...record, output: current.output, updated_at: now.toISOString() };
    await deps.runs.save(completed);
    return { execution: runView(completed) };
  }
  if (record && isFresh(record, now, deps.staleSeconds)) return { execution: runView(record) };
  const current = await describe();
  if (!current) {
    if (record) return { execution: runView(record) };
    throw notFound();
  }
  const refreshed: RunRecord = {
    ...fromDescription(
      current,
      record?.process !== undefined
        ? { name: record.process, kind: record.kind }
        : deps.processOf(current.stateMachineArn),
      now,
    ),
    ...(record?.current_step !== undefined && { current_step: record.current_step }),
    ...(startedBy !== undefined && { started_by: startedBy }),
  };
  await deps.runs.save(refreshed);
  return { execution: runView(refreshed) };
}

/** Detail of the EventBridge "Step Functions Execution Status Change" event. */
export interface StatusChangeDetail {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number | null;
  /** JSON text of the output (AWS leaves it out when too large for the event). */
  output?: string | null;
  error?: string | null;
  cause?: string | null;
}

export async function recordStatusChange(d: StatusChangeDetail, deps: RunRecordDeps): Promise<void> {
  const now = deps.clock.now();
  const status = statusOf(d.status, d.output);
  if (status.status === 'SKIPPED')
    deps.log.info('execution SKIPPED: the overlap lock is held', {
      execution: d.executionArn,
      holder: status.skipped_by,
    });
  await deps.runs.save({
    name: d.name,
    execution_arn: d.executionArn,
    state_machine_arn: d.stateMachineArn,
    ...workflowFields(deps.processOf(d.stateMachineArn)),
    ...status,
    start_time: new Date(d.startDate).toISOString(),
    ...(typeof d.stopDate === 'number' && { stop_time: new Date(d.stopDate).toISOString() }),
    ...(typeof d.error === 'string' && { error: d.error }),
    ...(typeof d.cause === 'string' && { cause: d.cause }),
    ...outputField(d.status, d.output),
    updated_at: now.toISOString(),
  });
}

/** A state machine reports the step it entered (`RunStepEvent`). */
export async function recordStep(
  process: string,
  step: string,
  execution: ExecutionRef,
  deps: RunRecordDeps,
) {
  await deps.runs.setStep(execution.name, {
    name: execution.name,
    execution_arn: execution.id,
    state_machine_arn: stateMachineArnOf(execution.id),
    process,
    current_step: step,
    start_time: execution.start_time,
    updated_at: deps.clock.now().toISOString(),
  });
}

/** `arn:aws:states:r:a:execution:M:name` → `arn:aws:states:r:a:stateMachine:M`. */
export function stateMachineArnOf(executionArn: string): string {
  const parts = executionArn.split(':');
  if (parts.length < 8) return '';
  return [...parts.slice(0, 5), 'stateMachine', parts[6]].join(':');
}
