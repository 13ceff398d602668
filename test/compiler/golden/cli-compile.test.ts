import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Command, CommanderError } from 'commander';
import { registerCompile } from '../../../cli/commands/compile.ts';
import { type CliContext, UsageError } from '../../../cli/context.ts';
import { SourceFilesError } from '../../../host/files.ts';
import { GOLDEN_DIR, ROOT } from './harness.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = { cwd: ROOT, out: (t) => out.push(t), err: (t) => err.push(t), exitCode: 0 };
  // Only this command is registered, so the test does not depend on the others.
  const program = new Command('dazzle-sfn').exitOverride().configureOutput({ writeOut: ctx.out, writeErr: ctx.err });
  registerCompile(program, ctx);
  for (const command of program.commands) command.exitOverride().configureOutput(program.configureOutput());
  let code: number;
  try {
    await program.parseAsync(argv, { from: 'user' });
    code = ctx.exitCode;
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof SourceFilesError || error instanceof CommanderError))
      throw error;
    code = 2;
  }
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('dazzle-sfn compile', () => {
  it('writes <kind>-<name>.asl.json per process and schedule and manifest.json', async () => {
    const out = mkdtempSync(join(tmpdir(), 'dz-compile-'));
    dirs.push(out);
    const result = await run(['compile', join(GOLDEN_DIR, 'cases', 'overlap.dsl'), '--out', out]);
    expect(result.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'manifest.json',
      'process-overlap_allow.asl.json',
      'process-overlap_cancel.asl.json',
      'process-overlap_per_order.asl.json',
      'process-overlap_per_signal.asl.json',
      'process-overlap_queue.asl.json',
      'process-overlap_skip.asl.json',
      'process-overlap_unwritten.asl.json',
    ]);
    expect(readFileSync(join(out, 'process-overlap_skip.asl.json'), 'utf8')).toBe(
      readFileSync(join(GOLDEN_DIR, 'expected', 'overlap', 'process-overlap_skip.asl.json'), 'utf8'),
    );
  });

  it('exits 1 on errors and writes nothing', async () => {
    const out = mkdtempSync(join(tmpdir(), 'dz-compile-'));
    dirs.push(out);
    const result = await run(['compile', join(ROOT, 'test/fixtures/invalid/unknown-step.dsl'), '--out', out]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('error DZ300');
    expect(readdirSync(out)).toEqual([]);
  });

  it('rejects an unknown --workflow-type (usage error)', async () => {
    const result = await run(['compile', join(GOLDEN_DIR, 'cases'), '--out', '/tmp/x', '--workflow-type', 'fast']);
    expect(result.code).toBe(2);
  });
});
