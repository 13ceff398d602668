/**
 * Manual start: `POST /processes/{name}/executions` `{input}` → StartExecution with
 * `{input, trigger: {kind: 'manual', user}}`, for a caller holding a role the stage allows for the
 * process. With an Idempotency-Key the execution name is a hash of (process, caller, key), so a
 * repeat by the same caller finds the same execution instead of starting another, and no other
 * caller can find, probe or block it.
 */
import { type AccessConfig, mayStart, startRoles } from '../../compiler/contracts/access.ts';
import type { ExecutionInput } from '../../compiler/contracts/runtime.ts';
import type { Caller } from '../shared/auth.ts';
import type { ProcessesConfig } from '../shared/config.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../shared/errors.ts';
import { validateFields } from '../shared/fields.ts';
import { sha256Hex } from '../shared/hash.ts';
import { describeError, type Log } from '../shared/logger.ts';
import type { Clock, Executions, RunStore } from '../shared/ports.ts';

export interface StartDeps {
  processes: ProcessesConfig;
  access: AccessConfig;
  executions: Executions;
  runs: RunStore;
  clock: Clock;
  newId: () => string;
  log: Log;
}

export interface StartRequest {
  process: string;
  body: Record<string, unknown>;
  idempotencyKey?: string;
  caller: Caller;
}

export interface Started {
  executionId: string;
  name: string;
}

/** `arn:aws:states:r:a:stateMachine:M` + name → `arn:aws:states:r:a:execution:M:name`. */
export function executionArnOf(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}

/** The execution name: random, or for an Idempotency-Key a hash of (process, caller, key). */
export function executionName(
  process: string,
  caller: string,
  idempotencyKey: string | undefined,
  newId: () => string,
): string {
  return idempotencyKey === undefined
    ? newId()
    : `idem-${sha256Hex(`${process}\n${caller}\n${idempotencyKey}`).slice(0, 64)}`;
}

export async function startProcess(req: StartRequest, deps: StartDeps): Promise<Started> {
  const def = Object.hasOwn(deps.processes, req.process) ? deps.processes[req.process] : undefined;
  if (!def) throw new NotFoundError('process', req.process);
  if (!mayStart(deps.access, req.process, req.caller.roles)) {
    const roles = startRoles(deps.access, req.process);
    throw new ForbiddenError(
      roles === 'any' || roles.length === 0
        ? `no role may start process '${req.process}' over HTTP`
        : `starting process '${req.process}' needs one of the roles ${roles.join(', ')}`,
    );
  }
  const input = validateFields(def.inputs, req.body.input, `process ${req.process} inputs`);
  const payload: ExecutionInput = { input, trigger: { kind: 'manual', user: req.caller.user } };
  const text = JSON.stringify(payload);
  const name = executionName(req.process, req.caller.user, req.idempotencyKey, deps.newId);

  const result = await deps.executions.start(def.stateMachineArn, name, text);
  if (!result.started) return sameRequest(def.stateMachineArn, name, text, deps);

  await recordStart(req, def, name, result.executionArn, result.startDate, deps);
  deps.log.info('execution started', { process: req.process, execution: result.executionArn });
  return { executionId: result.executionArn, name };
}

/** The name exists already: fine if it was started with this very input (a repeat), else 409. */
async function sameRequest(
  stateMachineArn: string,
  name: string,
  text: string,
  deps: StartDeps,
): Promise<Started> {
  const arn = executionArnOf(stateMachineArn, name);
  const existing = await deps.executions.describe(arn);
  if (existing?.input === text) return { executionId: existing.executionArn, name };
  throw new ConflictError('this Idempotency-Key was already used for a different request', { name });
}

/** The run record is a convenience (GET /executions falls back to DescribeExecution): never fail on it. */
async function recordStart(
  req: StartRequest,
  def: ProcessesConfig[string],
  name: string,
  arn: string,
  start: string,
  deps: StartDeps,
) {
  try {
    await deps.runs.save({
      name,
      execution_arn: arn,
      state_machine_arn: def.stateMachineArn,
      process: req.process,
      // What the RUNNING status change would record too (the local runtime skips that write).
      ...(def.kind !== undefined && { kind: def.kind }),
      started_by: req.caller.user,
      status: 'RUNNING',
      start_time: start,
      updated_at: deps.clock.now().toISOString(),
    });
  } catch (err) {
    deps.log.warn('could not write the run record', { execution: arn, error: describeError(err) });
  }
}
