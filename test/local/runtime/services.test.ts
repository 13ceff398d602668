/** Service modules: resolving them in a directory; in-process handlers: Lambda-style invocation, timeouts, error names. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveServiceModule } from '../../../lambdas/service-module.ts';
import { ServicePool } from '../../../local/functions/service-pool.ts';
import { invokeHandler, ServiceDirectory } from '../../../local/functions/services.ts';

const dir = mkdtempSync(join(tmpdir(), 'dz-svc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const options = { functionName: 'service-x', functionArn: 'arn:x', timeoutMs: 200, requestId: 'r1' };

describe('ServiceDirectory', () => {
  it('resolves <service>.{ts,js,mjs}, and reports a missing one as Lambda.ResourceNotFoundException', () => {
    writeFileSync(join(dir, 'greet.mjs'), 'export const handler = async (e) => ({ hello: e.input.name });');
    const services = new ServiceDirectory(dir);
    expect(services.available()).toEqual(['greet']);
    expect(services.require('greet')).toBe(join(dir, 'greet.mjs'));
    expect(() => services.require('absent')).toThrow(
      expect.objectContaining({ name: 'Lambda.ResourceNotFoundException' }),
    );
  });
});

describe('dotted service names (lambdas/service-module.ts, shared with infra)', () => {
  const FIXTURES = join(import.meta.dirname, '../../fixtures/names');

  it('finds Fulfillment.ship.ts, Reporting/daily_summary.ts, and keeps Fulfillment_ship apart', async () => {
    const services = new ServiceDirectory(join(FIXTURES, 'services'));
    const pool = new ServicePool({ maxWorkers: 1 });
    const run = (name: string) =>
      pool.invoke({ ...options, timeoutMs: 30_000, file: services.require(name), event: { process: 'p' } });
    try {
      expect(await run('Fulfillment.ship')).toEqual({ shipped: 'dotted' });
      expect(await run('Fulfillment_ship')).toEqual({ shipped: 'underscored' });
      expect(await run('Reporting.daily_summary')).toEqual({ report: 'summary by p' });
    } finally {
      await pool.close();
    }
    expect(resolveServiceModule(join(FIXTURES, 'services'), 'Reporting.daily_summary')).toBe(
      join(FIXTURES, 'services', 'Reporting', 'daily_summary.ts'),
    );
  });

  it('refuses a service with both forms, and says where a missing one goes', () => {
    const services = new ServiceDirectory(join(FIXTURES, 'ambiguous'));
    expect(() => services.require('Reporting.daily_summary')).toThrow(
      expect.objectContaining({
        name: 'Lambda.ResourceNotFoundException',
        message: expect.stringMatching(
          /has two modules, .*Reporting\.daily_summary\.ts and .*Reporting\/daily_summary\.ts; keep one/,
        ),
      }),
    );
    expect(() => services.require('Billing.charge')).toThrow(
      /Billing\.charge\.ts \(or .*Billing\/charge\.ts\) exporting handler/,
    );
    // No way out of the directory through a name.
    expect(
      resolveServiceModule(join(FIXTURES, 'services'), '../names/services/generate_report'),
    ).toBeUndefined();
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
