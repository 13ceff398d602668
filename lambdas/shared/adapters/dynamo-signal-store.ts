import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { STATE_KEYS } from '../../../compiler/contracts/runtime.ts';
import type { ClaimedWait, DeliveryClaim, SignalStore, SignalWait } from '../ports.ts';
import { conditional, isConditionFailure } from './dynamo.ts';

const DELIVERY_TTL_SECONDS = 7 * 86_400;
const epoch = (d: Date) => Math.floor(d.getTime() / 1000);

export class DynamoSignalStore implements SignalStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async registerWait(wait: SignalWait, token: string, ttl: number): Promise<void> {
    const key = STATE_KEYS.signalWait(wait.signal, wait.correlation_id, wait.token_hash);
    await this.doc.send(new PutCommand({ TableName: this.table, Item: { ...wait, ...key, token, ttl } }));
  }

  async waitHashes(signal: string, correlation: string | undefined): Promise<string[]> {
    const { pk } = STATE_KEYS.signalWait(signal, correlation, '');
    const hashes: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :wait)',
          ExpressionAttributeValues: { ':pk': pk, ':wait': 'WAIT#' },
          ProjectionExpression: 'sk',
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) hashes.push(String(item.sk).slice('WAIT#'.length));
      start = page.LastEvaluatedKey;
    } while (start);
    return hashes;
  }

  async claim(
    signal: string,
    correlation: string | undefined,
    tokenHash: string,
  ): Promise<ClaimedWait | undefined> {
    try {
      const out = await this.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: STATE_KEYS.signalWait(signal, correlation, tokenHash),
          ConditionExpression: 'attribute_exists(pk)',
          ReturnValues: 'ALL_OLD',
        }),
      );
      const item = out.Attributes;
      if (!item || typeof item.token !== 'string') return undefined;
      const { pk: _pk, sk: _sk, token, ttl, ...wait } = item;
      return { wait: wait as SignalWait, token, ttl: Number(ttl) };
    } catch (err) {
      if (isConditionFailure(err)) return undefined;
      throw err;
    }
  }

  async beginDelivery(
    signal: string,
    deliveryId: string,
    now: Date,
    leaseSeconds: number,
  ): Promise<DeliveryClaim> {
    const key = STATE_KEYS.signalDelivery(signal, deliveryId);
    const fresh = await conditional(() =>
      this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...key,
            status: 'pending',
            lease_until: epoch(now) + leaseSeconds,
            started_at: now.toISOString(),
            ttl: epoch(now) + DELIVERY_TTL_SECONDS,
          },
          // A pending delivery whose lease ran out was abandoned mid-way (crash): take it over.
          ConditionExpression: 'attribute_not_exists(pk) OR (#s = :pending AND lease_until < :now)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':pending': 'pending', ':now': epoch(now) },
        }),
      ),
    );
    if (fresh) return { state: 'fresh' };
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }),
    );
    return out.Item?.status === 'done'
      ? { state: 'done', delivered: Number(out.Item.delivered ?? 0) }
      : { state: 'in_progress' };
  }

  async finishDelivery(signal: string, deliveryId: string, delivered: number, now: Date): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: STATE_KEYS.signalDelivery(signal, deliveryId),
        UpdateExpression: 'SET #s = :done, delivered = :n, finished_at = :at',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':done': 'done', ':n': delivered, ':at': now.toISOString() },
      }),
    );
  }
}
