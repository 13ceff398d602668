import { describe, expect, it } from 'vitest';
import { rateExpression } from '../../../compiler/schedule/rate.ts';

const at = { file: 'app.dsl', line: 3, column: 13 };

describe('rateExpression', () => {
  it.each([
    [60, 'rate(1 minute)'],
    [120, 'rate(2 minutes)'],
    [900, 'rate(15 minutes)'],
    [5400, 'rate(90 minutes)'],
    [3600, 'rate(1 hour)'],
    [7200, 'rate(2 hours)'],
    [86_400, 'rate(1 day)'],
    [90_000, 'rate(25 hours)'],
    [604_800, 'rate(7 days)'],
  ])('%i s → %s', (seconds, expected) => {
    expect(rateExpression(seconds, at)).toEqual({ expression: expected, diagnostics: [] });
  });

  it.each([0, -60, 1.5, 30, 59, 90, 3601, Number.NaN, Number.POSITIVE_INFINITY])(
    'rejects %d s with DZ319 at the interval',
    (seconds) => {
      const { expression, diagnostics } = rateExpression(seconds, at);
      expect(expression).toBeUndefined();
      expect(diagnostics.map((d) => [d.code, d.severity, d.line, d.column])).toEqual([
        ['DZ319', 'error', 3, 13],
      ]);
    },
  );
});
