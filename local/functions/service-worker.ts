/**
 * A service "container": runs in a worker thread started by ServicePool, imports service modules on
 * first use and keeps them loaded (module state persists across warm invocations, as in Lambda), and
 * runs one invocation at a time. What the Lambda Node.js runtime does on a crash, it does here: an
 * unhandled promise rejection fails the invocation with `Runtime.UnhandledPromiseRejection`, an
 * uncaught exception (a throw from a timer) with the error's own name, and the container is
 * discarded: the Lambda runtime interface client posts the error for the current request and exits
 * the process (https://github.com/aws/aws-lambda-nodejs-runtime-interface-client, src/index.ts,
 * src/Runtime/Runtime.ts; its error classes, `Runtime.UnhandledPromiseRejection`,
 * `Runtime.ImportModuleError`, `Runtime.UserCodeSyntaxError`, `Runtime.HandlerNotFound`, are in
 * src/Errors/index.ts). The error document is the one of "AWS Lambda function errors in Node.js",
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-exceptions.html.
 */
import { pathToFileURL } from 'node:url';
import { parentPort } from 'node:worker_threads';
import {
  callHandler,
  errorDocument,
  type InvocationInfo,
  type LambdaErrorDocument,
  type LambdaHandler,
  lambdaContext,
} from './lambda-runtime.ts';

/** Main thread → worker. */
export interface InvokeMessage {
  id: number;
  /** The module to import (a bundle: service-bundle.ts). */
  file: string;
  /** The event as JSON text (Lambda hands the handler a parsed copy of the JSON payload). */
  event: string;
  info: InvocationInfo;
}

/** Worker → main thread. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: string }
  | { type: 'error'; id: number; error: LambdaErrorDocument }
  /** The container is broken (unhandled rejection, uncaught exception): discard it. */
  | { type: 'crash'; id?: number; error: LambdaErrorDocument };

const port = parentPort;
if (!port) throw new Error('service-worker.ts runs in a worker thread started by ServicePool');

const modules = new Map<string, Promise<LambdaHandler>>();
let current: number | undefined;
let crashed = false;

const post = (m: WorkerMessage) => port.postMessage(m);

function crash(error: LambdaErrorDocument): void {
  if (crashed) return;
  crashed = true;
  post({ type: 'crash', id: current, error });
}

process.on('unhandledRejection', (reason) => {
  const message = reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason);
  crash({
    errorType: 'Runtime.UnhandledPromiseRejection',
    errorMessage: message,
    trace: [`Runtime.UnhandledPromiseRejection: ${message}`],
  });
});
process.on('uncaughtException', (error) => crash(errorDocument(error)));

function load(file: string): Promise<LambdaHandler> {
  let loaded = modules.get(file);
  if (!loaded) {
    loaded = importHandler(file);
    // A module that failed to load is imported again next time (Lambda retries a failed init).
    loaded.catch(() => modules.delete(file));
    modules.set(file, loaded);
  }
  return loaded;
}

async function importHandler(file: string): Promise<LambdaHandler> {
  let mod: { handler?: unknown; default?: { handler?: unknown } };
  try {
    mod = await import(pathToFileURL(file).href);
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    const init = new Error(`${e.name}: ${e.message}`);
    init.name = e instanceof SyntaxError ? 'Runtime.UserCodeSyntaxError' : 'Runtime.ImportModuleError';
    throw init;
  }
  const handler = mod.handler ?? mod.default?.handler;
  if (typeof handler !== 'function') {
    const e = new Error(`${file}: handler is undefined or not exported`);
    e.name = 'Runtime.HandlerNotFound';
    throw e;
  }
  return handler as LambdaHandler;
}

port.on('message', async (m: InvokeMessage) => {
  current = m.id;
  try {
    const handler = await load(m.file);
    const result = await callHandler(handler, JSON.parse(m.event), lambdaContext(m.info));
    if (crashed) return;
    // Lambda returns the handler's result serialized as JSON; undefined becomes null.
    post({ type: 'result', id: m.id, result: JSON.stringify(result) ?? 'null' });
  } catch (error) {
    if (!crashed) post({ type: 'error', id: m.id, error: errorDocument(error) });
  } finally {
    current = undefined;
  }
});

post({ type: 'ready' });
