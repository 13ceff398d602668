import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATE_KEYS } from '../../../compiler/contracts/runtime.ts';
import { LOCK_ATTRIBUTES } from '../../../compiler/emit/asl/lock.ts';
import {
  LOCK_OWNER,
  lockAcquirePutItem,
  lockReleaseDeleteItem,
  lockTakeOverPutItem,
} from '../../../lambdas/shared/lock.ts';
import { type LocalDynamo, startDynamo } from '../helpers/dynalite.ts';

let db: LocalDynamo;
beforeAll(async () => {
  db = await startDynamo();
});
afterAll(async () => db.close());

const NOW = 1_795_600_000;
const owner = (i: number) => `arn:aws:states:eu-west-1:123456789012:execution:nightly:run-${i}`;

async function attempt(input: object): Promise<boolean> {
  try {
    await db.client.send(new PutItemCommand(input as ConstructorParameters<typeof PutItemCommand>[0]));
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

const request = (process: string, i: number, now = NOW, subject = 'schedule') => ({
  table: db.stateTable,
  process,
  subject,
  owner: owner(i),
  now,
  leaseSeconds: 3600,
});
const acquire = (process: string, i: number, now = NOW, subject = 'schedule') =>
  attempt(lockAcquirePutItem(request(process, i, now, subject)));

describe('overlap lock (the requests the state machine sends)', () => {
  it('uses the attribute names the compiler emits', () => {
    expect(LOCK_OWNER).toBe(LOCK_ATTRIBUTES.owner);
    const item = lockAcquirePutItem(request('x', 1)).Item;
    expect(Object.keys(item)).toEqual(
      expect.arrayContaining([LOCK_ATTRIBUTES.expiresAt, LOCK_ATTRIBUTES.ttl]),
    );
  });

  it('50 concurrent acquirers: exactly one holder', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => acquire('nightly', i)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const key = STATE_KEYS.lock('nightly', 'schedule');
    const got = await db.client.send(
      new GetItemCommand({ TableName: db.stateTable, Key: { pk: { S: key.pk }, sk: { S: key.sk } } }),
    );
    expect(got.Item).toEqual({
      pk: { S: 'LOCK#nightly' },
      sk: { S: 'schedule' },
      lock_owner: { S: owner(results.indexOf(true)) },
      acquired_at: { S: new Date(NOW * 1000).toISOString() },
      expires_at: { N: String(NOW + 3600) },
      ttl: { N: String(NOW + 3600) },
    });
  });

  it('locks of different subjects are independent; one subject has one holder', async () => {
    const orders = await Promise.all(
      Array.from({ length: 10 }, (_, i) => acquire('fulfil', i, NOW, `entity#order-${i}`)),
    );
    expect(orders).toEqual(Array(10).fill(true));
    expect(await acquire('fulfil', 10, NOW, 'entity#order-3')).toBe(false);
    // A process and a schedule of the same name never share a lock.
    expect(await acquire('fulfil', 11, NOW, 'process')).toBe(true);
    expect(await acquire('fulfil', 12, NOW, 'schedule')).toBe(true);
  });

  it('an expired lease can be taken; an unexpired one cannot', async () => {
    expect(await acquire('hourly', 1)).toBe(true);
    expect(await acquire('hourly', 2, NOW + 3599)).toBe(false);
    expect(await acquire('hourly', 2, NOW + 3601)).toBe(true);
  });

  it('only the owner releases; cancel_previous takes over from the holder it read', async () => {
    expect(await acquire('weekly', 1)).toBe(true);
    await expect(
      db.client.send(
        new DeleteItemCommand(lockReleaseDeleteItem(db.stateTable, 'weekly', 'schedule', owner(2))),
      ),
    ).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    const takeOver = (holder: number) =>
      attempt(lockTakeOverPutItem({ ...request('weekly', 3), holder: owner(holder) }));
    expect(await takeOver(2)).toBe(false);
    expect(await takeOver(1)).toBe(true);
    await db.client.send(
      new DeleteItemCommand(lockReleaseDeleteItem(db.stateTable, 'weekly', 'schedule', owner(3))),
    );
    expect(await acquire('weekly', 4)).toBe(true);
  });
});
