/**
 * API Gateway HTTP API (payload v2.0) plumbing: routing, JSON bodies, responses, and the one place
 * where errors become HTTP statuses (`errorResponse`).
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { BadRequestError, DazzleError, type ErrorCode, PayloadTooLargeError } from './errors.ts';
import { describeError, type Log } from './logger.ts';

/**
 * Largest request body accepted: what a body becomes (an execution input, a task output, a signal
 * payload) cannot pass Step Functions' 256 KiB ("Maximum input or output size for a task, state, or
 * execution", https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html).
 */
export const MAX_BODY_BYTES = 256 * 1024;

/**
 * Deepest JSON body accepted. DynamoDB stores nested attributes up to 32 levels deep ("Nested
 * attribute depth", https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html),
 * and form data is stored in the task item; deeper bodies would also overflow recursive code.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Longest id accepted in a path or as a correlation id, in UTF-8 bytes. Ids become parts of
 * DynamoDB keys (`TASK#<id>`, `RUN#<name>`, `SIGNAL#<name>#<correlation id>`), and DynamoDB caps a
 * partition key at 2048 bytes and a sort key at 1024 ("Partition keys and sort keys",
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html); 512 bytes
 * leaves room for the prefixes and for a name plus a correlation id in one key.
 */
export const MAX_ID_BYTES = 512;

const STATUS: { readonly [C in ErrorCode]: number } = {
  BadRequest: 400,
  PayloadTooLarge: 413,
  InvalidField: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  Conflict: 409,
  Gone: 410,
  Upstream: 502,
  Config: 500,
  InvalidEvent: 400,
  LlmInvalidJson: 502,
  LlmTemplate: 500,
};

export type HttpResponse = APIGatewayProxyStructuredResultV2 & { statusCode: number; body: string };

export function json(statusCode: number, body: unknown): HttpResponse {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** `{"error": {"code", "message", field?}}` with the code's status; unexpected errors are 500s. */
export function errorResponse(err: unknown, log: Log): HttpResponse {
  if (err instanceof DazzleError) {
    const status = STATUS[err.code];
    if (status >= 500) log.error('request failed', { code: err.code, message: err.message });
    const field = typeof err.context.field === 'string' ? { field: err.context.field } : {};
    return json(status, { error: { code: err.code, message: err.message, ...field } });
  }
  log.error('unexpected error', { error: describeError(err) });
  return json(500, { error: { code: 'Internal', message: 'internal error' } });
}

/**
 * The request body: at most 256 KiB (else 413), valid JSON nested at most `MAX_JSON_DEPTH` deep,
 * an object (an empty body is `{}`).
 */
export function jsonBody(
  event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>,
): Record<string, unknown> {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > MAX_BODY_BYTES)
    throw new PayloadTooLargeError(`request body is ${bytes.length} bytes; the limit is ${MAX_BODY_BYTES}`);
  const text = bytes.toString('utf8');
  if (text.trim() === '') return {};
  if (jsonDepth(text) > MAX_JSON_DEPTH)
    throw new BadRequestError(`request body is nested deeper than ${MAX_JSON_DEPTH} levels`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new BadRequestError('request body is not valid JSON', { cause: err });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new BadRequestError('request body must be a JSON object');
  return value as Record<string, unknown>;
}

/**
 * How deeply the arrays and objects of JSON `text` nest, counted on the text (no recursion, so any
 * depth is measured safely before parsing).
 */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/** 400 for a body field outside `allowed` (DESIGN.md §6: unknown body fields are errors). */
export function onlyFields(body: Record<string, unknown>, allowed: readonly string[]): void {
  const unknown = Object.keys(body).find((k) => !allowed.includes(k));
  if (unknown !== undefined)
    throw new BadRequestError(
      `unknown body field '${unknown.slice(0, 64)}'; expected {${allowed.join(', ')}}`,
    );
}

/** 400 unless `id` fits in `MAX_ID_BYTES` (so it fits in a DynamoDB key). */
export function checkIdLength(what: string, id: string): string {
  const bytes = Buffer.byteLength(id, 'utf8');
  if (bytes > MAX_ID_BYTES)
    throw new BadRequestError(`${what} is ${bytes} bytes long; the limit is ${MAX_ID_BYTES}`);
  return id;
}

/** Header lookup, case-insensitive. */
export function header(event: Pick<APIGatewayProxyEventV2, 'headers'>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(event.headers ?? {})) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

export interface Route<C> {
  method: string;
  /** e.g. `/tasks/{id}/complete` */
  path: string;
  run: (params: Record<string, string>, ctx: C) => Promise<HttpResponse>;
}

function compile(path: string): RegExp {
  const source = path
    .split('/')
    .map((seg) =>
      /^\{\w+\}$/.test(seg) ? `(?<${seg.slice(1, -1)}>[^/]+)` : seg.replace(/[.*+?^$()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${source}/?$`);
}

function decoded(name: string, segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch (err) {
    throw new BadRequestError(`path parameter ${name} is not valid percent-encoding`, { cause: err });
  }
}

/** Dispatch on method + path (`rawPath`, so it works behind `$default` and the dev server). */
export function router<C>(routes: Route<C>[]) {
  const compiled = routes.map((r) => ({ ...r, re: compile(r.path) }));
  return async (event: Pick<APIGatewayProxyEventV2, 'rawPath' | 'requestContext'>, ctx: C) => {
    const method = event.requestContext.http.method.toUpperCase();
    const path = event.rawPath;
    const matches = compiled.filter((r) => r.re.test(path));
    if (matches.length === 0) return json(404, { error: { code: 'NotFound', message: `no route ${path}` } });
    const route = matches.find((r) => r.method === method);
    if (!route)
      return json(405, { error: { code: 'MethodNotAllowed', message: `${method} ${path} is not allowed` } });
    const groups = route.re.exec(path)?.groups ?? {};
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(groups))
      params[k] = checkIdLength(`path parameter ${k}`, decoded(k, v));
    return route.run(params, ctx);
  };
}
