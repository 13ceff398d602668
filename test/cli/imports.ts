import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The files and packages a run of `node <bin> <argv…>` imports, reported by a module resolve hook
 * (every `file:` URL Node resolves, ESM imports and dynamic imports alike), as paths relative to
 * `root` when under it. What tsx imports for itself (esbuild, in a checkout) is left out: the list
 * is what the CLI's own code pulls in. The status is the run's exit code.
 */
export function importsOf(
  bin: string,
  argv: readonly string[],
  cwd: string,
  root: string,
): { status: number | null; stderr: string; imported: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'dazzle-imports-'));
  try {
    const hooks = join(dir, 'hooks.mjs');
    writeFileSync(
      hooks,
      `export async function resolve(s, c, next) { const r = await next(s, c); if (r.url.startsWith('file:') && !/\\/node_modules\\/tsx\\//.test(c.parentURL ?? '')) process.stderr.write('IMPORT ' + r.url + '\\n'); return r; }`,
    );
    const register = join(dir, 'register.mjs');
    writeFileSync(
      register,
      `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hooks).href)});`,
    );
    const run = spawnSync(process.execPath, ['--import', register, bin, ...argv], { cwd, encoding: 'utf8' });
    const prefix = `${pathToFileURL(root).href}/`;
    const imported = run.stderr
      .split('\n')
      .filter((l) => l.startsWith('IMPORT '))
      .map((l) => l.slice('IMPORT '.length).replace(prefix, ''));
    const stderr = run.stderr
      .split('\n')
      .filter((l) => !l.startsWith('IMPORT '))
      .join('\n');
    return { status: run.status, stderr, imported: [...new Set(imported)] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Packages no quick command (`--help`, `validate` of DSL files) needs: the CDK, the AWS SDK, the
 * bundler, the dev console's build, JSONata, the ASL validator, the local DynamoDB, the diagram
 * layout, the browser driver, and zod (only a processes.json input needs it).
 */
export const HEAVY =
  /node_modules\/(aws-cdk-lib|constructs|@aws-sdk|@smithy|esbuild|vite|jsonata|asl-validator|dynalite|@dagrejs|playwright-core|zod)\//;
