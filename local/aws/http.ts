/** Small node:http helpers shared by the local AWS endpoints and the dev server. */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Largest body the local servers read (the Step Functions payload limit, with room for envelopes). */
const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLarge extends Error {
  override readonly name = 'BodyTooLarge';
}

/** A body this large is not even drained: the connection is dropped. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

/**
 * The request body as text; `BodyTooLarge` past `MAX_BODY_BYTES`, thrown once the rest has been
 * read and dropped, so that the client, still sending, receives the error response.
 */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_DRAIN_BYTES) break;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  if (size > MAX_BODY_BYTES) throw new BodyTooLarge(`request body exceeds ${MAX_BODY_BYTES} bytes`);
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  contentType = 'application/json',
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/**
 * Settings for a server whose clients are this process's own SDK clients: idle keep-alive
 * connections are never closed by the server. With a keep-alive timeout, a client that reuses a
 * connection at the moment the server closes it gets ECONNRESET (the SDK's agents keep idle sockets
 * without a timeout of their own), which failed requests under load; `closeServer` drops them.
 */
export function loopbackServer(server: Server): Server {
  server.keepAliveTimeout = 0;
  return server;
}

/** Listens on 127.0.0.1 (port 0 = any free port) and resolves with the bound port. */
export function listen(server: Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    // A backlog for bursts of connections (the default, 511, is below a thousand concurrent clients).
    server.listen(port, '127.0.0.1', 4096, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Closes a server, dropping keep-alive connections so that close does not wait for them. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
