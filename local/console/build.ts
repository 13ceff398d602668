/**
 * The console's web app is built on demand: nothing built is committed. The first request for the
 * page (or `ensureConsoleBuilt()` at startup) builds `web/` with Vite's build API into `dist/` when
 * `dist/` is missing or was built from other sources (a hash of `web/` recorded beside it). A build
 * takes a couple of seconds; later starts reuse `dist/`. Vite is a devDependency: an install
 * without it serves a `dist/` built before (e.g. by `npm pack` of a clone), or explains what is missing.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const WEB_DIR = join(HERE, 'web');
export const DIST_DIR = join(HERE, 'dist');
/** Where the built page is served from (Vite's `base`). */
export const ASSET_BASE = '/console/';
const STAMP = '.source-hash';

export class ConsoleBuildError extends Error {
  override readonly name = 'ConsoleBuildError';
}

/** A hash of every file under `web/` (names and contents), so any edit triggers a rebuild. */
export function sourceHash(dir = WEB_DIR): string {
  const hash = createHash('sha256');
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(`${path.slice(dir.length)}\0`).update(readFileSync(path));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

export function isBuilt(dist = DIST_DIR): boolean {
  const stamp = join(dist, STAMP);
  if (!existsSync(join(dist, 'index.html')) || !existsSync(stamp)) return false;
  // An installed package without web/ sources serves what it has.
  if (!existsSync(join(WEB_DIR, 'index.html'))) return true;
  return readFileSync(stamp, 'utf8').trim() === sourceHash();
}

let building: Promise<void> | undefined;

/** Builds `dist/` unless it is up to date; concurrent callers share one build. */
export function ensureConsoleBuilt(log: (line: string) => void = () => {}): Promise<void> {
  if (isBuilt()) return Promise.resolve();
  building ??= buildConsole(log).finally(() => {
    building = undefined;
  });
  return building;
}

async function buildConsole(log: (line: string) => void): Promise<void> {
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch (error) {
    throw new ConsoleBuildError(
      `the dev console is not built and Vite is not installed (${String(error)}); run \`npm install\` in the dazzle-sfn checkout`,
    );
  }
  const started = Date.now();
  const hash = sourceHash();
  // Build beside dist/ and swap it in, so a server never serves a half-written dist/.
  const tmp = join(HERE, `.tmp-build-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  await vite.build({
    configFile: false,
    root: WEB_DIR,
    base: ASSET_BASE,
    logLevel: 'warn',
    build: { outDir: tmp, emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
  });
  writeFileSync(join(tmp, STAMP), `${hash}\n`);
  // Another process (a second server, a parallel test) may have finished the same build first.
  if (isBuilt()) {
    rmSync(tmp, { recursive: true, force: true });
    return;
  }
  rmSync(DIST_DIR, { recursive: true, force: true });
  try {
    renameSync(tmp, DIST_DIR);
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    if (!isBuilt()) throw error;
  }
  log(`built the dev console with Vite in ${Date.now() - started} ms`);
}
