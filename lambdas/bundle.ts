/**
 * Bundle each handler with esbuild: ESM, minified, platform node, target node20, with the AWS SDK
 * (the Lambda runtime provides it) and Powertools (the Powertools layer does) left external, as
 * infra/prebundle.ts bundles them for deployment. The bench and the bundle tests use this.
 */
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';

export const HANDLER_DIRS = [
  'task-register',
  'task-escalate',
  'task-api',
  'signal-register',
  'signal-deliver',
  'start',
  'run-record',
  'entity-store',
  'llm-intent',
  'schedule-catch-up',
] as const;
export type HandlerDir = (typeof HANDLER_DIRS)[number];

export const LAMBDAS_DIR = dirname(fileURLToPath(import.meta.url));

/**
 * A handler's entry module: `handler.ts` in a checkout, `handler.js` in the built package (dist/),
 * the extension of this very module telling which.
 */
export const handlerEntry = (handler: HandlerDir): string =>
  join(LAMBDAS_DIR, handler, `handler${extname(fileURLToPath(import.meta.url))}`);

/** Modules the Lambda runtime provides. */
export const EXTERNAL = ['@aws-sdk/*', '@smithy/*'];

/** Some bundled CommonJS dependencies call require(); this gives ESM output a working one. */
export const REQUIRE_BANNER =
  "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);";

export interface Bundle {
  handler: HandlerDir;
  /** The bundled module, `index.mjs` in `outdir`. */
  file: string;
  bytes: number;
  metafile: Metafile;
}

/** Also external when the functions use the Powertools for AWS Lambda (TypeScript) layer. */
export const POWERTOOLS_LAYER_EXTERNAL = ['@aws-lambda-powertools/*'];

/**
 * What the deployed handler functions do not bundle: the runtime's AWS SDK and Powertools, which
 * they get from the Powertools layer (infra/powertools-layer.ts).
 */
export const HANDLER_EXTERNAL = [...EXTERNAL, ...POWERTOOLS_LAYER_EXTERNAL];

export interface BundleOptions {
  /** @default all of HANDLER_DIRS */
  handlers?: readonly HandlerDir[];
  /**
   * Leave Powertools out of the bundle, as deployed (the function has the Powertools layer);
   * `false` bundles it too (a self-contained module).
   * @default true
   */
  powertoolsLayer?: boolean;
}

/**
 * Bundle handlers into `<outdir>/<handler>/index.mjs`; the Lambda handler setting is `index.handler`.
 */
export async function bundleHandlers(outdir: string, options: BundleOptions = {}): Promise<Bundle[]> {
  const handlers = options.handlers ?? HANDLER_DIRS;
  const external = (options.powertoolsLayer ?? true) ? HANDLER_EXTERNAL : EXTERNAL;
  return Promise.all(
    handlers.map(async (handler) => {
      const file = join(outdir, handler, 'index.mjs');
      const result = await build({
        entryPoints: [handlerEntry(handler)],
        outfile: file,
        bundle: true,
        minify: true,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        external,
        metafile: true,
        legalComments: 'none',
        logLevel: 'silent',
        banner: { js: REQUIRE_BANNER },
      });
      const output = Object.values(result.metafile.outputs)[0];
      return { handler, file, bytes: output?.bytes ?? 0, metafile: result.metafile };
    }),
  );
}
