/**
 * Table definitions shared by infra (CDK), the local runtime and the tests (dynalite). Plain data;
 * `toCreateTableInput` turns one into the DynamoDB CreateTable request shape.
 */

export interface KeyDef {
  readonly name: string;
  readonly type: 'S' | 'N';
}

export interface IndexDef {
  readonly indexName: string;
  readonly partitionKey: KeyDef;
  readonly sortKey: KeyDef;
}

export interface TableDef {
  readonly partitionKey: KeyDef;
  readonly sortKey: KeyDef;
  readonly globalSecondaryIndexes: readonly IndexDef[];
  /** Attribute holding the expiry epoch seconds (DynamoDB TTL); finished items set it. */
  readonly timeToLiveAttribute?: string;
}

/**
 * The state table: keys from `STATE_KEYS` (compiler/contracts/runtime.ts). Sparse GSIs: only open
 * tasks carry the index attributes, so the indexes hold exactly the open tasks.
 * - `gsi1`: open tasks by role (`gsi1pk = ROLE#<role>#open`, `gsi1sk = <created_at>#<task id>`)
 * - `gsi2`: open tasks by assignee (`gsi2pk = USER#<user>#open`, `gsi2sk = <created_at>#<task id>`)
 */
export const STATE_TABLE: TableDef = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalSecondaryIndexes: [
    {
      indexName: 'gsi1',
      partitionKey: { name: 'gsi1pk', type: 'S' },
      sortKey: { name: 'gsi1sk', type: 'S' },
    },
    {
      indexName: 'gsi2',
      partitionKey: { name: 'gsi2pk', type: 'S' },
      sortKey: { name: 'gsi2sk', type: 'S' },
    },
  ],
  timeToLiveAttribute: 'ttl',
};

/** The default entity store: `pk` = entity name, `sk` = the row's id. */
export const ENTITY_TABLE: TableDef = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalSecondaryIndexes: [],
};

export const OPEN_TASKS_BY_ROLE = 'gsi1';
export const OPEN_TASKS_BY_ASSIGNEE = 'gsi2';
export const roleIndexKey = (role: string) => `ROLE#${role}#open`;
/** An open task's sort key in both indexes: creation time, then id (oldest first, a total order). */
export const openTaskPosition = (task: { created_at: string; id: string }) => `${task.created_at}#${task.id}`;
export const assigneeIndexKey = (user: string) => `USER#${user}#open`;

/** The CreateTable request for `def` (on-demand billing), e.g. for dynalite in tests. */
export function toCreateTableInput(def: TableDef, tableName: string) {
  const attrs = new Map<string, KeyDef>();
  for (const k of [
    def.partitionKey,
    def.sortKey,
    ...def.globalSecondaryIndexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ])
    attrs.set(k.name, k);
  const keySchema = (pk: KeyDef, sk: KeyDef) => [
    { AttributeName: pk.name, KeyType: 'HASH' as const },
    { AttributeName: sk.name, KeyType: 'RANGE' as const },
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [...attrs.values()].map((k) => ({ AttributeName: k.name, AttributeType: k.type })),
    KeySchema: keySchema(def.partitionKey, def.sortKey),
    ...(def.globalSecondaryIndexes.length > 0 && {
      GlobalSecondaryIndexes: def.globalSecondaryIndexes.map((i) => ({
        IndexName: i.indexName,
        KeySchema: keySchema(i.partitionKey, i.sortKey),
        Projection: { ProjectionType: 'ALL' as const },
      })),
    }),
  };
}
