/**
 * The in-process transport (local/aws/in-process.ts): real SDK clients reach a local endpoint's
 * request listener without a socket — the same requests, responses and errors as over HTTP.
 */
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { documentClient } from '../../../lambdas/shared/adapters/dynamo.ts';
import { InProcessTransport } from '../../../local/aws/in-process.ts';
import { LOCAL_TABLES, type LocalDynamo, startDynamo } from '../../../local/dynamo.ts';
import { LOCAL_CREDENTIALS } from '../../../local/env.ts';

const transport = new InProcessTransport();
let dynamo: LocalDynamo;

beforeAll(async () => {
  dynamo = await startDynamo(LOCAL_CREDENTIALS, undefined, transport);
});
afterAll(() => dynamo?.close());

const clientOf = (endpoint: string) =>
  new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
    requestHandler: transport.asRequestHandler(),
  });

describe('InProcessTransport', () => {
  it('serves a routed endpoint with no connection: nothing listens on its port', async () => {
    const seen: { target?: string; url?: string; body: string }[] = [];
    transport.route('http://127.0.0.1:9', (req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      req.on('end', () => {
        seen.push({ target: req.headers['x-amz-target'] as string, url: req.url, body });
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify({ TableNames: ['t-1'] }));
      });
    });
    const out = await clientOf('http://127.0.0.1:9').send(new ListTablesCommand({ Limit: 5 }));
    expect(out.TableNames).toEqual(['t-1']);
    expect(seen).toEqual([{ target: 'DynamoDB_20120810.ListTables', url: '/', body: '{"Limit":5}' }]);
  });

  it('carries dynalite items both ways, and its errors as the SDK names them', async () => {
    const doc = documentClient(clientOf(dynamo.endpoint));
    const Key = { pk: 'RUN#in-process', sk: 'RUN' };
    await doc.send(new PutCommand({ TableName: LOCAL_TABLES.state, Item: { ...Key, n: 1 } }));
    const got = await doc.send(new GetCommand({ TableName: LOCAL_TABLES.state, Key }));
    expect(got.Item).toEqual({ ...Key, n: 1 });
    const failed = doc.send(
      new PutCommand({
        TableName: LOCAL_TABLES.state,
        Item: { ...Key, n: 2 },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    await expect(failed).rejects.toMatchObject({
      name: 'ConditionalCheckFailedException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('refuses an endpoint it does not serve', async () => {
    await expect(clientOf('http://127.0.0.1:10').send(new ListTablesCommand({}))).rejects.toThrow(
      'no local endpoint serves 127.0.0.1:10',
    );
  });

  it('close waits for the requests being served, then refuses new ones as a closed port does', async () => {
    const closing = new InProcessTransport();
    let answer: (() => void) | undefined;
    closing.route('http://127.0.0.1:11', (_req, res) => {
      answer = () =>
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{"TableNames":[]}');
    });
    const client = new DynamoDBClient({
      endpoint: 'http://127.0.0.1:11',
      region: 'us-east-1',
      credentials: LOCAL_CREDENTIALS,
      maxAttempts: 1,
      requestHandler: closing.asRequestHandler(),
    });
    const first = client.send(new ListTablesCommand({}));
    await vi.waitFor(() => expect(answer).toBeDefined());
    let closed = false;
    const close = closing.close().then(() => {
      closed = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(closed).toBe(false);
    answer?.();
    await expect(first).resolves.toMatchObject({ TableNames: [] });
    await close;
    await expect(client.send(new ListTablesCommand({}))).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
