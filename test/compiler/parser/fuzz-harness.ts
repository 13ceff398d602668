import { expect } from 'vitest';
import type { Diagnostic } from '../../../compiler/diagnostics/diagnostic.ts';
import { checkSources } from '../../../compiler/frontend.ts';
import type { SourceFile } from '../../../compiler/parser/index.ts';
import { parseSource } from '../../../compiler/parser/index.ts';
import { seededRandom } from '../../../local/asl/random.ts';

const NOISE = [
  '"',
  "'",
  ':',
  '-',
  '->',
  '[',
  ']',
  '(',
  ')',
  '\t',
  '  ',
  '#',
  '\\',
  '@',
  '\u0000',
  'é',
  '😀',
  '\r',
  'step',
  'parallel',
  '30x',
];

type Mutation = (lines: string[], rand: () => number) => void;
const pick = <T>(items: readonly T[], rand: () => number): T => items[Math.floor(rand() * items.length)];
const at = (lines: string[], rand: () => number) => Math.floor(rand() * lines.length);

const MUTATIONS: Mutation[] = [
  (lines, rand) => void lines.splice(at(lines, rand), 1),
  (lines, rand) => {
    const i = at(lines, rand);
    lines.splice(i, 0, lines[i] ?? '');
  },
  (lines, rand) => {
    const i = at(lines, rand);
    lines[i] = ' '.repeat(Math.floor(rand() * 9)) + (lines[i] ?? '').trimStart();
  },
  (lines, rand) => {
    const i = at(lines, rand);
    lines[i] = `\t${lines[i] ?? ''}`;
  },
  (lines, rand) => {
    const i = at(lines, rand);
    const line = lines[i] ?? '';
    const quote = line.lastIndexOf('"');
    lines[i] = quote >= 0 ? line.slice(0, quote) : line.slice(0, Math.floor(rand() * line.length));
  },
  (lines, rand) => {
    const i = at(lines, rand);
    const line = lines[i] ?? '';
    const p = Math.floor(rand() * (line.length + 1));
    lines[i] = line.slice(0, p) + pick(NOISE, rand) + line.slice(p);
  },
  (lines, rand) => {
    const i = at(lines, rand);
    const j = at(lines, rand);
    [lines[i], lines[j]] = [lines[j], lines[i]];
  },
  (lines, rand) => {
    const i = at(lines, rand);
    const bytes = Array.from({ length: 1 + Math.floor(rand() * 6) }, () =>
      String.fromCharCode(Math.floor(rand() * 0x250)),
    );
    lines[i] = (lines[i] ?? '') + bytes.join('');
  },
];

function mutate(text: string, rand: () => number): string {
  const lines = text.split('\n');
  const count = 1 + Math.floor(rand() * 4);
  for (let k = 0; k < count; k++) pick(MUTATIONS, rand)(lines, rand);
  return lines.join('\n');
}

function expectLocated(diagnostics: readonly Diagnostic[], name: string, text: string): void {
  const lines = text.split(/\r\n|\r|\n/);
  for (const d of diagnostics) {
    const ok =
      d.file === name &&
      Number.isInteger(d.line) &&
      Number.isInteger(d.column) &&
      d.line >= 1 &&
      d.line <= lines.length + 1 &&
      d.column >= 1 &&
      d.column <= (lines[d.line - 1]?.length ?? 0) + 1;
    if (!ok) expect.fail(`badly located diagnostic ${JSON.stringify(d)} in:\n${text}`);
  }
}

/**
 * Mutates the seed files `iterations` times (seeded, so a failure reproduces) and checks that the
 * front end never throws and locates every diagnostic inside the mutated text.
 */
export function fuzzFrontEnd(seeds: readonly SourceFile[], iterations: number, seed = 20261125): void {
  expect(seeds.length).toBeGreaterThan(0);
  const rand = seededRandom(seed);
  for (let i = 0; i < iterations; i++) {
    const source = pick(seeds, rand);
    const text = mutate(source.text, rand);
    const file = { name: source.name, text };
    let diagnostics: Diagnostic[] = [];
    try {
      diagnostics = i % 10 === 0 ? checkSources([file]).diagnostics : parseSource(file).diagnostics;
    } catch (error) {
      expect.fail(`threw ${String(error)} (iteration ${i}) on:\n${text}`);
    }
    expectLocated(diagnostics, source.name, text);
  }
}
