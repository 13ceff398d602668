/**
 * The seams through which Task states reach the outside world. The engine is given plain functions
 * (or an SDK client adapter); the local runtime wires them to service handlers, the in-process
 * event bus and dynalite, and tests to fakes.
 */

/** What every integration call receives besides its arguments. */
export interface IntegrationContext {
  /** Aborted when the task times out, the execution stops, or a sibling branch fails. */
  signal: AbortSignal;
  /** Time left before `TimeoutSeconds` expires, when the state has one. */
  timeoutMs?: number;
  /**
   * Sleeps on the engine's clock. Fakes that simulate slow work must use this (not `setTimeout`)
   * so that virtual time can pass while they wait.
   */
  sleep(ms: number): Promise<void>;
  execution: { arn: string; name: string; stateMachineArn: string };
  stateName: string;
  /** The task token of a `.waitForTaskToken` task. */
  taskToken?: string;
}

/** Like the Lambda `Invoke` API response: `FunctionError` set means `Payload` is the error object. */
export interface LambdaInvokeResult {
  Payload: unknown;
  /**
   * The payload as the function's runtime serialized it, when known; its length is the
   * Content-Length AWS reports in `SdkHttpMetadata` (else the length of `JSON.stringify(Payload)`).
   */
  PayloadJson?: string;
  StatusCode?: number;
  FunctionError?: string;
  ExecutedVersion?: string;
}

/**
 * Invokes a function synchronously. Either return `{FunctionError, Payload: {errorType,
 * errorMessage}}` for a function error, or throw: a thrown error fails the task with the error's
 * `name` (DESIGN.md §3), the cause being `{"errorMessage", "errorType"}` like Lambda's.
 */
export type InvokeLambda = (
  functionName: string,
  payload: unknown,
  context: IntegrationContext,
) => Promise<LambdaInvokeResult>;

/** One PutEvents entry as the EventBridge API takes it (`Detail` already a JSON string). */
export interface PutEventsEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Resources?: string[];
  Time?: string;
}

export interface PutEventsResult {
  Entries: { EventId?: string; ErrorCode?: string; ErrorMessage?: string }[];
  FailedEntryCount: number;
}

export type PutEvents = (entries: PutEventsEntry[], context: IntegrationContext) => Promise<PutEventsResult>;

export type DynamoDbAction = 'putItem' | 'getItem' | 'updateItem' | 'deleteItem';

/**
 * The four DynamoDB calls, taking and returning the low-level API shapes (AttributeValue maps).
 * Errors are thrown with the service exception name (`ConditionalCheckFailedException`); the task
 * fails with `DynamoDB.<name>`. `dynamoDbFromClient` builds this from an SDK v3 client.
 */
export type DynamoDbApi = {
  [A in DynamoDbAction]: (
    input: Record<string, unknown>,
    context: IntegrationContext,
  ) => Promise<Record<string, unknown>>;
};

export interface Integrations {
  invokeLambda?: InvokeLambda;
  putEvents?: PutEvents;
  dynamodb?: DynamoDbApi;
}
