/**
 * Bundles every handler and service module in one esbuild run in this process, before synth.
 * NodejsFunction starts esbuild once per function (34 processes for the example app, most of
 * `cdk synth`'s time on a small machine); this takes one in-process build per module instead.
 * The layout is what `DazzleProcesses` reads from `bundleDir`: `<dir>/<handler>/index.mjs` and
 * `<dir>/svc-<service token>/index.mjs` (infra/names.ts `serviceFunctionId`), with `index.handler`
 * as the Lambda handler.
 */
import { join } from 'node:path';
import { build, type Message } from 'esbuild';
import { EXTERNAL, HANDLER_DIRS, HANDLER_EXTERNAL, handlerEntry } from '../lambdas/bundle.ts';
import { resolveServiceModule } from '../lambdas/service-module.ts';
import { serviceFunctionId } from './names.ts';

/** `file:line:column: error: text`, like a compiler diagnostic (esbuild's column is 0-based). */
function located(m: Message, severity: 'error' | 'warning'): string {
  const at = m.location ? `${m.location.file}:${m.location.line}:${m.location.column + 1}: ` : '';
  return `${at}${severity}: ${m.text}`;
}

const BANNER = "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);";
/**
 * Bundles the handlers and the modules of `services` (found in `servicesDir` as
 * lambdas/service-module.ts says: `Fulfillment.ship.ts` or `Fulfillment/ship.ts`) into `outdir`;
 * returns outdir. A service without a module is left out (the construct then says which file to add).
 */
export async function prebundle(
  outdir: string,
  servicesDir?: string,
  services: readonly string[] = [],
): Promise<string> {
  // Handlers get Powertools from the Powertools layer; service modules bundle what they import.
  const entries: Record<string, { entry: string; external: string[] }> = {};
  for (const handler of HANDLER_DIRS)
    entries[handler] = { entry: handlerEntry(handler), external: HANDLER_EXTERNAL };
  if (servicesDir) {
    for (const service of services) {
      const file = resolveServiceModule(servicesDir, service);
      if (file) entries[serviceFunctionId(service)] = { entry: file, external: EXTERNAL };
    }
  }
  await Promise.all(
    Object.entries(entries).map(([name, { entry, external }]) =>
      build({
        entryPoints: [entry],
        outfile: join(outdir, name, 'index.mjs'),
        bundle: true,
        minify: true,
        sourcemap: true,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        external,
        mainFields: ['module', 'main'],
        legalComments: 'none',
        // Messages are ours to print: one located line each, no code frame (infra/app.ts).
        logLevel: 'silent',
        banner: { js: BANNER },
      }).then(
        (result) => {
          for (const m of result.warnings) console.warn(`dazzle-sfn synth: ${located(m, 'warning')}`);
        },
        (error: unknown) => {
          const errors = (error as { errors?: Message[] }).errors;
          throw errors?.length ? new Error(errors.map((m) => located(m, 'error')).join('\n')) : error;
        },
      ),
    ),
  );
  return outdir;
}
