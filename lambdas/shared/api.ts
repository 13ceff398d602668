/**
 * One HTTP API Lambda: its routes over deps built once, every error mapped by `errorResponse`.
 * Each API handler exports `serve(event, {deps, auth})` (the dev server and tests call it with
 * their own deps) and `handler` (the deployed entry point, deps from the environment).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { AuthConfig } from './auth.ts';
import { ENV, type Env, flag, optional } from './env.ts';
import { errorResponse, type HttpResponse, type Route, router } from './http.ts';
import type { Log } from './logger.ts';
import { once } from './once.ts';

export interface ApiContext<D> {
  deps: D;
  auth: AuthConfig;
  event: APIGatewayProxyEventV2;
}

export type Serve<D> = (
  event: APIGatewayProxyEventV2,
  ctx: Omit<ApiContext<D>, 'event'>,
) => Promise<HttpResponse>;

export function authConfig(env: Env): AuthConfig {
  return { rolesClaim: optional(env, ENV.rolesClaim, 'cognito:groups'), devAuth: flag(env, ENV.devAuth) };
}

export function httpApi<D extends { log: Log }>(routes: Route<ApiContext<D>>[]): Serve<D> {
  const dispatch = router(routes);
  return async (event, ctx) => {
    try {
      return await dispatch(event, { ...ctx, event });
    } catch (err) {
      return errorResponse(err, ctx.deps.log);
    }
  };
}

/** The Lambda entry point for HTTP events; `built` gives the deps (build them once: `once`). */
export function apiHandler<D extends { log: Log }>(
  serve: Serve<D>,
  built: () => Omit<ApiContext<D>, 'event'>,
  log: Log,
) {
  return async (event: APIGatewayProxyEventV2): Promise<HttpResponse> => {
    try {
      return await serve(event, built());
    } catch (err) {
      return errorResponse(err, log);
    }
  };
}

/** Deps from `process.env`, built on first use and kept for the life of the environment. */
export const fromProcessEnv = <T>(build: (env: Env) => T) => once(() => build(process.env));
