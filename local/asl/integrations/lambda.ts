/** Helpers to build the Lambda seam from handler functions. */
import type { InvokeLambda, LambdaInvokeResult } from './types.ts';

/** A Lambda-style handler: `(event, context) => result`; throwing fails the invocation. */
export type Handler = (event: unknown, context: { functionName: string }) => unknown;

/**
 * An `invokeLambda` that runs in-process handlers, keyed by function name or ARN. A thrown error
 * becomes a function error `{errorType: error.name, errorMessage}` as the Lambda runtime reports it.
 */
export function lambdaFromHandlers(handlers: Record<string, Handler>): InvokeLambda {
  return async (functionName, payload): Promise<LambdaInvokeResult> => {
    const handler = handlers[functionName] ?? handlers[functionNameOf(functionName)];
    if (!handler) {
      const error = new Error(`Function not found: ${functionName}`);
      error.name = 'Lambda.ResourceNotFoundException';
      throw error;
    }
    try {
      return { Payload: await handler(payload, { functionName }), StatusCode: 200 };
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      return {
        StatusCode: 200,
        FunctionError: 'Unhandled',
        Payload: { errorType: e.name, errorMessage: e.message, trace: [] },
      };
    }
  };
}

/** `my-fn` from `arn:aws:lambda:us-east-1:123456789012:function:my-fn[:alias]`. */
export function functionNameOf(nameOrArn: string): string {
  const m = /^arn:aws[\w-]*:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(nameOrArn);
  return m ? m[1] : nameOrArn;
}
