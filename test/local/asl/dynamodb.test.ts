/**
 * The DynamoDB integration against dynalite on loopback (TOOLCHAIN.md), pinned to
 * https://docs.aws.amazon.com/step-functions/latest/dg/connect-ddb.html: putItem / getItem /
 * updateItem / deleteItem take the API's parameters; a failed condition fails the task with
 * `DynamoDB.ConditionalCheckFailedException`.
 */

import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AslEngine, dynamoDbFromClient } from '../../../local/asl/index.ts';
import { machine } from './helpers.ts';

// dynalite ships no type declarations.
const dynalite = createRequire(import.meta.url)('dynalite') as (options: { createTableMs: number }) => Server;

let server: Server;
let client: DynamoDBClient;

beforeAll(async () => {
  server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await client.send(
    new CreateTableCommand({
      TableName: 'locks',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
});

afterAll(async () => {
  client?.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const lockMachine = machine({
  Acquire: {
    Type: 'Task',
    Resource: 'arn:aws:states:::dynamodb:putItem',
    Arguments: {
      TableName: 'locks',
      Item: { pk: { S: '{% $states.input.lock %}' }, holder: { S: '{% $states.context.Execution.Name %}' } },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
    Assign: { lock: '{% $states.input.lock %}' },
    TimeoutSeconds: 5,
    Catch: [
      {
        ErrorEquals: ['DynamoDB.ConditionalCheckFailedException'],
        Next: 'Held',
        Output: '{% $states.errorOutput %}',
      },
    ],
    Next: 'Read',
  },
  Read: {
    Type: 'Task',
    Resource: 'arn:aws:states:::dynamodb:getItem',
    Arguments: { TableName: 'locks', Key: { pk: { S: '{% $lock %}' } } },
    Output: '{% $states.result.Item.holder.S %}',
    Next: 'Touch',
  },
  Touch: {
    Type: 'Task',
    Resource: 'arn:aws:states:::dynamodb:updateItem',
    Arguments: {
      TableName: 'locks',
      Key: { pk: { S: '{% $lock %}' } },
      UpdateExpression: 'SET touched = :t',
      ExpressionAttributeValues: { ':t': { BOOL: true } },
      ReturnValues: 'ALL_NEW',
    },
    Output: { holder: '{% $states.input %}', touched: '{% $states.result.Attributes.touched.BOOL %}' },
    End: true,
  },
  Held: { Type: 'Pass', End: true },
});

describe('dynamodb integration (dynalite)', () => {
  it('writes conditionally, reads and updates; a second conditional write is caught by its error name', async () => {
    const engine = new AslEngine({ integrations: { dynamodb: dynamoDbFromClient(client) } });
    engine.registerStateMachine('lock', lockMachine);
    const first = await engine.runExecution('lock', { lock: 'order-lock' }, { name: 'first' });
    expect(first, first.cause).toMatchObject({
      status: 'SUCCEEDED',
      output: { holder: 'first', touched: true },
    });
    const second = await engine.runExecution('lock', { lock: 'order-lock' }, { name: 'second' });
    expect(second.status).toBe('SUCCEEDED');
    expect(second.output).toMatchObject({ Error: 'DynamoDB.ConditionalCheckFailedException' });
  });

  it('deletes an item', async () => {
    const engine = new AslEngine({ integrations: { dynamodb: dynamoDbFromClient(client) } });
    engine.registerStateMachine(
      'release',
      machine({
        Delete: {
          Type: 'Task',
          Resource: 'arn:aws:states:::dynamodb:deleteItem',
          Arguments: { TableName: 'locks', Key: { pk: { S: 'order-lock' } }, ReturnValues: 'ALL_OLD' },
          Output: '{% $states.result.Attributes.holder.S %}',
          Next: 'Read',
        },
        Read: {
          Type: 'Task',
          Resource: 'arn:aws:states:::dynamodb:getItem',
          Arguments: { TableName: 'locks', Key: { pk: { S: 'order-lock' } } },
          Output: { previous: '{% $states.input %}', exists: '{% $exists($states.result.Item) %}' },
          End: true,
        },
      }),
    );
    expect((await engine.runExecution('release')).output).toEqual({ previous: 'first', exists: false });
  });
});
