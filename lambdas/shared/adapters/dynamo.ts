import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsErrorName } from '../errors.ts';
import { sdkClientConfig } from './client-config.ts';

/** The document client every DynamoDB adapter uses (undefined attributes dropped). */
export function documentClient(
  client: DynamoDBClient = new DynamoDBClient(sdkClientConfig()),
): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

export const isConditionFailure = (err: unknown) => awsErrorName(err) === 'ConditionalCheckFailedException';

/** Run a conditional write; `false` when its condition failed, other errors propagate. */
export async function conditional(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}
