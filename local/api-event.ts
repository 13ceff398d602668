/** API Gateway HTTP API (payload v2.0) events, as the dev server and scripted answers build them. */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export interface HttpRequestLike {
  method: string;
  /** Path and query string, e.g. `/tasks?status=open`. */
  url: string;
  headers: Record<string, string | undefined>;
  body?: string;
}

export function apiGatewayEvent(req: HttpRequestLike, now: Date = new Date()): APIGatewayProxyEventV2 {
  const url = new URL(req.url, 'http://127.0.0.1');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = v;
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
  const method = req.method.toUpperCase();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    headers,
    ...(Object.keys(query).length > 0 && { queryStringParameters: query }),
    requestContext: {
      accountId: '123456789012',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method,
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(req.body !== undefined && req.body !== '' && { body: req.body }),
    isBase64Encoded: false,
  };
}

/** The dev-auth headers of a caller. */
export const devCaller = (user: string, roles: readonly string[]) => ({
  'x-dev-user': user,
  'x-dev-roles': roles.join(','),
});
