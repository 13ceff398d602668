import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATE_KEYS } from '../../../compiler/contracts/runtime.ts';
import { LOCK_ATTRIBUTES } from '../../../compiler/emit/asl/lock.ts';
import { compileSources } from '../../../compiler/index.ts';
import {
  LOCK_OWNER,
  lockAcquirePutItem,
  lockReleaseDeleteItem,
  lockTakeOverPutItem,
} from '../../../lambdas/shared/lock.ts';
import { AslEngine } from '../../../local/asl/index.ts';
import { dynamoDbFromClient } from '../../../local/asl/integrations/dynamodb.ts';
import { GOLDEN_DIR } from '../../compiler/golden/harness.ts';
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

describe('a lock write that DynamoDB applied but whose response was lost', () => {
  it('taking a lock one holds succeeds (the retried write); another owner still cannot', async () => {
    expect(await acquire('daily', 1)).toBe(true);
    expect(await acquire('daily', 1)).toBe(true);
    expect(await acquire('daily', 2)).toBe(false);
    const takeOver = attempt(lockTakeOverPutItem({ ...request('daily', 3), holder: owner(1) }));
    expect(await takeOver).toBe(true);
    expect(await attempt(lockTakeOverPutItem({ ...request('daily', 3), holder: owner(1) }))).toBe(true);
  });

  it('overlap: skip — the acquire retried after a 500 runs the process instead of skipping it for itself', async () => {
    const source = readFileSync(join(GOLDEN_DIR, 'cases', 'overlap.dsl'), 'utf8');
    const { artifacts } = compileSources([{ name: 'overlap.dsl', text: source }]);
    const workflow = artifacts?.manifest.workflows.find((w) => w.name === 'overlap_skip');
    if (!artifacts || !workflow) throw new Error('overlap.dsl did not compile');
    const real = dynamoDbFromClient(db.client);
    let lost = 0;
    const engine = new AslEngine({
      integrations: {
        invokeLambda: async () => ({ Payload: {} }),
        dynamodb: {
          ...real,
          // The first put is applied, then its response is lost as a 500 (retried by the task).
          putItem: async (input, ctx) => {
            const out = await real.putItem(input, ctx);
            if (lost++ > 0) return out;
            throw Object.assign(new Error('response lost'), { name: 'InternalServerErrorException' });
          },
        },
      },
    });
    const substitutions: Record<string, string> = { StateTable: db.stateTable };
    for (const m of artifacts.asl[workflow.id].matchAll(/\$\{(\w+)\}/g)) substitutions[m[1]] ??= m[1];
    engine.registerStateMachine('overlap_skip', JSON.parse(artifacts.asl[workflow.id]), { substitutions });
    const started = engine.startExecution('overlap_skip', { input: {} }, { name: 'retried' });
    const done = await engine.awaitExecution(started.executionArn);
    expect(lost).toBe(2);
    expect([done.status, done.output]).toEqual(['SUCCEEDED', {}]);
    // Released on the way out.
    const key = STATE_KEYS.lock(workflow.id, 'process');
    const item = await db.client.send(
      new GetItemCommand({ TableName: db.stateTable, Key: { pk: { S: key.pk }, sk: { S: key.sk } } }),
    );
    expect(item.Item).toBeUndefined();
  });
});
