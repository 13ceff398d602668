/** The DynamoDB seam over a real `@aws-sdk/client-dynamodb` client (e.g. pointed at dynalite). */
import {
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDbApi } from './types.ts';

function strip(output: object): Record<string, unknown> {
  const { $metadata: _metadata, ...rest } = output as Record<string, unknown>;
  return rest;
}

// The SDK command inputs are typed; the state machine's Arguments are JSON checked by DynamoDB itself.
// biome-ignore lint/suspicious/noExplicitAny: the input shape is validated by the service
type AnyInput = any;

export function dynamoDbFromClient(client: DynamoDBClient): DynamoDbApi {
  return {
    putItem: async (input, ctx) =>
      strip(await client.send(new PutItemCommand(input as AnyInput), { abortSignal: ctx.signal })),
    getItem: async (input, ctx) =>
      strip(await client.send(new GetItemCommand(input as AnyInput), { abortSignal: ctx.signal })),
    updateItem: async (input, ctx) =>
      strip(await client.send(new UpdateItemCommand(input as AnyInput), { abortSignal: ctx.signal })),
    deleteItem: async (input, ctx) =>
      strip(await client.send(new DeleteItemCommand(input as AnyInput), { abortSignal: ctx.signal })),
  };
}
