/**
 * `npm run build` (and `prepack`): the package's JavaScript and declarations in dist/, mirroring the
 * sources (`dist/compiler`, `dist/infra`, …), with the dev console built into
 * `dist/local/console/dist`. TypeScript 7's tsc emits them (relative `.ts` imports rewritten to
 * `.js`); files tsc does not emit (`.mjs`, `.json` read at run time) are copied beside them.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ensureConsoleBuilt } from '../local/console/build.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');
const SOURCES = ['compiler', 'host', 'lambdas', 'infra', 'local', 'cli'];
/** Run-time files tsc leaves alone. */
const COPIED = /\.(mjs|cjs)$/;

rmSync(DIST, { recursive: true, force: true });
execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
  cwd: ROOT,
  // Its messages on stderr: stdout is `npm pack --json`'s.
  stdio: ['ignore', process.stderr, process.stderr],
});
for (const dir of SOURCES) {
  for (const file of readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })) {
    if (!COPIED.test(file) || file.includes('fixtures')) continue;
    const to = join(DIST, dir, file);
    mkdirSync(dirname(to), { recursive: true });
    cpSync(join(ROOT, dir, file), to);
  }
}
await ensureConsoleBuilt((line) => console.error(line));
const consoleDist = join(ROOT, 'local/console/dist');
if (!existsSync(join(consoleDist, 'index.html'))) throw new Error('the dev console did not build');
cpSync(consoleDist, join(DIST, 'local/console/dist'), { recursive: true });
console.error(`built ${DIST}`);
