import { PLACEHOLDER, STATE_KEYS } from '../../contracts/runtime.ts';
import type { OverlapPolicy } from '../../ir/types.ts';
import { transientRetry } from './retry.ts';
import type { Scope } from './scope.ts';
import { RESOURCE } from './task.ts';
import { type JsonObject, jsonata } from './types.ts';

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

const NOW = '$floor($millis() / 1000)';

/**
 * The overlap lock: one item `LOCK#<process>` in the state table, written by a conditional
 * `dynamodb:putItem` (free, or its lease — the process timeout — has expired) and deleted,
 * conditional on still being ours, on every terminal path. Returns the entry state.
 *
 * - skip: when taken, end at once as skipped (Succeed `{status: 'skipped'}`).
 * - queue: when taken, wait QUEUE_POLL_SECONDS and try again (2 transitions per poll).
 * - cancel_previous: when taken, read the holder, stop its execution (AWS SDK
 *   `sfn:stopExecution`; a holder that already ended is fine), then take the lock over with a put
 *   conditional on the holder still owning it; if someone else got in between, read again.
 */
export function emitLockAcquire(
  scope: Scope,
  policy: Exclude<OverlapPolicy, 'allow'>,
  next: string,
  lease: number,
): string {
  const names = scope.env.names;
  const iam = scope.env.iam;
  const key = STATE_KEYS.lock(scope.env.workflow.name);
  const acquire = names.aux('', 'Lock acquire');
  const failure = "{'step': 'lock', 'error': $states.errorOutput.Error, 'cause': $states.errorOutput.Cause}";
  const failed = {
    ErrorEquals: ['States.ALL'],
    Next: scope.env.failureEntry,
    Assign: { failure: jsonata(failure) },
  };
  const busy =
    policy === 'skip'
      ? names.aux('', 'Lock skipped')
      : policy === 'queue'
        ? names.aux('', 'Lock busy wait')
        : names.aux('', 'Lock read holder');
  scope.add(acquire, {
    Type: 'Task',
    Resource: RESOURCE.dynamoPutItem,
    Arguments: putLock(key, lease, `attribute_not_exists(pk) OR ${LOCK_ATTRIBUTES.expiresAt} < :now`, {}),
    Retry: transientRetry(DYNAMODB_TRANSIENT_ERRORS),
    Catch: [{ ErrorEquals: [CONDITION_FAILED], Next: busy }, failed],
    Next: next,
  });
  iam.stateTable(acquire, ['dynamodb:PutItem']);
  switch (policy) {
    case 'skip':
      scope.add(busy, {
        Type: 'Succeed',
        Output: jsonata(
          `{'status': 'skipped', 'reason': 'overlap', 'process': '${scope.env.workflow.name}'}`,
        ),
      });
      break;
    case 'queue':
      scope.add(busy, { Type: 'Wait', Seconds: QUEUE_POLL_SECONDS, Next: acquire });
      break;
    case 'cancel_previous': {
      const stop = names.aux('', 'Lock stop holder');
      const takeOver = names.aux('', 'Lock take over');
      scope.add(busy, {
        Type: 'Task',
        Resource: RESOURCE.dynamoGetItem,
        Arguments: {
          TableName: PLACEHOLDER.stateTable,
          Key: { pk: { S: key.pk }, sk: { S: key.sk } },
          ConsistentRead: true,
        },
        Retry: transientRetry(DYNAMODB_TRANSIENT_ERRORS),
        Assign: {
          lock_holder: jsonata(
            `$exists($states.result.Item.${LOCK_ATTRIBUTES.owner}.S) ? $states.result.Item.${LOCK_ATTRIBUTES.owner}.S : 'none'`,
          ),
        },
        Catch: [failed],
        Next: stop,
      });
      iam.stateTable(busy, ['dynamodb:GetItem']);
      scope.add(stop, {
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
      iam.add(stop, ['states:StopExecution'], [PLACEHOLDER.executions(scope.env.workflow.name)]);
      scope.add(takeOver, {
        Type: 'Task',
        Resource: RESOURCE.dynamoPutItem,
        Arguments: putLock(
          key,
          lease,
          `attribute_not_exists(pk) OR ${LOCK_ATTRIBUTES.owner} = :holder OR ${LOCK_ATTRIBUTES.expiresAt} < :now`,
          { ':holder': { S: jsonata('$lock_holder') } },
        ),
        Retry: transientRetry(DYNAMODB_TRANSIENT_ERRORS),
        Catch: [{ ErrorEquals: [CONDITION_FAILED], Next: busy }, failed],
        Next: next,
      });
      iam.stateTable(takeOver, ['dynamodb:PutItem']);
      break;
    }
    default: {
      const never: never = policy;
      return never;
    }
  }
  return acquire;
}

function putLock(
  key: { pk: string; sk: string },
  lease: number,
  condition: string,
  values: JsonObject,
): JsonObject {
  const expires = jsonata(`$string(${NOW} + ${lease})`);
  return {
    TableName: PLACEHOLDER.stateTable,
    Item: {
      pk: { S: key.pk },
      sk: { S: key.sk },
      [LOCK_ATTRIBUTES.owner]: { S: jsonata('$states.context.Execution.Id') },
      acquired_at: { S: jsonata('$now()') },
      [LOCK_ATTRIBUTES.expiresAt]: { N: expires },
      [LOCK_ATTRIBUTES.ttl]: { N: expires },
    },
    ConditionExpression: condition,
    ExpressionAttributeValues: { ':now': { N: jsonata(`$string(${NOW})`) }, ...values },
  };
}

/** Deletes the lock if it is still ours; never fails the path it is on. */
export function emitLockRelease(scope: Scope, name: string, next: string): string {
  const key = STATE_KEYS.lock(scope.env.workflow.name);
  scope.add(name, {
    Type: 'Task',
    Resource: RESOURCE.dynamoDeleteItem,
    Arguments: {
      TableName: PLACEHOLDER.stateTable,
      Key: { pk: { S: key.pk }, sk: { S: key.sk } },
      ConditionExpression: `${LOCK_ATTRIBUTES.owner} = :me`,
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
