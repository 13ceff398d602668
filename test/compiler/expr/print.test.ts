import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../../compiler/expr/parser.ts';
import { printExpression } from '../../../compiler/expr/print.ts';

const at = { file: 'app.dsl', line: 1, column: 1 };
const options = { knownRoots: ['priority', 'Invoice'] };

function normalise(text: string): string {
  const { ast, diagnostics } = parseExpression(text, at, options);
  expect(diagnostics).toEqual([]);
  return printExpression(ast!);
}

describe('printExpression', () => {
  it.each([
    ['priority   =   urgent', 'priority == urgent'],
    ['Invoice . total>10000', 'Invoice.total > 10000'],
    ["a = 'x'", 'a == "x"'],
    ['a not in [x ,  "y",3]', 'a not_in [x, "y", 3]'],
    ['((a = 1))', 'a == 1'],
    ['(a or b) and c', '(a or b) and c'],
    ['a or (b and c)', 'a or b and c'],
    ['not (a and b)', 'not (a and b)'],
    ['not (a = 1)', 'not a == 1'],
    ['(a and b) and c', '(a and b) and c'],
    ['a and (b or c) and d', 'a and (b or c) and d'],
    ['(a = b) == true', '(a == b) == true'],
    ['x is  not   null', 'x is not null'],
    ['exists( self.owner )', 'exists(self.owner)'],
    ['len(input.items)>=2', 'len(input.items) >= 2'],
    ['created < now ( )', 'created < now()'],
    ['a = "line\\nbreak \\"q\\""', 'a == "line\\nbreak \\"q\\""'],
    ['a = -1.50', 'a == -1.5'],
    ['a = null', 'a == null'],
  ])('prints %j as %j', (text, expected) => {
    expect(normalise(text)).toBe(expected);
  });

  it('is idempotent: printing the parse of a print gives the same text', () => {
    const texts = [
      'a = 1 or b = 2 and not (c in [x, 1, "y"] or d is null)',
      'not not exists(input.a) and len(self.tags) > 0',
      "priority = urgent and Invoice.total >= '100' or today() > self.due",
      '((a))',
    ];
    for (const text of texts) {
      const once = normalise(text);
      expect(normalise(once)).toBe(once);
    }
  });
});
