/**
 * Who is calling: the user id(s) and roles, from the JWT authorizer's claims (API Gateway HTTP API),
 * an IAM-signed principal (a route with the IAM authorizer), or, in dev-auth mode (the local dev
 * server only, never inside Lambda), from `X-Dev-User` / `X-Dev-Roles`.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ENV, type Env, flag, optional } from './env.ts';
import { UnauthorizedError } from './errors.ts';
import { header } from './http.ts';

export interface Caller {
  /** The id recorded as `completed_by` and as an execution's starter: `sub`, else the username. */
  user: string;
  /** Every id the caller may be assigned by (sub, username, and a verified email). */
  ids: string[];
  roles: string[];
  /** An IAM-signed request (SigV4 through the IAM authorizer); `user` is the principal's ARN. */
  iam?: true;
}

export interface AuthConfig {
  rolesClaim: string;
  devAuth: boolean;
}

type Claims = Record<string, unknown>;

/**
 * Inside a Lambda function: the runtime sets `AWS_LAMBDA_FUNCTION_NAME` ("Defined runtime
 * environment variables", https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime).
 */
export function insideLambda(env: Env = process.env): boolean {
  return (env.AWS_LAMBDA_FUNCTION_NAME ?? '') !== '';
}

/**
 * The auth settings from the environment. The dev headers are a stand-in for a token on the local
 * dev server only: inside Lambda they are refused whatever `DAZZLE_DEV_AUTH` says, so a deployed
 * API can never be entered by naming a user in a header.
 */
export function authConfig(env: Env): AuthConfig {
  return {
    rolesClaim: optional(env, ENV.rolesClaim, 'cognito:groups'),
    devAuth: flag(env, ENV.devAuth) && !insideLambda(env),
  };
}

/** Roles claim as an array, or API Gateway's flattened string forms `[a b]`, `a,b`, `a b`. */
export function parseRoles(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v !== '');
  if (typeof value !== 'string') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .map((s) => s.trim().replace(/^"|"$/g, ''))
    .filter((s) => s !== '');
}

interface Authorizer {
  jwt?: { claims?: Claims };
  iam?: { userArn?: unknown };
}

const authorizerOf = (event: APIGatewayProxyEventV2) =>
  (event.requestContext as { authorizer?: Authorizer }).authorizer;

/** A claim that is `true`; API Gateway may pass claims flattened to strings (`"true"`). */
const isTrue = (value: unknown) => value === true || value === 'true';

export function callerOf(event: APIGatewayProxyEventV2, config: AuthConfig): Caller {
  // Checked again per request: a config built by hand must not open the dev headers in Lambda either.
  if (config.devAuth && !insideLambda()) {
    const user = header(event, 'x-dev-user');
    if (user) return { user, ids: [user], roles: parseRoles(header(event, 'x-dev-roles') ?? '') };
  }
  const authorizer = authorizerOf(event);
  const iamArn = authorizer?.iam?.userArn;
  if (typeof iamArn === 'string' && iamArn !== '')
    return { user: iamArn, ids: [iamArn], roles: [], iam: true };
  const claims = authorizer?.jwt?.claims;
  if (!claims) throw new UnauthorizedError('no JWT claims on the request');
  const ids = ['sub', 'cognito:username', 'username']
    .map((k) => claims[k])
    .filter((v): v is string => typeof v === 'string' && v !== '');
  if (ids.length === 0) throw new UnauthorizedError('the JWT has no sub or username claim');
  // An email names the caller only once its owner has proven it (OIDC `email_verified`): anyone can
  // put another person's address on an account of their own.
  if (typeof claims.email === 'string' && claims.email !== '' && isTrue(claims.email_verified))
    ids.push(claims.email);
  return { user: ids[0], ids: [...new Set(ids)], roles: parseRoles(claims[config.rolesClaim]) };
}
