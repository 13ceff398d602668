import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, Help } from 'commander';
import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../cli/context.ts';
import { COMMANDS } from '../../cli/main.ts';
import { HEAVY, importsOf } from './imports.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const BIN = join(repoRoot, 'bin/dazzle-sfn.js');
/**
 * What the checkout's bin imports, named by source file: it runs dist/ instead of the sources when
 * dist/ was built from them (bin/dazzle-sfn.js), and the import graph is the same either way.
 */
const importsOfBin = (...argv: string[]) => {
  const run = importsOf(BIN, argv, repoRoot, repoRoot);
  return { ...run, imported: run.imported.map((f) => f.replace(/^dist\/(.*)\.js$/, '$1.ts')) };
};

describe('the CLI imports a command only when it runs', () => {
  it('--help lists every command from the table, importing none of them', () => {
    const { status, imported } = importsOfBin('--help');
    expect(status).toBe(0);
    expect(imported.filter((f) => f.startsWith('cli/commands/') || f.startsWith('compiler/'))).toEqual([]);
    expect(imported.filter((f) => HEAVY.test(f))).toEqual([]);
  });

  it('validate of DSL files imports its own command module and no heavy package, not even zod', () => {
    const { status, imported } = importsOfBin('validate', 'examples/dsl/orders.dsl');
    expect(status).toBe(0);
    expect(imported.filter((f) => f.startsWith('cli/commands/'))).toEqual(['cli/commands/validate.ts']);
    expect(imported.filter((f) => HEAVY.test(f))).toEqual([]);
    expect(imported).not.toContain('compiler/loader/processes-json.ts');
  });

  it('validate of a processes.json imports its loader (and zod) for it', () => {
    const { status, imported } = importsOfBin('validate', 'test/fixtures/dazzle/processes.json');
    expect(status).toBe(0);
    expect(imported).toContain('compiler/loader/processes-json.ts');
    expect(imported.filter((f) => f.startsWith('node_modules/zod/')).length).toBeGreaterThan(0);
    expect(imported.filter((f) => HEAVY.test(f) && !f.startsWith('node_modules/zod/'))).toEqual([]);
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
