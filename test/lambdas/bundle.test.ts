import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { prebundle } from '../../infra/prebundle.ts';
import { bundleHandlers, HANDLER_DIRS } from '../../lambdas/bundle.ts';

// Inside the repository's node_modules, so the external AWS SDK resolves when a bundle is imported.
const outdir = join(import.meta.dirname, '../../node_modules/.cache/dazzle-sfn-test-bundles');
afterAll(() => rm(outdir, { recursive: true, force: true }));

describe('bundleHandlers', () => {
  it('keeps every handler bundle, as deployed (AWS SDK and Powertools external), within 50 KB', async () => {
    const bundles = await bundleHandlers(join(outdir, 'deployed'));
    for (const b of bundles) {
      expect(b.bytes, b.handler).toBeLessThanOrEqual(50 * 1024);
      expect(Object.keys(b.metafile.inputs).filter((i) => i.includes('@aws-lambda-powertools/'))).toEqual([]);
    }
    // The deployment bundles (infra/prebundle.ts) leave the same modules out.
    const dir = await prebundle(join(outdir, 'prebundled'));
    for (const b of bundles) {
      const text = readFileSync(join(dir, b.handler, 'index.mjs'), 'utf8');
      expect(Buffer.byteLength(text), b.handler).toBeLessThanOrEqual(50 * 1024);
      if (text.includes('aws-lambda-powertools'))
        expect(text).toMatch(/from"@aws-lambda-powertools\/logger"/);
    }
  });

  it('bundles every handler to one ESM file that exports handler, with the AWS SDK and Powertools external', async () => {
    const bundles = await bundleHandlers(outdir);
    expect(bundles.map((b) => b.handler)).toEqual([...HANDLER_DIRS]);
    for (const b of bundles) {
      const inputs = Object.keys(b.metafile.inputs);
      expect(inputs.some((i) => i.includes('node_modules/@aws-sdk/'))).toBe(false);
      expect(inputs.some((i) => i.includes('node_modules/@aws-lambda-powertools/'))).toBe(false);
      expect(inputs.some((i) => i.includes(`lambdas/${b.handler}/handler.ts`))).toBe(true);
      const mod = (await import(pathToFileURL(b.file).href)) as { handler?: unknown };
      expect(typeof mod.handler, b.handler).toBe('function');
    }
  });
});
