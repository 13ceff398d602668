/**
 * dynalite on a random loopback port, with the state and entity tables created from the shared
 * table definitions. Start in `beforeAll`, `close()` in `afterAll`.
 */
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../../lambdas/shared/adapters/dynamo.ts';
import { ENTITY_TABLE, STATE_TABLE, toCreateTableInput } from '../../../lambdas/shared/tables.ts';

interface DynaliteServer {
  listen(port: number, host: string, cb: (err?: Error) => void): void;
  address(): AddressInfo;
  close(cb: (err?: Error) => void): void;
}

export interface LocalDynamo {
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  stateTable: string;
  entityTable: string;
  close(): Promise<void>;
}

let counter = 0;

export async function startDynamo(): Promise<LocalDynamo> {
  // dynalite has no type declarations; load it untyped.
  const mod = (await import('dynalite' as string)) as { default: (o: object) => DynaliteServer };
  const server = mod.default({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) =>
    server.listen(0, '127.0.0.1', (err) => (err ? reject(err) : resolve())),
  );
  const { port } = server.address();
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  counter++;
  const stateTable = `state-${counter}`;
  const entityTable = `entities-${counter}`;
  await client.send(new CreateTableCommand(toCreateTableInput(STATE_TABLE, stateTable)));
  await client.send(new CreateTableCommand(toCreateTableInput(ENTITY_TABLE, entityTable)));
  return {
    client,
    doc: documentClient(client),
    stateTable,
    entityTable,
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
