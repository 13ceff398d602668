/**
 * Bundle each handler with esbuild: ESM, minified, platform node, target node20, with the AWS SDK
 * left external (the Lambda Node.js 20 runtime provides it). Infra and the bench use this.
 */
import { dirname, join } from 'node:path';
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

/** Modules the Lambda runtime provides. */
export const EXTERNAL = ['@aws-sdk/*', '@smithy/*'];

export interface Bundle {
  handler: HandlerDir;
  /** The bundled module, `index.mjs` in `outdir`. */
  file: string;
  bytes: number;
  metafile: Metafile;
}

/** Also external when the functions use the Powertools for AWS Lambda (TypeScript) layer. */
export const POWERTOOLS_LAYER_EXTERNAL = ['@aws-lambda-powertools/*'];

export interface BundleOptions {
  /** @default all of HANDLER_DIRS */
  handlers?: readonly HandlerDir[];
  /** Leave Powertools out of the bundle (the function must then have the Powertools layer). @default false */
  powertoolsLayer?: boolean;
}

/**
 * Bundle handlers into `<outdir>/<handler>/index.mjs`; the Lambda handler setting is `index.handler`.
 */
export async function bundleHandlers(outdir: string, options: BundleOptions = {}): Promise<Bundle[]> {
  const handlers = options.handlers ?? HANDLER_DIRS;
  const external = options.powertoolsLayer ? [...EXTERNAL, ...POWERTOOLS_LAYER_EXTERNAL] : EXTERNAL;
  return Promise.all(
    handlers.map(async (handler) => {
      const file = join(outdir, handler, 'index.mjs');
      const result = await build({
        entryPoints: [join(LAMBDAS_DIR, handler, 'handler.ts')],
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
        // Some bundled CommonJS dependencies call require(); give ESM output a working one.
        banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
      });
      const output = Object.values(result.metafile.outputs)[0];
      return { handler, file, bytes: output?.bytes ?? 0, metafile: result.metafile };
    }),
  );
}
