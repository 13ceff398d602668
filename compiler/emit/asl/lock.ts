import { workflowKey } from '../../contracts/names.ts';
import { PLACEHOLDER, STATE_KEYS } from '../../contracts/runtime.ts';
import type { OverlapPolicy } from '../../ir/types.ts';
import type { WorkflowDef } from '../../plan/index.ts';
import { transientRetry } from './retry.ts';
import type { Scope } from './scope.ts';
import { RESOURCE } from './task.ts';
import { type JsonObject, jsonata, str } from './types.ts';

export const DYNAMODB_TRANSIENT_ERRORS = [
  'DynamoDB.ProvisionedThroughputExceededException',
  'DynamoDB.ThrottlingException',
  'DynamoDB.InternalServerErrorException',
  'DynamoDB.RequestLimitExceeded',
];

const CONDITION_FAILED = 'DynamoDB.ConditionalCheckFailedException';

/** How long `queue` waits before trying the lock again. */
export const QUEUE_POLL_SECONDS = 10;

/** Attributes of the lock item (key from STATE_KEYS.lock). */
export const LOCK_ATTRIBUTES = { owner: 'lock_owner', expiresAt: 'expires_at', ttl: 'ttl' } as const;

/**
 * The conditions of the lock's writes (`:now` epoch seconds, `:me` this execution's ARN, `:holder`
 * the holder read before a take-over). Taking a lock one already holds succeeds: a write that
 * DynamoDB applied but whose response was lost (a 500, a reset connection) is retried by the task's
 * `Retry` (DynamoDB's own advice for 5xx errors: "Error retries and exponential backoff", Amazon
 * DynamoDB developer guide), and that retry must not find the lock "taken" by the execution itself
 * and skip, queue behind or stop it.
 */
const { owner: OWNER, expiresAt: EXPIRES_AT } = LOCK_ATTRIBUTES;
export const LOCK_CONDITIONS = {
  acquire: `attribute_not_exists(pk) OR ${OWNER} = :me OR ${EXPIRES_AT} < :now`,
  takeOver: `attribute_not_exists(pk) OR ${OWNER} = :holder OR ${OWNER} = :me OR ${EXPIRES_AT} < :now`,
  release: `${OWNER} = :me`,
} as const;

/** What the output of a skipped run says (`status`), the one exception to "outputs are declared". */
export const SKIPPED_STATUS = 'SKIPPED';

/** Longer subjects are hashed: a DynamoDB sort key holds at most 1,024 bytes (256 characters ≤ 1,024). */
const MAX_SUBJECT_LENGTH = 256;

const NOW = '$floor($millis() / 1000)';
const STATES_QUERY_ERROR = 'States.QueryEvaluationError';

/** How the workflow starts when its first state takes the lock. */
export interface LockStart {
  /** The lease: the workflow timeout. */
  readonly lease: number;
  /** The variables every execution starts with, set when the lock is taken. */
  readonly variables: JsonObject;
  /** Required inputs: JSONata that holds when all are there, the cause naming the missing ones. */
  readonly check?: { readonly condition: string; readonly cause: string; readonly invalid: string };
}
const INPUT = '$states.context.Execution.Input';

/** What a lock is scoped to (LANGUAGE.md "Names and overlap"), with the JSONata that reads it. */
export type LockScope = 'entity' | 'signal' | 'upstream' | 'process' | 'schedule';

/**
 * The scope of a workflow's lock: a schedule locks per schedule; a process per trigger subject —
 * the entity id (entity triggers), the correlation id (signals), the upstream execution (`process P
 * completed`) — and as a whole for manual starts and its own cron/interval slots.
 */
export function lockScope(workflow: WorkflowDef): LockScope {
  if (workflow.kind === 'schedule') return 'schedule';
  switch (workflow.trigger?.kind) {
    case 'entity_event':
    case 'entity_status_transition':
      return 'entity';
    case 'signal':
      return 'signal';
    case 'process_completed':
      return 'upstream';
    default:
      return 'process';
  }
}

/**
 * Where the subject is in the execution input (`compiler/contracts/trigger-input.ts`): the entity
 * id is the trigger's `id` (always the event's); the correlation id is the `correlation_id` input
 * (a payload field of that name cannot replace it there, unlike in the trigger); the upstream
 * execution is the trigger's `execution.id`.
 */
const SUBJECT_PATH: Record<LockScope, string | undefined> = {
  entity: `${INPUT}.trigger.id`,
  signal: `${INPUT}.input.correlation_id`,
  upstream: `${INPUT}.trigger.execution.id`,
  process: undefined,
  schedule: undefined,
};

