import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { STATE_KEYS } from '../../../compiler/contracts/runtime.ts';
import type { RunRecord, RunStore } from '../ports.ts';
import { conditional } from './dynamo.ts';

const RUN_FIELDS = new Set([
  'name',
  'execution_arn',
  'state_machine_arn',
  'process',
  'kind',
  'started_by',
  'status',
  'skipped_by',
  'current_step',
  'start_time',
  'stop_time',
  'error',
  'cause',
  'output',
  'updated_at',
]);

function setExpression(fields: Record<string, unknown>, ifNotExists: ReadonlySet<string> = new Set()) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  Object.entries(fields).forEach(([k, v], i) => {
    if (v === undefined) return;
    names[`#f${i}`] = k;
    values[`:v${i}`] = v;
    sets.push(ifNotExists.has(k) ? `#f${i} = if_not_exists(#f${i}, :v${i})` : `#f${i} = :v${i}`);
  });
  return { sets, names, values };
}

export class DynamoRunStore implements RunStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(name: string): Promise<RunRecord | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: STATE_KEYS.run(name) }));
    if (!out.Item) return undefined;
    return Object.fromEntries(
      Object.entries(out.Item).filter(([k]) => RUN_FIELDS.has(k)),
    ) as unknown as RunRecord;
  }

  async save(record: RunRecord): Promise<void> {
    const { sets, names, values } = setExpression({ ...record });
    const running = record.status === 'RUNNING';
    const saved = await conditional(() =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: STATE_KEYS.run(record.name),
          UpdateExpression: `SET ${sets.join(', ')}`,
          // A late RUNNING event never overwrites a terminal status.
          ...(running && { ConditionExpression: 'attribute_not_exists(#st) OR #st = :running' }),
          ExpressionAttributeNames: { ...names, ...(running && { '#st': 'status' }) },
          ExpressionAttributeValues: { ...values, ...(running && { ':running': 'RUNNING' }) },
        }),
      ),
    );
    // The execution ended before its start was recorded: keep who started it all the same.
    if (!saved && record.started_by !== undefined)
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: STATE_KEYS.run(record.name),
          UpdateExpression: 'SET started_by = if_not_exists(started_by, :by)',
          ExpressionAttributeValues: { ':by': record.started_by },
        }),
      );
  }

  async setStep(
    name: string,
    fields: Omit<RunRecord, 'status' | 'stop_time' | 'error' | 'cause'>,
  ): Promise<void> {
    const keep = new Set([
      'execution_arn',
      'state_machine_arn',
      'process',
      'kind',
      'start_time',
      'name',
      'status',
    ]);
    const { sets, names, values } = setExpression({ ...fields, status: 'RUNNING' }, keep);
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: STATE_KEYS.run(name),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }
}
