/**
 * The README's sample outputs are what the commands print today: every ```text block that starts
 * with `$ npx dazzle-sfn …` is run (shell globs expanded as a shell would) and its lines compared.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../cli/context.ts';
import { runCli } from '../../cli/main.ts';

const repoRoot = resolve(import.meta.dirname, '../..');

/** `{command, expected}` of each sample: the words after `$ npx dazzle-sfn` and the lines after. */
function samples(markdown: string): { command: string; expected: string }[] {
  const blocks = [...markdown.matchAll(/^```text\n\$ npx dazzle-sfn (.*)\n([\s\S]*?)^```$/gm)];
  return blocks.map((m) => ({ command: m[1], expected: m[2].replace(/\n$/, '') }));
}

/** A word with `*` becomes the files it matches, sorted, as sh expands it. */
function expand(word: string): string[] {
  if (!word.includes('*')) return [word];
  const dir = dirname(word);
  const pattern = new RegExp(
    `^${word
      .slice(dir.length + 1)
      .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')}$`,
  );
  return readdirSync(join(repoRoot, dir))
    .filter((f) => pattern.test(f))
    .sort()
    .map((f) => `${dir}/${f}`);
}

/** stdout and stderr interleaved, as a terminal shows them. */
async function printed(argv: string[]): Promise<string> {
  const lines: string[] = [];
  const ctx: CliContext = {
    cwd: repoRoot,
    out: (t) => lines.push(t),
    err: (t) => lines.push(t),
    exitCode: 0,
  };
  await runCli(argv, ctx);
  return lines.join('\n');
}

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');

describe("the README's sample outputs", () => {
  it('has samples to check', () => {
    expect(samples(readme).length).toBeGreaterThanOrEqual(3);
  });

  it.each(samples(readme).map((s) => [s.command, s.expected]))(
    '$ npx dazzle-sfn %s',
    async (command, expected) => {
      const argv = command.split(/\s+/).flatMap(expand);
      // A reader's clone has nothing beside it: every sample works on files inside the repository.
      for (const word of argv.filter((w) => w.includes('/'))) {
        expect(resolve(repoRoot, word).startsWith(`${repoRoot}/`), word).toBe(true);
      }
      expect(await printed(argv)).toBe(expected);
    },
  );
});

describe("the README's ProcessSpec example", () => {
  it('saves into an empty project', async () => {
    const json = /`save` takes a ProcessSpec[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(json).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'dazzle-readme-'));
    try {
      writeFileSync(join(dir, 'spec.json'), json ?? '');
      expect(await printed(['save', join(dir, 'spec.json'), '--project', dir])).toMatch(/^saved 1 of 1 to /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
