import { type DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { FieldFilter } from '../../../compiler/contracts/runtime.ts';
import { InvalidEventError } from '../errors.ts';
import { matches } from '../filters.ts';
import type { EntityStore, QueryPage } from '../ports.ts';
import { conditional } from './dynamo.ts';

const PAGE_SIZE = 500;
const RESERVED = new Set(['pk', 'sk', 'id']);

function encodeToken(id: string): string {
  return Buffer.from(JSON.stringify({ after: id }), 'utf8').toString('base64url');
}

function decodeToken(token: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof parsed.after === 'string') return parsed.after;
  } catch {
    // fall through to the error below
  }
  throw new InvalidEventError(`next_token '${token}' is not a token this store issued`);
}

function toRow(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, sk: _sk, ...row } = item;
  return row;
}

/**
 * Entities in one DynamoDB table: `pk` = entity name, `sk` = id; attributes are the entity's fields
 * plus `id` (and `created_at`). Filters are evaluated in memory over the entity's partition, in id
 * order; `next_token` resumes after the last returned id.
 */
export class DynamoEntityStore implements EntityStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async query(
    entity: string,
    filter: readonly FieldFilter[],
    limit: number,
    nextToken?: string,
  ): Promise<QueryPage> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined =
      nextToken === undefined ? undefined : { pk: entity, sk: decodeToken(nextToken) };
    let more = false;
    do {
      const page = await this.page(entity, start);
      const rows = page.Items ?? [];
      for (let i = 0; i < rows.length; i++) {
        const row = toRow(rows[i]);
        if (!matches(row, filter)) continue;
        items.push(row);
        if (items.length === limit) {
          more = i < rows.length - 1 || page.LastEvaluatedKey !== undefined;
          break;
        }
      }
      start = items.length < limit ? page.LastEvaluatedKey : undefined;
    } while (start);
    const last = items.at(-1);
    return { items, ...(more && last && { next_token: encodeToken(String(last.id)) }) };
  }

  private page(entity: string, start: Record<string, unknown> | undefined) {
    return this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': entity },
        ExclusiveStartKey: start,
        Limit: PAGE_SIZE,
      }),
    );
  }

  create(entity: string, id: string, values: Record<string, unknown>): Promise<boolean> {
    return conditional(() =>
      this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...values, id, pk: entity, sk: id },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async update(
    entity: string,
    where: readonly FieldFilter[],
    values: Record<string, unknown>,
  ): Promise<number> {
    const fields = Object.keys(values).filter((k) => values[k] !== undefined);
    const reserved = fields.find((f) => RESERVED.has(f));
    if (reserved) throw new InvalidEventError(`update of ${entity} may not set '${reserved}'`);
    if (fields.length === 0) return 0;
    const names = Object.fromEntries(fields.map((f, i) => [`#f${i}`, f]));
    const vals = Object.fromEntries(fields.map((f, i) => [`:v${i}`, values[f]]));
    const expression = `SET ${fields.map((_, i) => `#f${i} = :v${i}`).join(', ')}`;
    let count = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.page(entity, start);
      for (const item of page.Items ?? []) {
        if (!matches(toRow(item), where)) continue;
        const ok = await conditional(() =>
          this.doc.send(
            new UpdateCommand({
              TableName: this.table,
              Key: { pk: entity, sk: item.sk },
              UpdateExpression: expression,
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: vals,
            }),
          ),
        );
        if (ok) count++;
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return count;
  }
}