/**
 * JSONata for the lock item's sort key (`STATE_KEYS.lock`): `<scope>#<subject>`, or `process` /
 * `schedule` for a whole-workflow lock. It reads the execution input from the context object, so
 * every state (acquire, release on any path, the skip report) computes the same key without a
 * variable. A start that carries no subject (a manual start of an entity-triggered process) locks
 * the process as a whole.
 */
export function lockSortKeyBody(workflow: WorkflowDef): string {
  const scope = lockScope(workflow);
  const path = SUBJECT_PATH[scope];
  if (path === undefined) return str(scope);
  const subject = `($s := $string($v); $length($s) > ${MAX_SUBJECT_LENGTH} ? 'sha256:' & $hash($s, 'SHA-256') : $s)`;
  return `($v := ${path}; $type($v) = 'string' or $type($v) = 'number' ? ${str(`${scope}#`)} & ${subject} : 'process')`;
}

function lockKey(workflow: WorkflowDef): JsonObject {
  const scope = lockScope(workflow);
  const sk = SUBJECT_PATH[scope] === undefined ? scope : jsonata(lockSortKeyBody(workflow));
  return { pk: { S: STATE_KEYS.lock(workflowKey(workflow), '').pk }, sk: { S: sk } };
}

/**
 * The overlap lock, taken only when the workflow declares one (see `WorkflowDef.overlap`): one item
 * per workflow and subject in the state table (`LOCK#<workflow>` / `lockSortKeyBody`), written by a
 * conditional `dynamodb:putItem` (free, or its lease — the workflow timeout — has expired) and
 * deleted, conditional on still being ours, on every terminal path. It is the workflow's first
 * state: taking the lock also sets the start variables and checks the required inputs (one state
 * transition for the frame, as the lock needs its own anyway). Returns the entry state.
 *
 * - skip: when taken, read the holder and end as skipped: Succeed with `{status: 'SKIPPED', holder,
 *   lock}` (Step Functions says SUCCEEDED; the output, the run record, the log and the console say
 *   SKIPPED and name the holder). A holder gone meanwhile means the lock is free: try again.
 * - queue: when taken, wait QUEUE_POLL_SECONDS and try again (2 transitions per poll).
 * - cancel_previous: when taken, read the holder, stop its execution (AWS SDK
 *   `sfn:stopExecution`; a holder that already ended is fine), then take the lock over with a put
 *   conditional on the holder still owning it; if someone else got in between, read again.
 */
