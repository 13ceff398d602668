/**
 * `npm run build` (and `prepack`): the package's JavaScript and declarations in dist/, mirroring the
 * sources (`dist/compiler`, `dist/infra`, …), with the dev console built into
 * `dist/local/console/dist`. TypeScript 7's tsc emits them (relative `.ts` imports rewritten to
 * `.js`); files tsc does not emit (`.mjs`, `.json` read at run time) are copied beside them.
 * A complete build records the hash of the sources it was built from in `dist/.source-hash`: the
 * checkout's bin runs dist/ instead of the sources only while they still match (source-hash.js).
 * `buildDist(outDir)` is the same build into another directory (the start-up bench stages the
 * installed package with it).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureConsoleBuilt } from '../local/console/build.ts';
import { SOURCES, STAMP, sourceHash } from './source-hash.js';

const ROOT = resolve(import.meta.dirname, '..');
/** Run-time files tsc leaves alone. */
const COPIED = /\.(mjs|cjs)$/;

export interface BuildOptions {
  /** Build the dev console into `<outDir>/local/console/dist` (Vite, seconds). @default true */
  readonly console?: boolean;
  /** Emit `.d.ts` declarations. @default true */
  readonly declarations?: boolean;
}

export async function buildDist(outDir: string, options: BuildOptions = {}): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  // Hashed before tsc reads them: a source edited during the build leaves a stamp that matches neither.
  const built = options.console === false ? undefined : sourceHash(ROOT);
  const flags = ['--outDir', outDir, ...(options.declarations === false ? ['--declaration', 'false'] : [])];
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', ...flags],
    {
      cwd: ROOT,
      // Its messages on stderr: stdout is `npm pack --json`'s.
      stdio: ['ignore', process.stderr, process.stderr],
    },
  );
  for (const dir of SOURCES) {
    for (const file of readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })) {
      if (!COPIED.test(file) || file.includes('fixtures')) continue;
      const to = join(outDir, dir, file);
      mkdirSync(dirname(to), { recursive: true });
      cpSync(join(ROOT, dir, file), to);
    }
  }
  // Without its console dist/ is not the whole package: no stamp, so the checkout's bin never runs it.
  if (options.console === false) return;
  await ensureConsoleBuilt((line) => console.error(line));
  const consoleDist = join(ROOT, 'local/console/dist');
  if (!existsSync(join(consoleDist, 'index.html'))) throw new Error('the dev console did not build');
  cpSync(consoleDist, join(outDir, 'local/console/dist'), { recursive: true });
  writeFileSync(join(outDir, STAMP), `${built}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist = join(ROOT, 'dist');
  await buildDist(dist);
  console.error(`built ${dist}`);
}
