/** Service modules: loading from a directory, Lambda-style invocation, timeouts, error names, reload. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { invokeHandler, ServiceDirectory } from '../../../local/functions/services.ts';

const dir = mkdtempSync(join(tmpdir(), 'dz-svc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const options = { functionName: 'service-x', functionArn: 'arn:x', timeoutMs: 200, requestId: 'r1' };

describe('ServiceDirectory', () => {
  it('loads <service>.mjs exporting handler, and reports a missing one as Lambda.ResourceNotFoundException', async () => {
    writeFileSync(join(dir, 'greet.mjs'), 'export const handler = async (e) => ({ hello: e.input.name });');
    const services = new ServiceDirectory(dir);
    expect(services.available()).toEqual(['greet']);
    const handler = await services.handler('greet');
    expect(await invokeHandler(handler, { input: { name: 'ada' } }, options)).toEqual({ hello: 'ada' });
    await expect(services.handler('absent')).rejects.toMatchObject({
      name: 'Lambda.ResourceNotFoundException',
    });
  });

  it('imports the changed module after reload()', async () => {
    const services = new ServiceDirectory(dir);
    writeFileSync(join(dir, 'ver.mjs'), 'export const handler = async () => 1;');
    expect(await invokeHandler(await services.handler('ver'), {}, options)).toBe(1);
    writeFileSync(join(dir, 'ver.mjs'), 'export const handler = async () => 2;');
    services.reload();
    expect(await invokeHandler(await services.handler('ver'), {}, options)).toBe(2);
  });
});

describe('invokeHandler', () => {
  it('keeps the name of a thrown error and enforces the timeout as States.Timeout', async () => {
    const fail = async () => {
      const e = new Error('declined');
      e.name = 'PaymentDeclined';
      throw e;
    };
    await expect(invokeHandler(fail, {}, options)).rejects.toMatchObject({
      name: 'PaymentDeclined',
      message: 'declined',
    });
    await expect(invokeHandler(() => new Promise(() => {}), {}, options)).rejects.toMatchObject({
      name: 'States.Timeout',
    });
  });

  it('passes JSON copies, a Lambda context, supports callbacks, and turns undefined into null', async () => {
    const event = { when: new Date(0) };
    const seen: unknown[] = [];
    const result = await invokeHandler(
      (e: unknown, ctx) => {
        seen.push(e, ctx.functionName, ctx.getRemainingTimeInMillis() > 0);
        return undefined;
      },
      event,
      options,
    );
    expect(result).toBeNull();
    expect(seen).toEqual([{ when: '1970-01-01T00:00:00.000Z' }, 'service-x', true]);
    const callback = (_e: unknown, _c: unknown, cb: (err: unknown, r: unknown) => void) =>
      cb(null, { via: 'callback' });
    expect(await invokeHandler(callback as never, {}, options)).toEqual({ via: 'callback' });
  });
});
