import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { STATE_KEYS } from '../../../compiler/contracts/runtime.ts';
import type { Completion, TaskItem, TaskStore } from '../ports.ts';
import { assigneeIndexKey, OPEN_TASKS_BY_ASSIGNEE, OPEN_TASKS_BY_ROLE, roleIndexKey } from '../tables.ts';
import { conditional } from './dynamo.ts';

const INDEX_ATTRS = ['gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'] as const;
const STORAGE_ATTRS = new Set<string>(['pk', 'sk', 'ttl', ...INDEX_ATTRS]);

/** The sparse-index attributes of an open task. */
function indexKeys(task: TaskItem): Record<string, string> {
  const sort = `${task.created_at}#${task.id}`;
  return {
    ...(task.role !== undefined && { gsi1pk: roleIndexKey(task.role), gsi1sk: sort }),
    ...(task.assignee !== undefined && { gsi2pk: assigneeIndexKey(task.assignee), gsi2sk: sort }),
  };
}

function toTask(item: Record<string, unknown>): TaskItem {
  const task: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!STORAGE_ATTRS.has(k)) task[k] = v;
  return task as unknown as TaskItem;
}

export class DynamoTaskStore implements TaskStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async register(task: TaskItem, token: string, ttl: number): Promise<boolean> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...STATE_KEYS.taskToken(task.token_hash), token, task_id: task.id, ttl },
      }),
    );
    return conditional(() =>
      this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...task, ...STATE_KEYS.task(task.id), ...indexKeys(task), ttl },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async get(id: string): Promise<TaskItem | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: STATE_KEYS.task(id), ConsistentRead: true }),
    );
    return out.Item ? toTask(out.Item) : undefined;
  }

  async listOpen(roles: readonly string[], assignees: readonly string[]): Promise<TaskItem[]> {
    const queries = [
      ...roles.map((r) => this.queryIndex(OPEN_TASKS_BY_ROLE, 'gsi1pk', roleIndexKey(r))),
      ...assignees.map((u) => this.queryIndex(OPEN_TASKS_BY_ASSIGNEE, 'gsi2pk', assigneeIndexKey(u))),
    ];
    const byId = new Map<string, TaskItem>();
    for (const items of await Promise.all(queries)) for (const t of items) byId.set(t.id, t);
    return [...byId.values()].sort((a, b) =>
      a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0,
    );
  }

  private async queryIndex(index: string, attr: string, key: string): Promise<TaskItem[]> {
    const out: TaskItem[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: index,
          KeyConditionExpression: '#k = :k',
          ExpressionAttributeNames: { '#k': attr },
          ExpressionAttributeValues: { ':k': key },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) if (item.status === 'open') out.push(toTask(item));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  markEscalated(id: string, at: string): Promise<boolean> {
    return conditional(() =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: STATE_KEYS.task(id),
          UpdateExpression: 'SET escalated_at = :at',
          ConditionExpression: '#s = :open AND attribute_not_exists(escalated_at)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':at': at, ':open': 'open' },
        }),
      ),
    );
  }

  complete(id: string, c: Completion): Promise<boolean> {
    return conditional(() =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: STATE_KEYS.task(id),
          UpdateExpression: `SET #s = :completed, completed_at = :at, completed_by = :by, outcome = :outcome, #d = :data REMOVE ${INDEX_ATTRS.join(', ')}`,
          ConditionExpression: '#s = :open',
          ExpressionAttributeNames: { '#s': 'status', '#d': 'data' },
          ExpressionAttributeValues: {
            ':completed': 'completed',
            ':open': 'open',
            ':at': c.at,
            ':by': c.by,
            ':outcome': c.outcome,
            ':data': c.data,
          },
        }),
      ),
    );
  }

  async reopen(task: TaskItem, c: Completion): Promise<void> {
    const keys = indexKeys(task);
    const names = Object.keys(keys);
    const sets = ['#s = :open', ...names.map((n) => `${n} = :${n}`)];
    await conditional(() =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: STATE_KEYS.task(task.id),
          UpdateExpression: `SET ${sets.join(', ')} REMOVE completed_at, completed_by, outcome, #d`,
          ConditionExpression: '#s = :completed AND completed_by = :by AND completed_at = :at',
          ExpressionAttributeNames: { '#s': 'status', '#d': 'data' },
          ExpressionAttributeValues: {
            ':open': 'open',
            ':completed': 'completed',
            ':by': c.by,
            ':at': c.at,
            ...Object.fromEntries(names.map((n) => [`:${n}`, keys[n]])),
          },
        }),
      ),
    );
  }

  async expire(id: string, at: string, ours?: Completion): Promise<void> {
    await conditional(() =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: STATE_KEYS.task(id),
          UpdateExpression: `SET #s = :expired, expired_at = :at REMOVE ${INDEX_ATTRS.join(', ')}`,
          ConditionExpression: ours
            ? '#s = :completed AND completed_by = :by AND completed_at = :cat'
            : '#s = :open',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':expired': 'expired',
            ':at': at,
            ...(ours ? { ':completed': 'completed', ':by': ours.by, ':cat': ours.at } : { ':open': 'open' }),
          },
        }),
      ),
    );
  }

  async token(tokenHash: string): Promise<string | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: STATE_KEYS.taskToken(tokenHash), ConsistentRead: true }),
    );
    return typeof out.Item?.token === 'string' ? out.Item.token : undefined;
  }
}
