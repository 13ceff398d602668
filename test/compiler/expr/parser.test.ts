import { describe, expect, it } from 'vitest';
import type { Expr } from '../../../compiler/expr/ast.ts';
import { type ParseExpressionOptions, parseExpression } from '../../../compiler/expr/parser.ts';
import { printExpression } from '../../../compiler/expr/print.ts';

const at = { file: 'app.dsl', line: 7, column: 20 };

function parse(text: string, options?: ParseExpressionOptions): Expr {
  const result = parseExpression(text, at, options);
  expect(result.diagnostics).toEqual([]);
  return result.ast!;
}

/** Code, line and column of the one diagnostic (not its wording). */
function errorOf(text: string, options?: ParseExpressionOptions) {
  const result = parseExpression(text, at, options);
  expect(result.ast).toBeUndefined();
  expect(result.diagnostics).toHaveLength(1);
  const [d] = result.diagnostics;
  return { code: d.code, line: d.line, column: d.column, length: d.length };
}

/** Strips locations, to compare shapes. */
function shape(expr: Expr): unknown {
  return JSON.parse(JSON.stringify(expr, (key, value) => (key === 'loc' ? undefined : value)));
}

describe('parseExpression: grammar', () => {
  it('parses the corpus conditions', () => {
    expect(shape(parse('Invoice.total > 10000', { knownRoots: ['Invoice'] }))).toEqual({
      kind: 'compare',
      op: '>',
      left: { kind: 'path', segments: ['Invoice', 'total'] },
      right: { kind: 'literal', value: 10000 },
    });
    expect(shape(parse('priority = urgent', { knownRoots: ['priority'] }))).toEqual({
      kind: 'compare',
      op: '==',
      left: { kind: 'path', segments: ['priority'] },
      right: { kind: 'literal', value: 'urgent', bare: true },
    });
  });

  it('gives or < and < not < comparison precedence and flattens chains', () => {
    expect(printExpression(parse('a = 1 or b = 2 and not c = 3 or d'))).toBe(
      'a == 1 or b == 2 and not c == 3 or d',
    );
    const or = parse('a or b or c');
    expect(or.kind === 'or' && or.operands.length).toBe(3);
    const and = parse('(a or b) and c');
    expect(and.kind).toBe('and');
    expect(and.kind === 'and' && and.operands[0].kind).toBe('or');
    const not = parse('not a = b');
    expect(not.kind === 'not' && not.operand.kind).toBe('compare');
    expect(shape(parse('not not x'))).toEqual({
      kind: 'not',
      operand: { kind: 'not', operand: { kind: 'path', segments: ['x'] } },
    });
  });

  it.each([
    ['a == 1', '=='],
    ['a = 1', '=='],
    ['a != 1', '!='],
    ['a > 1', '>'],
    ['a >= 1', '>='],
    ['a < 1', '<'],
    ['a <= 1', '<='],
    ['a in [1, 2]', 'in'],
    ['a not_in [1, 2]', 'not_in'],
    ['a not in [1, 2]', 'not_in'],
  ])('reads the operator in %s', (text, op) => {
    const expr = parse(text);
    expect(expr.kind === 'compare' && expr.op).toBe(op);
  });

  it('reads is null, is not null, exists, functions', () => {
    expect(shape(parse('x.y is null'))).toEqual({
      kind: 'isNull',
      negated: false,
      operand: { kind: 'path', segments: ['x', 'y'] },
    });
    expect(shape(parse('x is not null'))).toMatchObject({ kind: 'isNull', negated: true });
    expect(shape(parse('exists(self.owner)'))).toEqual({
      kind: 'exists',
      path: { kind: 'path', segments: ['self', 'owner'] },
    });
    expect(shape(parse('len(input.items) > 0'))).toMatchObject({
      left: { kind: 'call', fn: 'len', args: [{ kind: 'path', segments: ['input', 'items'] }] },
    });
    for (const fn of ['now', 'today', 'current_user']) {
      expect(shape(parse(`x < ${fn}()`))).toMatchObject({ right: { kind: 'call', fn, args: [] } });
    }
  });

  it('reads literals: numbers, strings with escapes, booleans, null, lists', () => {
    const values = (text: string) => {
      const expr = parse(`x == ${text}`);
      return expr.kind === 'compare' ? shape(expr.right) : undefined;
    };
    expect(values('-12.5')).toEqual({ kind: 'literal', value: -12.5 });
    expect(values('1e3')).toEqual({ kind: 'literal', value: 1000 });
    expect(values('"a \\"b\\"\\n"')).toEqual({ kind: 'literal', value: 'a "b"\n' });
    expect(values("'it\\'s'")).toEqual({ kind: 'literal', value: "it's" });
    expect(values('"\\u00e9"')).toEqual({ kind: 'literal', value: 'é' });
    expect(values('true')).toEqual({ kind: 'literal', value: true });
    expect(values('false')).toEqual({ kind: 'literal', value: false });
    expect(values('null')).toEqual({ kind: 'literal', value: null });
    expect(values('[]')).toEqual({ kind: 'list', items: [] });
    expect(values('[1, "two", three,]')).toEqual({
      kind: 'list',
      items: [
        { kind: 'literal', value: 1 },
        { kind: 'literal', value: 'two' },
        { kind: 'literal', value: 'three', bare: true },
      ],
    });
  });

  it('accepts spaces around dots (as Dazzle stores paths) and newlines', () => {
    expect(shape(parse('Invoice . total > 1'))).toMatchObject({ left: { segments: ['Invoice', 'total'] } });
    expect(printExpression(parse('a = 1\n  and b = 2'))).toBe('a == 1 and b == 2');
  });

  it('accepts keywords as later path segments', () => {
    expect(shape(parse('input.in == 1'))).toMatchObject({ left: { segments: ['input', 'in'] } });
  });
});

