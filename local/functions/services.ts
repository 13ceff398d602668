/**
 * User service implementations: `<dir>/<service>.{ts,js,mjs}` exporting `handler` — the same module
 * that is deployed as the service's Lambda (a dotted `Fulfillment.ship` may also be
 * `<dir>/Fulfillment/ship.ts`: lambdas/service-module.ts, shared with infra's bundling). Invoked like Lambda: `(event, context)`, the step's
 * timeout enforced, a thrown error reported as a function error carrying the error's `name`.
 */
import { existsSync, readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  expectedServiceModule,
  resolveServiceModule,
  SERVICE_MODULE_EXTENSIONS,
} from '../../lambdas/service-module.ts';

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

export class ServiceNotFound extends Error {
  override readonly name = 'Lambda.ResourceNotFoundException';
}

export class ServiceDirectory {
  private readonly cache = new Map<string, Promise<LambdaHandler>>();
  private generation = 0;

  constructor(readonly dir: string | undefined) {}

  /** Service names with a module in the directory. */
  available(): string[] {
    if (!this.dir || !existsSync(this.dir)) return [];
    const names = new Set<string>();
    for (const f of readdirSync(this.dir)) {
      const ext = SERVICE_MODULE_EXTENSIONS.find((e) => f.endsWith(e) && !f.endsWith(`.d${e}`));
      if (ext) names.add(f.slice(0, -ext.length));
    }
    return [...names].sort();
  }

  /**
   * The module file of a service, if there is one. Throws `AmbiguousServiceModule` when a dotted
   * service has both `A.b.ts` and `A/b.ts`.
   */
  fileOf(service: string): string | undefined {
    return this.dir ? resolveServiceModule(this.dir, service) : undefined;
  }

  /** Forget loaded modules, so the next invoke imports the current file (dev server reload). */
  reload(): void {
    this.cache.clear();
    this.generation++;
  }

  handler(service: string): Promise<LambdaHandler> {
    let loaded = this.cache.get(service);
    if (!loaded) {
      loaded = this.load(service);
      loaded.catch(() => this.cache.delete(service));
      this.cache.set(service, loaded);
    }
    return loaded;
  }

  private async load(service: string): Promise<LambdaHandler> {
    let file: string | undefined;
    try {
      file = this.fileOf(service);
    } catch (error) {
      throw new ServiceNotFound((error as Error).message);
    }
    if (!file) {
      const where = this.dir
        ? expectedServiceModule(this.dir, service)
        : `${expectedServiceModule('<services>', service)} (pass --services DIR)`;
      throw new ServiceNotFound(
        `no implementation of service '${service}': create ${where} exporting handler`,
      );
    }
    const url = `${pathToFileURL(file).href}${this.generation > 0 ? `?v=${this.generation}` : ''}`;
    const mod = (await import(url)) as { handler?: unknown; default?: { handler?: unknown } };
    const handler = mod.handler ?? mod.default?.handler;
    if (typeof handler !== 'function')
      throw new ServiceNotFound(`${file} does not export a handler function`);
    return handler as LambdaHandler;
  }
}

export class FunctionTimeout extends Error {
  override readonly name = 'States.Timeout';
}

/**
 * Runs a handler like the Lambda runtime: JSON in and out, a context with the remaining time, and
 * the deadline enforced on the real clock (service code runs in real time even when the engine's
 * clock is virtual). Callback-style handlers (three parameters) are supported.
 */
export async function invokeHandler(
  handler: LambdaHandler,
  event: unknown,
  options: {
    functionName: string;
    functionArn: string;
    timeoutMs: number;
    requestId: string;
    signal?: AbortSignal;
  },
): Promise<unknown> {
  const deadline = Date.now() + options.timeoutMs;
  const context: LambdaContext = {
    functionName: options.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: options.functionArn,
    memoryLimitInMB: '128',
    awsRequestId: options.requestId,
    logGroupName: `/aws/lambda/${options.functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  const payload = JSON.parse(JSON.stringify(event ?? null));
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const run =
    handler.length >= 3
      ? new Promise((ok, fail) => {
          const callback = (error: unknown, result: unknown) => (error ? fail(error) : ok(result));
          (handler as (e: unknown, c: LambdaContext, cb: typeof callback) => unknown)(
            payload,
            context,
            callback,
          );
        })
      : Promise.resolve().then(() => handler(payload, context));
  const limits = new Promise<never>((_, fail) => {
    timer = setTimeout(
      () =>
        fail(new FunctionTimeout(`Task timed out after ${(options.timeoutMs / 1000).toFixed(2)} seconds`)),
      options.timeoutMs,
    );
    onAbort = () => fail(options.signal?.reason ?? new Error('aborted'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
  limits.catch(() => {});
  try {
    const result = await Promise.race([run, limits]);
    return result === undefined ? null : JSON.parse(JSON.stringify(result));
  } finally {
    clearTimeout(timer);
    if (onAbort) options.signal?.removeEventListener('abort', onAbort);
  }
}
