/**
 * The overlap lock item and the exact DynamoDB requests on it, in the low-level AttributeValue form
 * that the state machine's `arn:aws:states:::dynamodb:putItem` / `deleteItem` tasks send
 * (`compiler/emit/asl/lock.ts` emits them with JSONata values; the dynalite tests run these
 * unchanged and check that the attribute names agree with the compiler's `LOCK_ATTRIBUTES`).
 *
 * Item (state table, key `STATE_KEYS.lock(workflow, subject)`):
 * | attribute   | type | value |
 * |-------------|------|-------|
 * | pk          | S    | `LOCK#<workflow>` |
 * | sk          | S    | the subject: `entity#<id>`, `signal#<correlation>`, `upstream#<arn>`, `process`, `schedule` |
 * | lock_owner  | S    | execution ARN of the holder (`$states.context.Execution.Id`) |
 * | acquired_at | S    | ISO-8601 time of acquisition (`$now()`) |
 * | expires_at  | N    | lease end, epoch seconds = now + process timeout |
 * | ttl         | N    | = expires_at (DynamoDB TTL removes abandoned locks some time later) |
 *
 * Acquire: PutItem with `attribute_not_exists(pk) OR lock_owner = :me OR expires_at < :now` (`:now`
 * = epoch seconds, `:me` = the would-be holder; taking a lock one holds succeeds, so a retried write
 * that was applied is not "taken"): `ConditionalCheckFailedException` means another execution holds
 * an unexpired lease.
 * Release: DeleteItem with `lock_owner = :me`, on every terminal path (never on status events).
 * Take over (cancel_previous, after stopping the holder read from the item): PutItem with
 * `attribute_not_exists(pk) OR lock_owner = :holder OR lock_owner = :me OR expires_at < :now`.
 * The conditions are the compiler's (`LOCK_CONDITIONS`), so the two cannot drift apart.
 */
import { STATE_KEYS } from '../../compiler/contracts/runtime.ts';
import { LOCK_ATTRIBUTES, LOCK_CONDITIONS } from '../../compiler/emit/asl/lock.ts';

export const LOCK_OWNER = LOCK_ATTRIBUTES.owner;
export const LOCK_ACQUIRE_CONDITION = LOCK_CONDITIONS.acquire;
export const LOCK_RELEASE_CONDITION = LOCK_CONDITIONS.release;
export const LOCK_TAKE_OVER_CONDITION = LOCK_CONDITIONS.takeOver;

export interface LockRequest {
  table: string;
  process: string;
  /** The lock's sort key (`STATE_KEYS.lock`). */
  subject: string;
  /** Execution ARN of the would-be holder. */
  owner: string;
  /** Epoch seconds. */
  now: number;
  leaseSeconds: number;
}

function lockItem(r: LockRequest) {
  const key = STATE_KEYS.lock(r.process, r.subject);
  const expires = String(r.now + r.leaseSeconds);
  return {
    pk: { S: key.pk },
    sk: { S: key.sk },
    lock_owner: { S: r.owner },
    acquired_at: { S: new Date(r.now * 1000).toISOString() },
    expires_at: { N: expires },
    ttl: { N: expires },
  };
}

export function lockAcquirePutItem(r: LockRequest) {
  return {
    TableName: r.table,
    Item: lockItem(r),
    ConditionExpression: LOCK_ACQUIRE_CONDITION,
    ExpressionAttributeValues: { ':now': { N: String(r.now) }, ':me': { S: r.owner } },
  };
}

/** `holder`: the owner read from the item before stopping its execution. */
export function lockTakeOverPutItem(r: LockRequest & { holder: string }) {
  return {
    TableName: r.table,
    Item: lockItem(r),
    ConditionExpression: LOCK_TAKE_OVER_CONDITION,
    ExpressionAttributeValues: {
      ':now': { N: String(r.now) },
      ':me': { S: r.owner },
      ':holder': { S: r.holder },
    },
  };
}

export function lockReleaseDeleteItem(table: string, process: string, subject: string, owner: string) {
  const key = STATE_KEYS.lock(process, subject);
  return {
    TableName: table,
    Key: { pk: { S: key.pk }, sk: { S: key.sk } },
    ConditionExpression: LOCK_RELEASE_CONDITION,
    ExpressionAttributeValues: { ':me': { S: owner } },
  };
}

/**
 * The last-run bookkeeping item of a schedule (`STATE_KEYS.scheduleRun(schedule)`), written by the
 * catch-up handler and, for catch_up schedules, by the schedule's state machine with its slot time:
 * `{pk, sk, last_slot: S (ISO-8601 UTC, ms precision: Date.toISOString()), updated_at: S}`, only moved
 * forward (`attribute_not_exists(pk) OR last_slot < :slot`; ISO strings of one format sort by time).
 */
export const SCHEDULE_RUN_CONDITION = 'attribute_not_exists(pk) OR last_slot < :slot';

export function scheduleRunPutItem(table: string, schedule: string, slotIso: string, nowIso: string) {
  const key = STATE_KEYS.scheduleRun(schedule);
  return {
    TableName: table,
    Item: { pk: { S: key.pk }, sk: { S: key.sk }, last_slot: { S: slotIso }, updated_at: { S: nowIso } },
    ConditionExpression: SCHEDULE_RUN_CONDITION,
    ExpressionAttributeValues: { ':slot': { S: slotIso } },
  };
}