describe('parseExpression: bare words', () => {
  const roots = { knownRoots: ['priority', 'check', 'Invoice', 'urgent_level'] };

  it('makes an unknown undotted word on the right a string', () => {
    const expr = parse('priority == urgent', roots);
    expect(expr.kind === 'compare' && shape(expr.right)).toEqual({
      kind: 'literal',
      value: 'urgent',
      bare: true,
    });
  });

  it('keeps a known root on the right a path', () => {
    const expr = parse('priority == urgent_level', roots);
    expect(expr.kind === 'compare' && expr.right.kind).toBe('path');
    const builtin = parse('priority == input.level', roots);
    expect(builtin.kind === 'compare' && builtin.right.kind).toBe('path');
  });

  it('keeps a dotted word with an unknown root a path (so a typo is reported, not compared)', () => {
    const expr = parse('priority == Invoce.total', roots);
    expect(expr.kind === 'compare' && shape(expr.right)).toEqual({
      kind: 'path',
      segments: ['Invoce', 'total'],
    });
  });

  it('keeps an unknown word on the left, standing alone or in exists() a path', () => {
    expect(parse('mystery == 1', roots)).toMatchObject({ left: { kind: 'path' } });
    expect(parse('mystery', roots).kind).toBe('path');
    expect(parse('exists(mystery)', roots).kind).toBe('exists');
  });

  it('applies the rule to list items on the right', () => {
    const expr = parse('status not_in [done, cancelled, priority]', roots);
    expect(
      expr.kind === 'compare' && expr.right.kind === 'list' && expr.right.items.map((i) => i.kind),
    ).toEqual(['literal', 'literal', 'path']);
  });

  it('treats every operand as right-hand in value mode', () => {
    expect(shape(parse('archived', { mode: 'value' }))).toEqual({
      kind: 'literal',
      value: 'archived',
      bare: true,
    });
    expect(shape(parse('priority', { ...roots, mode: 'value' }))).toEqual({
      kind: 'path',
      segments: ['priority'],
    });
    expect(shape(parse('[done, cancelled]', { mode: 'value' }))).toMatchObject({
      items: [{ value: 'done' }, { value: 'cancelled' }],
    });
  });

  it('knows the built-in roots without being told', () => {
    for (const root of ['input', 'inputs', 'trigger', 'self', 'entity', 'item', 'item_index']) {
      const expr = parse(`x == ${root}`);
      expect(expr.kind === 'compare' && expr.right.kind).toBe('path');
    }
  });
});

