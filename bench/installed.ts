/**
 * The package as `npm install dazzle-sfn` lays it out, staged for benches: `bin/`, `package.json`
 * and `dist/` built by the package's own build (scripts/build.ts, without the dev console and the
 * declarations, which no command line run reads), and no TypeScript sources, so the bin runs
 * `dist/cli/main.js` on plain Node exactly as it does for an installed user. The stage lives in a
 * `.tmp-*` directory of the repository, so its imports resolve to the repository's node_modules (the
 * versions the lockfile pins, as an install gets them). `npm run test:package` checks the real
 * tarball; this is its quick stand-in.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDist } from '../scripts/build.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface StagedPackage {
  /** The staged package's `dazzle-sfn` bin. */
  readonly bin: string;
  dispose(): void;
}

export async function stageInstalledPackage(): Promise<StagedPackage> {
  const dir = mkdtempSync(join(ROOT, '.tmp-installed-'));
  try {
    await buildDist(join(dir, 'dist'), { console: false, declarations: false });
    cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    bin: join(dir, 'bin/dazzle-sfn.js'),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
