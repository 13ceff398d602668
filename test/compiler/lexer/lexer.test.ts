import { describe, expect, it } from 'vitest';
import { durationSeconds, lex } from '../../../compiler/lexer/index.ts';

const kinds = (text: string) =>
  lex('t.dsl', text).tokens.map((t) =>
    t.kind === 'word' || t.kind === 'punct' || t.kind === 'string' ? t.value : t.kind.toUpperCase(),
  );

describe('lexer', () => {
  it('emits INDENT and DEDENT around indented blocks and skips blank and comment lines', () => {
    expect(kinds('a:\n  b: 1\n\n  # note\n  c: 2\nd\n')).toEqual([
      'a',
      ':',
      'NEWLINE',
      'INDENT',
      'b',
      ':',
      '1',
      'NEWLINE',
      'c',
      ':',
      '2',
      'NEWLINE',
      'DEDENT',
      'd',
      'NEWLINE',
      'EOF',
    ]);
  });

  it('closes every open block at the end of the file', () => {
    expect(kinds('a:\n  b:\n    c')).toEqual([
      'a',
      ':',
      'NEWLINE',
      'INDENT',
      'b',
      ':',
      'NEWLINE',
      'INDENT',
      'c',
      'NEWLINE',
      'DEDENT',
      'DEDENT',
      'EOF',
    ]);
  });

  it('counts a tab as four spaces', () => {
    const { tokens, diagnostics } = lex('t.dsl', 'a:\n\tb\n    c\n');
    expect(diagnostics).toEqual([]);
    expect(tokens.filter((t) => t.kind === 'indent')).toHaveLength(1);
  });

  it('reports a dedent to an unknown level, located', () => {
    const { diagnostics } = lex('t.dsl', 'a:\n    b\n  c\n');
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['DZ102', 3, 3]]);
  });

  it('strips comments to the end of the line', () => {
    expect(kinds('a: b # comment "x"\n')).toEqual(['a', ':', 'b', 'NEWLINE', 'EOF']);
  });

  it('reads both quote styles with \\n \\t \\\\ \\" escapes', () => {
    const { tokens } = lex('t.dsl', `x "a\\n\\t\\\\\\"b" 'it''s'\n`);
    expect(tokens[1].value).toBe('a\n\t\\"b');
    expect(tokens[1].text).toBe('"a\\n\\t\\\\\\"b"');
    expect(tokens[2].value).toBe('it');
  });

  it('reports an unterminated string at its opening quote', () => {
    const { tokens, diagnostics } = lex('t.dsl', 'title: "Approve\nnext: 1\n');
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['DZ101', 1, 8]]);
    expect(tokens.find((t) => t.text === 'next')).toBeDefined();
  });

  it('keeps compound ids, dotted values, numbers and durations whole', () => {
    expect(kinds('[ST-001, Task.create, 2.0, 30s, self.owner_id]\n')).toEqual([
      '[',
      'ST-001',
      ',',
      'Task.create',
      ',',
      '2.0',
      ',',
      '30s',
      ',',
      'self.owner_id',
      ']',
      'NEWLINE',
      'EOF',
    ]);
  });

  it('reads -> and comparison operators as one token', () => {
    expect(kinds('- a -> b\nx >= 1 != 2 == 3 <= 4\n')).toEqual([
      '-',
      'a',
      '->',
      'b',
      'NEWLINE',
      'x',
      '>=',
      '1',
      '!=',
      '2',
      '==',
      '3',
      '<=',
      '4',
      'NEWLINE',
      'EOF',
    ]);
  });

  it('continues a bracketed list onto deeper-indented lines', () => {
    expect(kinds('a: [x,\n      y]\nb\n')).toEqual([
      'a',
      ':',
      '[',
      'x',
      ',',
      'y',
      ']',
      'NEWLINE',
      'b',
      'NEWLINE',
      'EOF',
    ]);
  });

  it('does not let an unclosed bracket swallow the following lines', () => {
    expect(kinds('a: [x,\nb: 1\n')).toEqual([
      'a',
      ':',
      '[',
      'x',
      ',',
      'NEWLINE',
      'b',
      ':',
      '1',
      'NEWLINE',
      'EOF',
    ]);
  });

  it('reports unexpected characters, located, and goes on', () => {
    const { tokens, diagnostics } = lex('t.dsl', 'a @ b\n');
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['DZ100', 1, 3]]);
    expect(tokens.map((t) => t.text)).toContain('b');
  });

  it('records 1-based lines and columns', () => {
    const t = lex('t.dsl', 'x:\n  foo: bar\n').tokens.find((tok) => tok.text === 'bar');
    expect([t?.line, t?.column]).toEqual([2, 8]);
  });

  it('handles CRLF line ends', () => {
    expect(kinds('a:\r\n  b\r\n')).toEqual(['a', ':', 'NEWLINE', 'INDENT', 'b', 'NEWLINE', 'DEDENT', 'EOF']);
  });
});

describe('durations', () => {
  it.each([
    ['30s', 30],
    ['5m', 300],
    ['2h', 7200],
    ['7d', 604800],
    ['0s', 0],
  ])('%s is %i seconds', (text, seconds) => {
    expect(durationSeconds(text)).toBe(seconds);
  });

  it.each(['30x', '1.5h', '30min', '30', 'h', '2w'])('%s is not a duration', (text) => {
    expect(durationSeconds(text)).toBeUndefined();
  });
});
