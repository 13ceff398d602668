import { describe, expect, it } from 'vitest';
import { type Diagnostic, diagnostic, formatDiagnostics } from '../../../compiler/diagnostics/diagnostic.ts';
import { checkSources } from '../../../compiler/frontend.ts';
import { MAX_LEXICAL_ERRORS } from '../../../compiler/lexer/lexer.ts';

const check = (text: string) => checkSources([{ name: 'x.dsl', text }]).diagnostics;
const places = (ds: readonly Diagnostic[]) => ds.map((d) => [d.code, d.line, d.column]);

/** Deterministic bytes (a linear congruential generator), with NULs, as a binary file read as UTF-8. */
function garbage(size: number, withNul: boolean): string {
  let seed = 12345;
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    bytes[i] = (seed >> 16) & 0xff;
    if (!withNul && bytes[i] === 0) bytes[i] = 1;
  }
  return new TextDecoder().decode(bytes);
}

describe('hostile input gets located diagnostics, never a crash or a flood', () => {
  it('a condition nesting 1,000 parentheses is one located DZ400 (was a RangeError)', () => {
    const condition = `${'('.repeat(1000)}input.x > 1${')'.repeat(1000)}`;
    const text = `process p:\n  steps:\n    - step a:\n        condition: ${condition}\n        on_true: complete\n`;
    const ds = check(text);
    expect(places(ds)).toEqual([['DZ400', 4, 20 + 64]]);
    expect(ds[0].message).toContain('nests more than 64 levels');
  });

  it('so do 1,000 nested lists and 1,000 nots', () => {
    for (const condition of [
      `input.x in ${'['.repeat(1000)}1${']'.repeat(1000)}`,
      `${'not '.repeat(1000)}input.x`,
    ]) {
      const ds = check(`process p:\n  steps:\n    - step a:\n        condition: ${condition}\n`);
      expect(ds.map((d) => d.code)).toEqual(['DZ400']);
    }
  });

  it('a 1 MB binary file (random bytes with NULs) is one located error', () => {
    const text = garbage(1 << 20, true);
    const ds = check(text);
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ code: 'DZ100', severity: 'error' });
    expect(ds[0].message).toContain('binary file');
    const firstNul = text.split('\n').findIndex((l) => l.includes('\u0000'));
    expect(ds[0].line).toBe(firstNul + 1);
  });

  it('random bytes without NULs stop after a bounded number of lexical errors', () => {
    const ds = check(garbage(1 << 18, false));
    const lexical = ds.filter((d) => d.code === 'DZ100');
    expect(lexical.length).toBeLessThanOrEqual(MAX_LEXICAL_ERRORS + 1);
    expect(lexical.filter((d) => d.message.includes('the rest of the file is skipped'))).toHaveLength(1);
  });

  it('a run of unexpected characters on a line is one error with its length', () => {
    const ds = check('process p:\n  steps: \u00a7\u00a7\u00a7\u00a7\n');
    expect(ds.filter((d) => d.code === 'DZ100').map((d) => [d.line, d.column, d.length])).toEqual([
      [2, 10, 4],
    ]);
  });

  it('steps nesting deeper than 32 levels are a located error (DZ103), not a stack overflow', () => {
    let text = 'process p:\n  input:\n    items: json\n  steps:\n';
    let indent = '    ';
    for (let i = 0; i < 200; i++) {
      text += `${indent}- step f${i}:\n${indent}    foreach: input.items\n${indent}    steps:\n`;
      indent += '      ';
    }
    text += `${indent}- step leaf:\n${indent}    service: x\n`;
    const ds = check(text).filter((d) => d.code === 'DZ103');
    expect(ds).toHaveLength(1);
    expect(ds[0].message).toContain('nest more than 32 levels');
  });
});

describe('formatDiagnostics', () => {
  const many = (file: string, n: number) =>
    Array.from({ length: n }, (_, i) => diagnostic('DZ100', `bad ${i}`, { file, line: i + 1, column: 1 }));

  it('prints at most perFile per file and total in all, then says how many more', () => {
    const lines = formatDiagnostics(
      [...many('a.dsl', 5), ...many('b.dsl', 2), ...many('c.dsl', 3)],
      () => undefined,
      {
        perFile: 3,
        total: 7,
      },
    );
    expect(lines).toEqual([
      'a.dsl:1:1: error DZ100 bad 0',
      'a.dsl:2:1: error DZ100 bad 1',
      'a.dsl:3:1: error DZ100 bad 2',
      'b.dsl:1:1: error DZ100 bad 0',
      'b.dsl:2:1: error DZ100 bad 1',
      'c.dsl:1:1: error DZ100 bad 0',
      'c.dsl:2:1: error DZ100 bad 1',
      '… and 2 more in a.dsl',
      '… and 1 more',
    ]);
  });

  it('shows each source line with a caret', () => {
    const d = diagnostic('DZ100', 'bad', { file: 'a.dsl', line: 2, column: 3, length: 2 });
    expect(formatDiagnostics([d], () => 'one\nx §§ y\n')).toEqual([
      'a.dsl:2:3: error DZ100 bad\n  x §§ y\n    ^^',
    ]);
  });
});
