import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { STATE_KEYS } from '../../../compiler/contracts/runtime.ts';
import type { Completion, TaskItem, TaskStore } from '../ports.ts';
import {
  assigneeIndexKey,
  OPEN_TASKS_BY_ASSIGNEE,
  OPEN_TASKS_BY_ROLE,
  openTaskPosition,
  roleIndexKey,
} from '../tables.ts';
import { conditional } from './dynamo.ts';

const INDEX_ATTRS = ['gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'] as const;
const STORAGE_ATTRS = new Set<string>(['pk', 'sk', 'ttl', ...INDEX_ATTRS]);

/** The sparse-index attributes of an open task. */
function indexKeys(task: TaskItem): Record<string, string> {
  const sort = openTaskPosition(task);
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

  async listOpen(
    roles: readonly string[],
    assignees: readonly string[],
    page: { after?: string; limit: number },
  ): Promise<{ tasks: TaskItem[]; more: boolean }> {
    // Each partition gives its first limit + 1 after the position; merged, the first `limit` of
    // them are the page, and one more anywhere means there is a next page.
    const want = page.limit + 1;
    const queries = [
      ...roles.map((r) => this.queryIndex(OPEN_TASKS_BY_ROLE, 'gsi1', roleIndexKey(r), page.after, want)),
      ...assignees.map((u) =>
        this.queryIndex(OPEN_TASKS_BY_ASSIGNEE, 'gsi2', assigneeIndexKey(u), page.after, want),
      ),
    ];
    const byId = new Map<string, TaskItem>();
    for (const items of await Promise.all(queries)) for (const t of items) byId.set(t.id, t);
    const sorted = [...byId.values()]
      .map((t) => ({ t, position: openTaskPosition(t) }))
      .sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0))
      .map(({ t }) => t);
    return { tasks: sorted.slice(0, page.limit), more: sorted.length > page.limit };
  }

  private async queryIndex(
    index: string,
    prefix: 'gsi1' | 'gsi2',
    key: string,
    after: string | undefined,
    want: number,
  ): Promise<TaskItem[]> {
    const out: TaskItem[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: index,
          KeyConditionExpression: after === undefined ? '#k = :k' : '#k = :k AND #s > :after',
          ExpressionAttributeNames: {
            '#k': `${prefix}pk`,
            ...(after !== undefined && { '#s': `${prefix}sk` }),
          },
          ExpressionAttributeValues: { ':k': key, ...(after !== undefined && { ':after': after }) },
          Limit: want - out.length,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) if (item.status === 'open') out.push(toTask(item));
      start = page.LastEvaluatedKey;
    } while (start && out.length < want);
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

  async reopen(task: TaskItem, c: Completion, applied?: string): Promise<void> {
    const keys: Record<string, unknown> = {
      ...indexKeys(task),
      ...(applied !== undefined && { applied_outcome: applied }),
    };
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
