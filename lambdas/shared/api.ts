/**
 * One implementation per handler, run by both its Lambda entry point and the local runtime: each
 * `lambdas/<name>/handler.ts` exports `buildDeps(env)`, `handle(event, deps)` and
 * `handler = lambdaEntry(handle, buildDeps, log)`. The local runtime (local/functions/handlers.ts)
 * calls the same `handle` with deps from the same `buildDeps`, so the two cannot parse an event
 * differently.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { AuthConfig } from './auth.ts';
import type { Env } from './env.ts';
import { errorResponse, type HttpResponse, type Route, router } from './http.ts';
import type { Log } from './logger.ts';
import { once } from './once.ts';

/** What every HTTP handler's deps carry besides its core's. */
export interface HttpDeps {
  auth: AuthConfig;
  log: Log;
}

export interface ApiContext<D> {
  deps: D;
  event: APIGatewayProxyEventV2;
}

export type Handle<E, D, R> = (event: E, deps: D) => Promise<R>;

/** An HTTP API handler: its routes, every error mapped by `errorResponse`. */
export function httpApi<D extends HttpDeps>(
  routes: Route<ApiContext<D>>[],
): Handle<APIGatewayProxyEventV2, D, HttpResponse> {
  const dispatch = router(routes);
  return async (event, deps) => {
    try {
      return await dispatch(event, { deps, event });
    } catch (err) {
      return errorResponse(err, deps.log);
    }
  };
}

/** An API Gateway HTTP API (payload v2.0) event, as opposed to an EventBridge or state machine one. */
export const isHttpEvent = (event: unknown): event is APIGatewayProxyEventV2 =>
  typeof event === 'object' &&
  event !== null &&
  typeof (event as { requestContext?: { http?: unknown } }).requestContext?.http === 'object';

/**
 * The Lambda entry point: deps from `process.env`, built on first use and kept for the life of the
 * environment. A configuration error answers an HTTP request with a JSON 500 (and fails any other
 * invocation, so its retry policy applies).
 */
export function lambdaEntry<E, D, R>(handle: Handle<E, D, R>, build: (env: Env) => D, log: Log) {
  const deps = once(() => build(process.env));
  return async (event: E): Promise<R> => {
    let built: D;
    try {
      built = deps();
    } catch (err) {
      // Only the HTTP handlers receive HTTP events, and their R is HttpResponse.
      if (isHttpEvent(event)) return errorResponse(err, log) as R;
      throw err;
    }
    return handle(event, built);
  };
}
