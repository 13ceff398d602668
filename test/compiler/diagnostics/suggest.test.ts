import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, suggestionList } from '../../../compiler/diagnostics/suggest.ts';

describe('suggest', () => {
  it('measures edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('suggests near names nearest first, and nothing for far ones', () => {
    expect(suggestionList('notify_custmer', ['notify_customer', 'notify_shipping'])).toEqual([
      'notify_customer',
    ]);
    expect(suggestionList('Refund', ['refund', 'refunds'])).toEqual(['refund', 'refunds']);
    expect(suggestionList('a', ['b'])).toEqual([]);
    expect(suggestionList('boolean', ['bool', 'int'])).toEqual(['bool']);
  });

  it('phrases one or two suggestions', () => {
    expect(didYouMean('lt', ['gt', 'lte', 'in'])).toBe(' Did you mean "gt" or "lte"?');
    expect(didYouMean('xyz', ['complete'])).toBe('');
  });
});
