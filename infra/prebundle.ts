/**
 * Bundles every handler and service module in one esbuild run in this process, before synth.
 * NodejsFunction starts esbuild once per function (34 processes for the example app, most of
 * `cdk synth`'s time on a small machine); this takes one in-process build per module instead.
 * The layout is what `DazzleProcesses` reads from `bundleDir`: `<dir>/<handler>/index.mjs` and
 * `<dir>/svc-<service>/index.mjs`, with `index.handler` as the Lambda handler.
 */
import { readdirSync } from 'node:fs';
import { join, parse } from 'node:path';
import { build } from 'esbuild';
import { EXTERNAL, HANDLER_DIRS, LAMBDAS_DIR } from '../lambdas/bundle.ts';

const BANNER = "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);";
const SERVICE_MODULE = /\.(ts|mts|js|mjs)$/;

/** Bundles the handlers and every module directly in `servicesDir` into `outdir`; returns outdir. */
export async function prebundle(outdir: string, servicesDir?: string): Promise<string> {
  const entries: Record<string, string> = {};
  for (const handler of HANDLER_DIRS) entries[handler] = join(LAMBDAS_DIR, handler, 'handler.ts');
  if (servicesDir) {
    for (const file of readdirSync(servicesDir, { withFileTypes: true })) {
      if (file.isFile() && SERVICE_MODULE.test(file.name) && !file.name.endsWith('.d.ts')) {
        entries[`svc-${parse(file.name).name}`] = join(servicesDir, file.name);
      }
    }
  }
  await Promise.all(
    Object.entries(entries).map(([name, entry]) =>
      build({
        entryPoints: [entry],
        outfile: join(outdir, name, 'index.mjs'),
        bundle: true,
        minify: true,
        sourcemap: true,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        external: EXTERNAL,
        mainFields: ['module', 'main'],
        legalComments: 'none',
        logLevel: 'warning',
        banner: { js: BANNER },
      }),
    ),
  );
  return outdir;
}
