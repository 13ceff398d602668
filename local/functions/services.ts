/**
 * User service implementations: `<dir>/<service>.{ts,js,mjs}` exporting `handler` — the same module
 * that is deployed as the service's Lambda (a dotted `Fulfillment.ship` may also be
 * `<dir>/Fulfillment/ship.ts`: lambdas/service-module.ts, shared with infra's bundling). Invoked like
 * Lambda: `(event, context)`, the step's timeout enforced, a thrown error reported as a function error
 * carrying the error's `name`. Modules run in worker threads (service-pool.ts); handlers given as
 * functions run in-process (invokeHandler).
 */
import { existsSync, readdirSync } from 'node:fs';
import {
  expectedServiceModule,
  resolveServiceModule,
  SERVICE_MODULE_EXTENSIONS,
} from '../../lambdas/service-module.ts';
import { callHandler, FunctionTimeout, type LambdaHandler, lambdaContext } from './lambda-runtime.ts';

export type { LambdaContext, LambdaHandler } from './lambda-runtime.ts';
export { FunctionTimeout } from './lambda-runtime.ts';

export class ServiceNotFound extends Error {
  override readonly name = 'Lambda.ResourceNotFoundException';
}

/** Where the service modules are: the one resolver from a service name to its module file. */
export class ServiceDirectory {
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

  /**
   * The module file of a service, or `ServiceNotFound` saying where to create it (also when a dotted
   * service has both `A.b.ts` and `A/b.ts`).
   */
  require(service: string): string {
    let file: string | undefined;
    try {
      file = this.fileOf(service);
    } catch (error) {
      throw new ServiceNotFound((error as Error).message);
    }
    if (file) return file;
    const where = this.dir
      ? expectedServiceModule(this.dir, service)
      : `${expectedServiceModule('<services>', service)} (pass --services DIR)`;
    throw new ServiceNotFound(`no implementation of service '${service}': create ${where} exporting handler`);
  }
}

/**
 * Runs a handler given in-process (tests, embedding) like the Lambda runtime: JSON in and out, a
 * context with the remaining time, and the deadline enforced on the real clock (service code runs in
 * real time even when the engine's clock is virtual). A handler that never yields cannot be stopped
 * here: service modules run in worker threads (ServicePool) for that.
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
  const context = lambdaContext({ ...options, deadline: Date.now() + options.timeoutMs });
  const payload = JSON.parse(JSON.stringify(event ?? null));
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const run = callHandler(handler, payload, context);
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
