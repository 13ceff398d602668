import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleHandlers, HANDLER_DIRS } from '../../lambdas/bundle.ts';

// Inside the repository's node_modules, so the external AWS SDK resolves when a bundle is imported.
const outdir = join(import.meta.dirname, '../../node_modules/.cache/dazzle-sfn-test-bundles');
afterAll(() => rm(outdir, { recursive: true, force: true }));

describe('bundleHandlers', () => {
  it('bundles every handler to one ESM file that exports handler, with the AWS SDK external', async () => {
    const bundles = await bundleHandlers(outdir);
    expect(bundles.map((b) => b.handler)).toEqual([...HANDLER_DIRS]);
    for (const b of bundles) {
      const inputs = Object.keys(b.metafile.inputs);
      expect(inputs.some((i) => i.includes('node_modules/@aws-sdk/'))).toBe(false);
      expect(inputs.some((i) => i.includes(`lambdas/${b.handler}/handler.ts`))).toBe(true);
      const mod = (await import(pathToFileURL(b.file).href)) as { handler?: unknown };
      expect(typeof mod.handler, b.handler).toBe('function');
    }
  });
});
