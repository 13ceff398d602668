import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../../compiler/expr/parser.ts';
import { pathsOf } from '../../../compiler/expr/paths.ts';

const at = { file: 'app.dsl', line: 4, column: 10 };

function paths(text: string) {
  const { ast } = parseExpression(text, at, { knownRoots: ['check'] });
  return pathsOf(ast!).map((p) => ({
    path: p.segments.join('.'),
    column: p.loc.column,
    length: p.loc.length,
  }));
}

describe('pathsOf', () => {
  it('lists every path in source order with its location', () => {
    expect(paths('check.ok = true and (input.a in [self.b, c] or not exists(d.e)) and len(f) > g.h')).toEqual(
      [
        { path: 'check.ok', column: 10, length: 8 },
        { path: 'input.a', column: 31, length: 7 },
        { path: 'self.b', column: 43, length: 6 },
        { path: 'd.e', column: 68, length: 3 },
        { path: 'f', column: 82, length: 1 },
        { path: 'g.h', column: 87, length: 3 },
      ],
    );
  });

  it('leaves bare-word strings and literals out, keeps repeats', () => {
    expect(paths('a = urgent or a = "b" or a is null').map((p) => p.path)).toEqual(['a', 'a', 'a']);
  });

  it('is empty for a constant', () => {
    expect(paths('true')).toEqual([]);
  });
});
