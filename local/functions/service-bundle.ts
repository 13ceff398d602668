/**
 * Service modules are bundled with esbuild the way `cdk deploy` bundles them (ESM, node20, the AWS
 * SDK left to the runtime: lambdas/bundle.ts), so that the worker threads load plain JavaScript:
 * no TypeScript loader per worker (it cost seconds per cold start), `.ts` and `.mjs` alike, and an
 * edited module — or any file it imports — is picked up by bundling again (`reload()`).
 * The modules left external are resolved from the service's own location and imported by absolute
 * URL, since the bundles live in a temporary directory.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type BuildFailure, build, type Plugin } from 'esbuild';
import { EXTERNAL, REQUIRE_BANNER } from '../../lambdas/bundle.ts';

/** `@aws-sdk/*` → /^@aws-sdk\//: the packages the Lambda runtime provides. */
const PROVIDED = new RegExp(
  `^(${EXTERNAL.map((e) => e.replace('/*', '').replace('/', '\\/')).join('|')})\\/`,
);
const RESOLVING = Symbol('resolving');

/** Leaves the runtime-provided packages out of the bundle, imported from where Node would find them. */
const providedByRuntime: Plugin = {
  name: 'provided-by-runtime',
  setup(b) {
    b.onResolve({ filter: PROVIDED }, async (args) => {
      if (args.pluginData === RESOLVING) return undefined;
      const found = await b.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        pluginData: RESOLVING,
      });
      if (found.errors.length > 0) return { errors: found.errors };
      return { path: pathToFileURL(found.path).href, external: true };
    });
  },
};

export class ServiceBundles {
  private dir?: string;
  private readonly cache = new Map<string, Promise<string>>();
  private worker?: Promise<string>;
  private count = 0;

  /** The bundled module of `file` (a path to import), bundling it once per reload. */
  module(file: string): Promise<string> {
    let bundled = this.cache.get(file);
    if (!bundled) {
      bundled = this.bundle(file);
      // A module that did not bundle is bundled again next time (it may have been fixed meanwhile).
      bundled.catch(() => this.cache.delete(file));
      this.cache.set(file, bundled);
    }
    return bundled;
  }

  /**
   * The worker thread's entry, bundled once: service-worker.ts, or the .js it is built to in the
   * package (its extension is this module's), so that no TypeScript loader is needed in either.
   */
  workerEntry(): Promise<string> {
    const self = fileURLToPath(import.meta.url);
    this.worker ??= this.bundle(join(dirname(self), `service-worker${extname(self)}`));
    return this.worker;
  }

  /** Bundle the modules again on their next use (the old bundles stay for running containers). */
  reload(): void {
    this.cache.clear();
  }

  close(): void {
    this.cache.clear();
    this.worker = undefined;
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }

  private async bundle(file: string): Promise<string> {
    let code: string;
    try {
      const result = await build({
        entryPoints: [file],
        bundle: true,
        write: false,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        mainFields: ['module', 'main'],
        sourcemap: 'inline',
        legalComments: 'none',
        logLevel: 'silent',
        banner: { js: REQUIRE_BANNER },
        plugins: [providedByRuntime],
      });
      code = result.outputFiles[0].text;
    } catch (error) {
      throw bundleError(error as BuildFailure);
    }
    this.dir ??= mkdtempSync(join(tmpdir(), 'dazzle-services-'));
    const out = join(this.dir, `${basename(file).replace(/\.[^.]+$/, '')}.${++this.count}.mjs`);
    writeFileSync(out, code);
    return out;
  }
}

/**
 * A module that does not bundle fails its invocations as one that does not load fails on Lambda:
 * `Runtime.ImportModuleError` for an import that cannot be found, `Runtime.UserCodeSyntaxError` for
 * the rest (the Lambda runtime's error classes: aws-lambda-nodejs-runtime-interface-client,
 * src/Errors/index.ts).
 */
function bundleError(failure: BuildFailure): Error {
  const first = failure.errors?.[0];
  if (!first) return failure;
  const where = first.location
    ? `${relative(process.cwd(), first.location.file)}:${first.location.line}:${first.location.column + 1}: `
    : '';
  const error = new Error(`${where}${first.text}`);
  error.name = /^Could not resolve/.test(first.text)
    ? 'Runtime.ImportModuleError'
    : 'Runtime.UserCodeSyntaxError';
  return error;
}
