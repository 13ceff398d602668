/**
 * An SDK request handler that serves each request in-process: the request goes, as an
 * `IncomingMessage`-like stream, to the request listener of the local endpoint it is addressed to
 * (ours or dynalite's), and the response that listener writes comes back to the SDK. The SDK still
 * serializes, signs and parses every call as it does over HTTP; only the loopback socket, and its
 * connection and parser per call, are left out. The endpoints keep listening for other clients.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { SdkRequestHandler } from '../../lambdas/shared/adapters/client-config.ts';

interface SdkRequest {
  method: string;
  hostname: string;
  port?: number;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

interface SdkResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** The part of `ServerResponse` the local endpoints and dynalite write to. */
class CapturedResponse {
  statusCode = 200;
  headersSent = false;
  /** dynalite keeps the negotiated content type here. */
  contentType?: string;
  private readonly headers: Record<string, string> = {};

  constructor(private readonly done: (response: SdkResponse) => void) {}

  setHeader(name: string, value: string | number): this {
    this.headers[name.toLowerCase()] = String(value);
    return this;
  }

  getHeader(name: string): string | undefined {
    return this.headers[name.toLowerCase()];
  }

  writeHead(status: number, headers: Record<string, string | number> = {}): this {
    this.statusCode = status;
    for (const [k, v] of Object.entries(headers)) this.setHeader(k, v);
    this.headersSent = true;
    return this;
  }

  end(body?: string | Uint8Array): this {
    this.headersSent = true;
    const bytes = body === undefined ? new Uint8Array() : typeof body === 'string' ? Buffer.from(body) : body;
    this.done({ statusCode: this.statusCode, headers: this.headers, body: bytes });
    return this;
  }
}

function queryString(query: SdkRequest['query']): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === null) parts.push(encodeURIComponent(k));
    else
      for (const one of Array.isArray(v) ? v : [v])
        parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(one)}`);
  }
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

function bodyBytes(body: unknown): Buffer {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new Error('the in-process transport takes string or byte bodies only');
}

export class InProcessTransport {
  readonly metadata = { handlerProtocol: 'http/1.1' };
  /** `host:port` of an endpoint → its request listener. */
  private readonly listeners = new Map<string, RequestListener>();
  /** Requests being served: `close` waits for them before the endpoints go. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;

  /** Serves requests for `endpoint` (`http://127.0.0.1:PORT`) with `listener`. */
  route(endpoint: string, listener: RequestListener): void {
    this.listeners.set(new URL(endpoint).host, listener);
  }

  async handle(request: SdkRequest): Promise<{ response: SdkResponse }> {
    const host = request.port === undefined ? request.hostname : `${request.hostname}:${request.port}`;
    const listener = this.listeners.get(host);
    if (!listener) throw new Error(`no local endpoint serves ${host}`);
    if (this.closed) throw Object.assign(new Error(`connect ECONNREFUSED ${host}`), { code: 'ECONNREFUSED' });
    const served = this.serve(listener, request);
    this.inFlight.add(served);
    try {
      return { response: await served };
    } finally {
      this.inFlight.delete(served);
    }
  }

  /**
   * Takes no more requests (they fail as a closed port does) and resolves once those being served
   * have their response, so that the endpoints behind can close under no request (dynalite throws
   * from inside when its store closes under one). Waits `ms` at most.
   */
  async close(ms = 5000): Promise<void> {
    this.closed = true;
    const deadline = Date.now() + ms;
    while (this.inFlight.size > 0 && Date.now() < deadline)
      await Promise.race([
        Promise.allSettled([...this.inFlight]),
        new Promise((r) => setTimeout(r, deadline - Date.now()).unref()),
      ]);
  }

  private serve(listener: RequestListener, request: SdkRequest): Promise<SdkResponse> {
    const req = new Readable({ read() {} }) as Readable & Partial<IncomingMessage>;
    req.method = request.method;
    req.url = `${request.path}${queryString(request.query)}`;
    req.headers = {};
    for (const [k, v] of Object.entries(request.headers)) req.headers[k.toLowerCase()] = v;
    req.push(bodyBytes(request.body));
    req.push(null);
    return new Promise<SdkResponse>((resolve, reject) => {
      const res = new CapturedResponse(resolve);
      try {
        listener(req as IncomingMessage, res as unknown as ServerResponse);
      } catch (error) {
        reject(error);
      }
    });
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  destroy(): void {}

  /** As the SDK clients take it. */
  asRequestHandler(): SdkRequestHandler {
    return this as unknown as SdkRequestHandler;
  }
}
