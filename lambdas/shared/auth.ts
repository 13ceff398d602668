/**
 * Who is calling: the user id(s) and roles, from the JWT authorizer's claims (API Gateway HTTP API)
 * or, in dev-auth mode (local dev server only), from `X-Dev-User` / `X-Dev-Roles`.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { UnauthorizedError } from './errors.ts';
import { header } from './http.ts';

export interface Caller {
  /** The id recorded as `completed_by`: `sub`, else the username. */
  user: string;
  /** Every id the caller may be assigned by (sub, username, email). */
  ids: string[];
  roles: string[];
}

export interface AuthConfig {
  rolesClaim: string;
  devAuth: boolean;
}

type Claims = Record<string, unknown>;

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

function claimsOf(event: APIGatewayProxyEventV2): Claims | undefined {
  const ctx = event.requestContext as { authorizer?: { jwt?: { claims?: Claims } } };
  return ctx.authorizer?.jwt?.claims;
}

export function callerOf(event: APIGatewayProxyEventV2, config: AuthConfig): Caller {
  if (config.devAuth) {
    const user = header(event, 'x-dev-user');
    if (user) return { user, ids: [user], roles: parseRoles(header(event, 'x-dev-roles') ?? '') };
  }
  const claims = claimsOf(event);
  if (!claims) throw new UnauthorizedError('no JWT claims on the request');
  const ids = ['sub', 'cognito:username', 'username', 'email']
    .map((k) => claims[k])
    .filter((v): v is string => typeof v === 'string' && v !== '');
  if (ids.length === 0) throw new UnauthorizedError('the JWT has no sub or username claim');
  return { user: ids[0], ids: [...new Set(ids)], roles: parseRoles(claims[config.rolesClaim]) };
}
