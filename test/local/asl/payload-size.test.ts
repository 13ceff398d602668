/**
 * The payload limit is checked without building JSON text when a bound from above proves the
 * payload small; the bound must never be below the real size (JSON.stringify + UTF-8 is the judge).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonBytesAtMost } from '../../../local/asl/state-runner.ts';

const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v) ?? '', 'utf8');

describe('payload size bound', () => {
  it('is never below the UTF-8 size of the JSON text, on random values', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.jsonValue(), fc.double({ noNaN: true, noDefaultInfinity: true })),
        fc.string({ unit: 'binary' }),
        (value, text) => {
          for (const v of [value, text, { [text]: value }, [value, text]]) {
            const bound = jsonBytesAtMost(v, Number.MAX_SAFE_INTEGER);
            expect(bound).toBeDefined();
            expect(bound).toBeGreaterThanOrEqual(bytes(v));
          }
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('gives up past the budget, and on values that write their own JSON', () => {
    expect(jsonBytesAtMost('x'.repeat(1000), 1000)).toBeUndefined();
    expect(jsonBytesAtMost({ a: ['x'.repeat(100)] }, 100)).toBeUndefined();
    expect(jsonBytesAtMost({ at: new Date(0) }, 1000)).toBeUndefined();
    // The longest number texts: 17 digits after six zeros (found by the property above).
    for (const n of [-0.0000010472566105806121, -1.7976931348623157e308, Number.MIN_VALUE]) {
      expect(jsonBytesAtMost(n, 1000)).toBeGreaterThanOrEqual(bytes(n));
    }
    expect(jsonBytesAtMost([1, 'é', null, true, {}], 1000)).toBeGreaterThanOrEqual(
      bytes([1, 'é', null, true, {}]),
    );
  });
});
