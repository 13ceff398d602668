/**
 * DynamoDB for the local runtime: dynalite in-process on a loopback port, with the state and entity
 * tables created from the shared table definitions (`lambdas/shared/tables.ts`).
 */
import type { RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, type CreateTableCommandInput, DynamoDBClient } from '@aws-sdk/client-dynamodb';
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
  return {
    endpoint,
    client,
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
