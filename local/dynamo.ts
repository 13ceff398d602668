/**
 * DynamoDB for the local runtime: dynalite in-process on a loopback port, with the state and entity
 * tables created from the shared table definitions (`lambdas/shared/tables.ts`).
 */
import type { RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { ENTITY_TABLE, STATE_TABLE, toCreateTableInput } from '../lambdas/shared/tables.ts';
import { loopbackServer } from './aws/http.ts';
import type { InProcessTransport } from './aws/in-process.ts';

interface DynaliteServer {
  listen(port: number, host: string, cb: (err?: Error) => void): void;
  address(): AddressInfo;
  close(cb: (err?: Error) => void): void;
  listeners(event: 'request'): RequestListener[];
}

export interface LocalDynamo {
  endpoint: string;
  client: DynamoDBClient;
  close(): Promise<void>;
}

async function untilActive(client: DynamoDBClient, name: string): Promise<void> {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`local DynamoDB table ${name} did not become ACTIVE`);
}

export const LOCAL_TABLES = { state: 'dazzle-state', entity: 'dazzle-entities' } as const;

/**
 * Starts dynalite and creates the tables: in memory, or in the LevelDB store at `path` (tables that
 * are there already are kept, with their items). With `transport`, requests of this process's SDK
 * clients reach dynalite in-process.
 */
export async function startDynamo(
  credentials: { accessKeyId: string; secretAccessKey: string },
  path?: string,
  transport?: InProcessTransport,
): Promise<LocalDynamo> {
  // dynalite has no type declarations; load it untyped.
  const mod = (await import('dynalite' as string)) as { default: (o: object) => DynaliteServer };
  const server = mod.default({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(path && { path }) });
  loopbackServer(server as unknown as Server);
  await new Promise<void>((resolve, reject) =>
    server.listen(0, '127.0.0.1', (err) => (err ? reject(err) : resolve())),
  );
  const endpoint = `http://127.0.0.1:${server.address().port}`;
  const [listener] = server.listeners('request');
  if (transport && listener) transport.route(endpoint, listener);
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
    ...(transport && { requestHandler: transport.asRequestHandler() }),
  });
  const create = async (input: CreateTableCommandInput) => {
    try {
      await client.send(new CreateTableCommand(input));
    } catch (error) {
      if ((error as { name?: string }).name !== 'ResourceInUseException') throw error;
    }
  };
  await create(toCreateTableInput(STATE_TABLE, LOCAL_TABLES.state));
  await create(toCreateTableInput(ENTITY_TABLE, LOCAL_TABLES.entity));
  // A table answers reads and writes only once ACTIVE: dynalite answers ResourceNotFoundException
  // while it is CREATING, as DynamoDB does ("the table … is being created" —
  // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html). Over a
  // socket the first request came late enough; in-process it can come before dynalite's timer.
  for (const name of Object.values(LOCAL_TABLES)) await untilActive(client, name);
  return {
    endpoint,
    client,
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