describe('parseExpression: locations', () => {
  it('locates nodes at their column, offset from `at`', () => {
    const expr = parse('a = 1 and self.owner is null');
    expect(expr.loc).toEqual({ file: 'app.dsl', line: 7, column: 20, length: 28 });
    expect(expr.kind === 'and' && expr.operands[1].loc).toEqual({
      file: 'app.dsl',
      line: 7,
      column: 30,
      length: 18,
    });
    const isNull = expr.kind === 'and' ? expr.operands[1] : undefined;
    expect(isNull?.kind === 'isNull' && isNull.operand.loc).toEqual({
      file: 'app.dsl',
      line: 7,
      column: 30,
      length: 10,
    });
  });

  it('counts lines after a newline from column 1', () => {
    const expr = parse('a = 1 and\n  b = 2');
    expect(expr.kind === 'and' && expr.operands[1].loc).toMatchObject({ line: 8, column: 3, length: 5 });
    expect(errorOf('a = 1 and\n  b = )')).toEqual({ code: 'DZ400', line: 8, column: 7, length: 1 });
  });
});

describe('parseExpression: errors', () => {
  it.each([
    ['', 'DZ400', 20],
    ['   ', 'DZ400', 23],
    ['a = ', 'DZ400', 24],
    ['a = = b', 'DZ400', 24],
    ['a < b < c', 'DZ400', 26],
    ['(a = 1', 'DZ400', 26],
    ['a = 1)', 'DZ400', 25],
    ['a is 1', 'DZ400', 25],
    ['a and', 'DZ400', 25],
    ['and a', 'DZ400', 20],
    ['a = [1, 2', 'DZ400', 29],
    ['a = [1 2]', 'DZ400', 27],
    ['input. = 1', 'DZ400', 27],
    ['a && b', 'DZ400', 22],
    ['a = 1 b = 2', 'DZ400', 26],
    ['a = "open', 'DZ401', 24],
    ["a = 'x\\q'", 'DZ400', 26],
    ['a = #', 'DZ400', 24],
    ['upper(a) = 1', 'DZ402', 20],
    ['now(x) < 1', 'DZ403', 20],
    ['len() > 1', 'DZ403', 20],
    ['len(1) > 1', 'DZ403', 20],
    ['len(a, b) > 1', 'DZ403', 20],
    ['exists("a")', 'DZ403', 20],
  ])('reports %j as %s at column %i', (text, code, column) => {
    expect(errorOf(text)).toMatchObject({ code, line: 7, column });
  });

  it('never throws, whatever the input', () => {
    const pieces = [
      'a',
      '.',
      '=',
      '(',
      ')',
      '[',
      ']',
      ',',
      '"x"',
      "'",
      '1',
      'not',
      'and',
      'or',
      'in',
      'is',
      'null',
    ];
    pieces.push('len(', 'exists(', 'now()', '\n', ' ', '!', '<=', '-', '#', '\\', '"');
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let n = 0; n < 2000; n++) {
      const length = Math.floor(random() * 8);
      const text = Array.from({ length }, () => pieces[Math.floor(random() * pieces.length)]).join(' ');
      const result = parseExpression(text, at);
      expect(result.ast === undefined).toBe(result.diagnostics.length > 0);
      for (const d of result.diagnostics) {
        expect(d.line).toBeGreaterThanOrEqual(7);
        expect(d.column).toBeGreaterThanOrEqual(1);
      }
    }
  });
});
