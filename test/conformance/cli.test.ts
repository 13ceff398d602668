import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runIn } from '../cli/harness.ts';
import { dazzleCorpus } from './corpus.ts';

/** The CLI on Dazzle's corpus (the fixture-based CLI tests are test/cli/). */
const corpus = dazzleCorpus();
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const simpleTask = [join(corpus, 'simple_task.stories.dsl'), join(corpus, 'simple_task.processes.dsl')];

const run = runIn;

describe("the CLI on Dazzle's corpus", () => {
  it('validate reports the real problems of the corpus and no parse noise', async () => {
    const { code, out } = await run(repoRoot, 'validate', '--json', corpus);
    expect(code).toBe(1);
    const report = JSON.parse(out) as {
      files: number;
      diagnostics: { code: string; file: string; message: string }[];
    };
    expect(report.files).toBe(24);
    expect(report.diagnostics.filter((d) => /^DZ[127]/.test(d.code))).toEqual([]);
    expect(report.diagnostics.filter((d) => d.code === 'DZ500').map((d) => d.file)).toEqual([
      join(corpus, 'fuzz_seed.process-invalid-duration.dsl'),
    ]);
    expect(report.diagnostics.some((d) => d.message.includes('escalate_to_support'))).toBe(true);
  });

  it('coverage of simple_task: ST-017 partly covered, the rest uncovered', async () => {
    const { code, out } = await run(repoRoot, 'coverage', ...simpleTask, '--json');
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report).toMatchObject({
      total_stories: 16,
      partial: 1,
      uncovered: 15,
      effective_coverage_percent: 3.1,
    });
    expect(report.stories.at(-1)).toMatchObject({ story_id: 'ST-017', status: 'partial' });
  });

  it('coverage keeps the apps of the corpus folder apart', async () => {
    const { out } = await run(repoRoot, 'coverage', corpus, '--json', '--status', 'partial');
    const report = JSON.parse(out);
    expect(report.partial).toBe(1);
    expect(report.covered).toBe(0);
    expect(report.stories.map((s: { story_id: string }) => s.story_id)).toEqual(['ST-017']);
  });

  it('propose --dsl for simple_task gives blocks that validate and cover every story', async () => {
    const dsl = await run(repoRoot, 'propose', ...simpleTask, '--dsl', '--include-crud');
    expect(dsl.code).toBe(0);
    expect(dsl.out).toMatch(/^process task_lifecycle "Task Lifecycle":$/m);
    const dir = mkdtempSync(join(tmpdir(), 'dazzle-conformance-'));
    writeFileSync(join(dir, 'proposed.dsl'), `${dsl.out}\n`);
    const validate = await run(dir, 'validate', 'proposed.dsl');
    expect(validate.out.split('\n').at(-1)).toMatch(/^0 errors/);
    const after = await run(
      dir,
      'coverage',
      join(corpus, 'simple_task.stories.dsl'),
      'proposed.dsl',
      '--json',
    );
    expect(JSON.parse(after.out)).toMatchObject({ uncovered: 0, partial: 0, covered: 16 });
  });
});
