import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOURCES, STAMP, sourceHash } from '../../scripts/source-hash.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * A miniature checkout: the real bin and source-hash.js, stub sources and a stub dist/ whose
 * `main()` say which one ran. Inside the repository (`.tmp-*`, git-ignored) so that tsx resolves.
 */
let checkout: string;
const write = (path: string, text: string): void => {
  mkdirSync(dirname(join(checkout, path)), { recursive: true });
  writeFileSync(join(checkout, path), text);
};
const ran = (): string => {
  const run = spawnSync(process.execPath, [join(checkout, 'bin/dazzle-sfn.js')], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.trim();
};
const SOURCE_MAIN = `export async function main(): Promise<void> { console.log('sources'); }\n`;
const stamp = (): void => write(`dist/${STAMP}`, `${sourceHash(checkout)}\n`);

beforeAll(() => {
  checkout = mkdtempSync(join(repoRoot, '.tmp-bin-'));
  cpSync(join(repoRoot, 'bin'), join(checkout, 'bin'), { recursive: true });
  for (const file of ['scripts/build.ts', 'tsconfig.json', 'tsconfig.build.json']) {
    write(file, `// ${file}\n`);
  }
  cpSync(join(repoRoot, 'scripts/source-hash.js'), join(checkout, 'scripts/source-hash.js'));
  for (const dir of SOURCES) write(`${dir}/index.ts`, `export const dir = '${dir}';\n`);
  write('cli/main.ts', SOURCE_MAIN);
  write('dist/cli/main.js', `export async function main() { console.log('dist'); }\n`);
});

afterAll(() => {
  if (checkout) rmSync(checkout, { recursive: true, force: true });
});

describe("the checkout's bin runs dist/ only when it was built from the sources there now", () => {
  it('runs the sources through tsx while dist/ has no stamp (never built, or a build that did not finish)', () => {
    expect(ran()).toBe('sources');
  });

  it('runs dist/ when its stamp is the hash of the sources', () => {
    stamp();
    expect(ran()).toBe('dist');
  });

  it('runs the sources after an edit, and dist/ again when the edit is undone (contents, not times)', () => {
    stamp();
    write('cli/main.ts', SOURCE_MAIN.replace("'sources'", "'edited sources'"));
    expect(ran()).toBe('edited sources');
    write('cli/main.ts', SOURCE_MAIN);
    expect(ran()).toBe('dist');
  });

  it('runs the sources when a file is added or removed under a source directory', () => {
    stamp();
    write('compiler/new.ts', 'export {};\n');
    expect(ran()).toBe('sources');
    rmSync(join(checkout, 'compiler/new.ts'));
    expect(ran()).toBe('dist');
    rmSync(join(checkout, 'host/index.ts'));
    expect(ran()).toBe('sources');
    write('host/index.ts', `export const dir = 'host';\n`);
    expect(ran()).toBe('dist');
  });

  it('hashes every directory the build compiles', () => {
    const build = JSON.parse(readFileSync(join(repoRoot, 'tsconfig.build.json'), 'utf8')) as {
      include: string[];
    };
    expect([...SOURCES].sort()).toEqual([...build.include].sort());
  });

  it('runs the sources when the build configuration changed', () => {
    stamp();
    write('tsconfig.build.json', '// changed\n');
    expect(ran()).toBe('sources');
  });
});
