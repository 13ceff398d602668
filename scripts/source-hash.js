// What dist/ is built from, as one hash, so that the checkout's bin can run dist/ only when it was
// built from exactly the sources there now (bin/dazzle-sfn.js). Plain JavaScript: the bin reads it
// before anything can compile TypeScript. Types in source-hash.d.ts.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The directories tsconfig.build.json compiles into dist/. */
export const SOURCES = ['compiler', 'host', 'lambdas', 'infra', 'local', 'cli'];
/** Files outside them that change what the build writes. */
const BUILD_INPUTS = ['tsconfig.json', 'tsconfig.build.json', 'scripts/build.ts', 'scripts/source-hash.js'];
/** Not inputs: the console's own build output (it has its own hash); node_modules folders are skipped by name. */
const SKIPPED = new Set(['local/console/dist']);
/** Where the build records the hash of what it built from. */
export const STAMP = '.source-hash';

/** A hash of the names and contents of every file the build reads, under `root` (a checkout). */
export function sourceHash(root) {
  const hash = createHash('sha256');
  const add = (relative) => {
    hash.update(`${relative}\0`);
    hash.update(readFileSync(join(root, relative)));
    hash.update('\0');
  };
  const walk = (dir) => {
    const entries = readdirSync(join(root, dir), { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const entry of entries) {
      const relative = `${dir}/${entry.name}`;
      if (entry.name === 'node_modules' || SKIPPED.has(relative)) continue;
      if (entry.isDirectory()) walk(relative);
      else add(relative);
    }
  };
  for (const file of BUILD_INPUTS) add(file);
  for (const dir of SOURCES) walk(dir);
  return hash.digest('hex');
}

/**
 * Whether `<root>/dist` was built from the files under `root` as they are now: false when it has
 * no stamp (a build that did not finish, or an older one) or anything cannot be read.
 */
export function distIsCurrent(root) {
  try {
    return readFileSync(join(root, 'dist', STAMP), 'utf8').trim() === sourceHash(root);
  } catch {
    return false;
  }
}
