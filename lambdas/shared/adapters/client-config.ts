import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

/** A request handler any SDK v3 client accepts (the shape is the same for every service). */
export type SdkRequestHandler = NonNullable<DynamoDBClientConfig['requestHandler']>;

let requestHandler: SdkRequestHandler | undefined;

/**
 * The configuration every SDK client of the adapters (DynamoDB, Step Functions, EventBridge,
 * Scheduler) is built with. In Lambda it is empty: the SDK's defaults. The local runtime, which runs
 * the handlers in its own process, sets a request handler that hands each request to the local
 * endpoint in-process instead of through a loopback socket (local/aws/in-process.ts): the same
 * requests and responses, without a connection per call.
 */
export function sdkClientConfig(): { requestHandler?: SdkRequestHandler } {
  return requestHandler ? { requestHandler } : {};
}

/** Sets (or with `undefined`, removes) the request handler of the clients built from now on. */
export function setSdkRequestHandler(handler: SdkRequestHandler | undefined): void {
  requestHandler = handler;
}
