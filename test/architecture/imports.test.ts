/**
 * Imports run one way: compiler ← host ← (local, infra) ← cli, and lambdas need only the compiler's
 * contracts. The compiler stays pure (no Node, AWS or CDK modules, no dynamic imports: what it needs
 * from the host, like an ASL validator, is passed in), so it runs anywhere and a synth never fails
 * with a CLI error. Type-only imports count: they end up in the published declarations.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/** Top-level directory → the top-level directories its modules may import. */
const ALLOWED: Record<string, readonly string[]> = {
  compiler: ['compiler'],
  lambdas: ['lambdas', 'compiler'],
  host: ['host', 'compiler'],
  local: ['local', 'host', 'lambdas', 'compiler'],
  infra: ['infra', 'host', 'lambdas', 'compiler'],
  cli: ['cli', 'local', 'infra', 'host', 'lambdas', 'compiler'],
  // The bin runs the built CLI (dist/cli) when installed; in a checkout, dist/ when it is current
  // with the sources (scripts/source-hash.js says), else the sources (cli/).
  bin: ['bin', 'cli', 'dist', 'scripts'],
};

/** Packages the compiler must not use: the host's business (file system, AWS, CDK, bundling, validation). */
const IMPURE = [
  ...builtinModules,
  /^node:/,
  /^@aws-sdk\//,
  /^@aws-lambda-powertools\//,
  /^aws-cdk-lib(\/|$)/,
  'constructs',
  'esbuild',
  'asl-validator',
  'dynalite',
  'commander',
  'tsx',
  'vite',
];

/** `import … from 'x'`, `export … from 'x'`, `import 'x'` at the start of a line, and `import('x')`. */
const STATIC = /^(?:import|export)\s(?:[^;]*?\sfrom\s*)?['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

interface Import {
  readonly file: string;
  readonly specifier: string;
}

function importsOf(text: string): string[] {
  return [...text.matchAll(STATIC), ...text.matchAll(DYNAMIC)].map((m) => m[1]);
}

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|mts|js|mjs)$/.test(f) && !f.split(sep).includes('fixtures'))
    .map((f) => join(dir, f));
}

const topOf = (file: string) => file.split(sep)[0];

function allImports(): Import[] {
  return Object.keys(ALLOWED).flatMap((dir) =>
    sources(dir).flatMap((file) =>
      importsOf(readFileSync(join(ROOT, file), 'utf8')).map((specifier) => ({ file, specifier })),
    ),
  );
}

/** The repository directory a relative import lands in (undefined for a package). */
function targetDir({ file, specifier }: Import): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  return topOf(relative(ROOT, resolve(ROOT, dirname(file), specifier)));
}

describe('import direction', () => {
  const imports = allImports();

  it('finds the imports it checks (static, type-only, re-exports and dynamic)', () => {
    expect(
      importsOf(
        [
          "import { a } from './a.ts';",
          "import type {\n  B,\n} from '../b.ts';",
          "export { c } from './c.ts';",
          "import './d.ts';",
          'const e = await import("e");',
          " * import { doc } from 'not-code';",
        ].join('\n'),
      ),
    ).toEqual(['./a.ts', '../b.ts', './c.ts', './d.ts', 'e']);
    expect(imports.length).toBeGreaterThan(500);
  });

  it('each top-level directory imports only the ones below it', () => {
    const wrong = imports
      .filter((i) => {
        const to = targetDir(i);
        return to !== undefined && !ALLOWED[topOf(i.file)].includes(to);
      })
      .map((i) => `${i.file} imports ${i.specifier}`);
    expect(wrong).toEqual([]);
  });

  it('the compiler uses no Node, AWS, CDK or host package and loads nothing dynamically', () => {
    const impure = imports
      .filter((i) => topOf(i.file) === 'compiler' && !i.specifier.startsWith('.'))
      .filter((i) => IMPURE.some((p) => (typeof p === 'string' ? p === i.specifier : p.test(i.specifier))))
      .map((i) => `${i.file} imports ${i.specifier}`);
    expect(impure).toEqual([]);
    const dynamic = sources('compiler').filter((f) =>
      /\bimport\s*\(/.test(readFileSync(join(ROOT, f), 'utf8')),
    );
    expect(dynamic).toEqual([]);
  });
});
