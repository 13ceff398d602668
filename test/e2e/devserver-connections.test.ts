/**
 * Under load, the handlers' SDK clients and the dev server's own clients reuse keep-alive
 * connections; a server that closes an idle connection at the moment a client reuses it makes that
 * request fail with ECONNRESET (what made starts fail under 1,000 concurrent clients). The dev
 * server, the local AWS endpoint and dynalite leave idle connections for their clients to close.
 */
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { collectInputs } from '../../host/files.ts';
import { compileForLocal } from '../../local/compile.ts';
import { DevServer } from '../../local/devserver/server.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
let server: DevServer;

beforeAll(async () => {
  server = new DevServer({
    compile: () => compileForLocal(collectInputs(['examples/dsl'], ROOT)),
    port: 0,
    schedules: false,
    out: () => {},
    err: () => {},
  });
  await server.start();
});
afterAll(() => server?.close());

/** One request on `agent`: the status and whether it went over a connection already used. */
function send(agent: Agent, url: string, body?: string): Promise<{ status: number; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, method: body === undefined ? 'GET' : 'POST' }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

it('keeps idle keep-alive connections open for the client to reuse (dev server, AWS endpoint, dynalite)', async () => {
  const targets = [
    `${server.url}/executions`,
    // Any answer will do: a request without a target is a 4xx, on the same connection.
    `${process.env.AWS_ENDPOINT_URL_SFN}/`,
    `${process.env.AWS_ENDPOINT_URL_DYNAMODB}/`,
  ];
  const agents = targets.map(() => new Agent({ keepAlive: true, maxSockets: 1 }));
  try {
    const first = await Promise.all(targets.map((url, i) => send(agents[i], url, '{}')));
    expect(first.map((r) => r.reused)).toEqual([false, false, false]);
    // Longer than Node's default keep-alive timeout (5 s) and the endpoint's former one (1 s).
    await new Promise((r) => setTimeout(r, 5_500));
    const again = await Promise.all(targets.map((url, i) => send(agents[i], url, '{}')));
    expect(again.map((r) => r.reused)).toEqual([true, true, true]);
  } finally {
    for (const a of agents) a.destroy();
  }
});
