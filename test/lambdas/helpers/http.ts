/** Build API Gateway HTTP API (payload v2.0) events for handler tests. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export interface RequestOptions {
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  claims?: Record<string, unknown>;
}

export function request(method: string, path: string, o: RequestOptions = {}): APIGatewayProxyEventV2 {
  const body = o.rawBody ?? (o.body === undefined ? undefined : JSON.stringify(o.body));
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: new URLSearchParams(o.query ?? {}).toString(),
    headers: { 'content-type': 'application/json', ...o.headers },
    queryStringParameters: o.query,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'example.com',
      domainPrefix: 'example',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'req',
      routeKey: '$default',
      stage: '$default',
      time: '25/Nov/2026:10:00:00 +0000',
      timeEpoch: 0,
      ...(o.claims && { authorizer: { jwt: { claims: o.claims, scopes: [] } } }),
    },
    body,
    isBase64Encoded: false,
  } as APIGatewayProxyEventV2;
}

export const parse = (res: { body: string }) => JSON.parse(res.body);