export function emitLockAcquire(
  scope: Scope,
  policy: Exclude<OverlapPolicy, 'allow'>,
  next: string,
  start: LockStart,
): string {
  const names = scope.env.names;
  const iam = scope.env.iam;
  const workflow = scope.env.workflow;
  const key = lockKey(workflow);
  const { lease, variables, check } = start;
  const acquire = names.aux('', 'Lock acquire');
  const failure = "{'step': 'lock', 'error': $states.errorOutput.Error, 'cause': $states.errorOutput.Cause}";
  // The failure path reads the variables (saga list, failure): the lock's states come first.
  const failed = {
    ErrorEquals: ['States.ALL'],
    Next: scope.env.failureEntry,
    Assign: { ...variables, failure: jsonata(failure) },
  };
  const busy = policy === 'queue' ? names.aux('', 'Lock busy wait') : names.aux('', 'Lock read holder');
  const invalid = check ? [{ ErrorEquals: [STATES_QUERY_ERROR], Next: check.invalid }] : [];
  scope.add(acquire, {
    Type: 'Task',
    Resource: RESOURCE.dynamoPutItem,
    Arguments: putLock(key, lease, LOCK_CONDITIONS.acquire, {}, check),
    Retry: transientRetry(DYNAMODB_TRANSIENT_ERRORS),
    Assign: variables,
    Catch: [{ ErrorEquals: [CONDITION_FAILED], Next: busy }, ...invalid, failed],
    Next: next,
  });
  iam.stateTable(acquire, ['dynamodb:PutItem']);
  if (policy === 'queue') {
    scope.add(busy, { Type: 'Wait', Seconds: QUEUE_POLL_SECONDS, Next: acquire });
    return acquire;
  }
  const holder = `$states.result.Item.${LOCK_ATTRIBUTES.owner}.S`;
  const afterRead = policy === 'skip' ? names.aux('', 'Lock held') : names.aux('', 'Lock stop holder');
  scope.add(busy, {
    Type: 'Task',
    Resource: RESOURCE.dynamoGetItem,
    Arguments: { TableName: PLACEHOLDER.stateTable, Key: key, ConsistentRead: true },
    Retry: transientRetry(DYNAMODB_TRANSIENT_ERRORS),
    Assign: { lock_holder: jsonata(`$exists(${holder}) ? ${holder} : 'none'`) },
    Catch: [failed],
    Next: afterRead,
  });
  iam.stateTable(busy, ['dynamodb:GetItem']);
  if (policy === 'skip') {
    const skipped = names.aux('', 'Lock skipped');
    // The holder released the lock between our put and our read: it is free, try again.
    scope.add(afterRead, {
      Type: 'Choice',
      Choices: [{ Condition: jsonata("$lock_holder = 'none'"), Next: acquire }],
      Default: skipped,
    });
    scope.add(skipped, {
      Type: 'Succeed',
      Output: jsonata(
        `{'status': ${str(SKIPPED_STATUS)}, 'reason': 'overlap', 'holder': $lock_holder, 'lock': {'pk': ${str(STATE_KEYS.lock(workflowKey(workflow), '').pk)}, 'sk': ${lockSortKeyBody(workflow)}}}`,
      ),
    });
    return acquire;
  }
  const takeOver = names.aux('', 'Lock take over');
  scope.add(afterRead, {
    Type: 'Task',
    Resource: RESOURCE.stopExecution,
    Arguments: {
      ExecutionArn: jsonata('$lock_holder'),
      Error: 'Overlap.Cancelled',
      Cause: jsonata("'superseded by ' & $states.context.Execution.Id"),
    },
    // The holder may have ended (or released the lock) meanwhile: take over anyway.
    Catch: [{ ErrorEquals: ['States.ALL'], Next: takeOver }],
    Next: takeOver,
  });
  iam.add(afterRead, ['states:StopExecution'], [PLACEHOLDER.executions(workflow)]);
  scope.add(takeOver, {
    Type: 'Task',
    Resource: RESOURCE.dynamoPutItem,
    Arguments: putLock(key, lease, LOCK_CONDITIONS.takeOver, { ':holder': { S: jsonata('$lock_holder') } }),
    Retry: transientRetry(DYNAMODB_TRANSIENT_ERRORS),
    Assign: variables,
    Catch: [{ ErrorEquals: [CONDITION_FAILED], Next: busy }, failed],
    Next: next,
  });
  iam.stateTable(takeOver, ['dynamodb:PutItem']);
  return acquire;
}

function putLock(
  key: JsonObject,
  lease: number,
  condition: string,
  values: JsonObject,
  check?: LockStart['check'],
): JsonObject {
  const expires = jsonata(`$string(${NOW} + ${lease})`);
  // With required inputs, the first state also checks them: `$assert` (JSONata 2.0.6, all of whose
  // built-in functions but $eval Step Functions supports: "Transforming data with JSONata in Step
  // Functions") fails the evaluation of the Arguments (States.QueryEvaluationError), which the
  // acquire's Catch sends to the Fail naming the missing inputs.
  const acquiredAt = check ? `($assert(${check.condition}, ${check.cause}); $now())` : '$now()';
  return {
    TableName: PLACEHOLDER.stateTable,
    Item: {
      ...key,
      [LOCK_ATTRIBUTES.owner]: { S: jsonata('$states.context.Execution.Id') },
      acquired_at: { S: jsonata(acquiredAt) },
      [LOCK_ATTRIBUTES.expiresAt]: { N: expires },
      [LOCK_ATTRIBUTES.ttl]: { N: expires },
    },
    ConditionExpression: condition,
    ExpressionAttributeValues: {
      ':now': { N: jsonata(`$string(${NOW})`) },
      ':me': { S: jsonata('$states.context.Execution.Id') },
      ...values,
    },
  };
}

/** Deletes the lock if it is still ours; never fails the path it is on. */
export function emitLockRelease(scope: Scope, name: string, next: string): string {
  scope.add(name, {
    Type: 'Task',
    Resource: RESOURCE.dynamoDeleteItem,
    Arguments: {
      TableName: PLACEHOLDER.stateTable,
      Key: lockKey(scope.env.workflow),
      ConditionExpression: LOCK_CONDITIONS.release,
      ExpressionAttributeValues: { ':me': { S: jsonata('$states.context.Execution.Id') } },
    },
    Retry: transientRetry(DYNAMODB_TRANSIENT_ERRORS),
    // Not ours any more (taken over after our lease expired): nothing to release.
    Catch: [{ ErrorEquals: ['States.ALL'], Next: next }],
    Next: next,
  });
  scope.env.iam.stateTable(name, ['dynamodb:DeleteItem']);
  return name;
}
