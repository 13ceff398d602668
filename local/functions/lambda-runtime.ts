/**
 * What the Lambda Node.js runtime does around a handler, shared by the service workers and by
 * handlers given in-process: the context object, callback- or promise-style calls, and the error
 * document of a failed invocation (`{errorType, errorMessage, trace}`, as the runtime interface
 * client builds it: https://github.com/aws/aws-lambda-nodejs-runtime-interface-client, Errors).
 */
export type LambdaHandler = (event: unknown, context: LambdaContext) => unknown;

/** The parts of the Lambda Node.js context object service code reads. */
export interface LambdaContext {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
}

/** What identifies one invocation, with its deadline (ms since the epoch, real time). */
export interface InvocationInfo {
  functionName: string;
  functionArn: string;
  requestId: string;
  deadline: number;
}

/** The error document Lambda returns for a failed invocation (X-Amz-Function-Error: Unhandled). */
export interface LambdaErrorDocument {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

export function lambdaContext(info: InvocationInfo): LambdaContext {
  return {
    functionName: info.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: info.functionArn,
    memoryLimitInMB: '128',
    awsRequestId: info.requestId,
    logGroupName: `/aws/lambda/${info.functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, info.deadline - Date.now()),
  };
}

/** Calls a handler as the runtime does: three parameters get a callback, others may return a promise. */
export function callHandler(
  handler: LambdaHandler,
  event: unknown,
  context: LambdaContext,
): Promise<unknown> {
  if (handler.length >= 3) {
    return new Promise((ok, fail) => {
      const callback = (error: unknown, result: unknown) => (error ? fail(error) : ok(result));
      try {
        (handler as (e: unknown, c: LambdaContext, cb: typeof callback) => unknown)(event, context, callback);
      } catch (error) {
        fail(error);
      }
    });
  }
  return Promise.resolve().then(() => handler(event, context));
}

/** The error document of a thrown value, as the runtime's `toRuntimeResponse` builds it. */
export function errorDocument(error: unknown): LambdaErrorDocument {
  if (error instanceof Error || (error !== null && typeof error === 'object' && 'name' in error)) {
    const e = error as Error;
    return {
      errorType: String(e.name),
      errorMessage: String(e.message ?? ''),
      trace: typeof e.stack === 'string' ? e.stack.split('\n') : [],
    };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

/**
 * The invocation outlived its deadline, the step's TimeoutSeconds: on AWS the Task state then fails
 * with `States.Timeout` (a Task that ran longer than its TimeoutSeconds; error names in
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html and the States
 * Language, https://states-language.net/spec.html#appendix-a). Lambda's own function timeout does
 * not apply as long as it is not shorter than the step's (when it is, AWS reports `Lambda.Unknown`:
 * https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html).
 */
export class FunctionTimeout extends Error {
  override readonly name = 'States.Timeout';
}

/** An Error carrying an error document's type as its name (what the Task's error becomes). */
export function errorFromDocument(doc: LambdaErrorDocument): Error {
  const error = new Error(doc.errorMessage);
  error.name = doc.errorType;
  return error;
}
