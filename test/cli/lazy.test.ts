import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command, Help } from 'commander';
import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../cli/context.ts';
import { COMMANDS } from '../../cli/main.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The files and packages a run of the `dazzle-sfn` bin imports (reported by a module resolve hook). */
function importsOf(...argv: string[]): { status: number | null; imported: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'dazzle-imports-'));
  try {
    const hooks = join(dir, 'hooks.mjs');
    writeFileSync(
      hooks,
      `export async function resolve(s, c, next) { const r = await next(s, c); if (r.url.startsWith('file:')) process.stderr.write('IMPORT ' + r.url + '\\n'); return r; }`,
    );
    const register = join(dir, 'register.mjs');
    writeFileSync(
      register,
      `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hooks).href)});`,
    );
    const run = spawnSync(
      process.execPath,
      ['--import', register, join(repoRoot, 'bin/dazzle-sfn.js'), ...argv],
      {
        cwd: repoRoot,
        encoding: 'utf8',
      },
    );
    const root = pathToFileURL(repoRoot).href;
    const imported = run.stderr
      .split('\n')
      .filter((l) => l.startsWith('IMPORT '))
      .map((l) => l.slice('IMPORT '.length).replace(`${root}/`, ''));
    return { status: run.status, imported: [...new Set(imported)] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Packages no quick command needs: the CDK, the AWS SDK, the dev console's bundler, JSONata, … */
const HEAVY =
  /node_modules\/(aws-cdk-lib|@aws-sdk|@smithy|vite|jsonata|asl-validator|dynalite|@dagrejs|playwright-core)\//;

describe('the CLI imports a command only when it runs', () => {
  it('--help lists every command from the table, importing none of them', () => {
    const { status, imported } = importsOf('--help');
    expect(status).toBe(0);
    expect(imported.filter((f) => f.startsWith('cli/commands/') || f.startsWith('compiler/'))).toEqual([]);
    expect(imported.filter((f) => HEAVY.test(f))).toEqual([]);
  });

  it('validate imports its own command module, not the others, nor the CDK, SDK, vite or JSONata', () => {
    const { status, imported } = importsOf('validate', 'examples/dsl/orders.dsl');
    expect(status).toBe(0);
    expect(imported.filter((f) => f.startsWith('cli/commands/'))).toEqual(['cli/commands/validate.ts']);
    expect(imported.filter((f) => HEAVY.test(f))).toEqual([]);
  });

  it("the table's help line of each command is the one its module defines", async () => {
    const ctx: CliContext = { cwd: repoRoot, out: () => {}, err: () => {}, exitCode: 0 };
    for (const entry of COMMANDS) {
      const program = new Command('dazzle-sfn');
      (await entry.load())(program, ctx);
      expect(program.commands).toHaveLength(1);
      const [command] = program.commands;
      expect(new Help().subcommandTerm(command)).toBe(entry.term);
      expect(command.description()).toBe(entry.description);
    }
  });
});
