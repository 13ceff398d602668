import { describe, expect, it } from 'vitest';
import { InvalidFieldError } from '../../../lambdas/shared/errors.ts';
import { validateFields } from '../../../lambdas/shared/fields.ts';

const field = (name: string, type: string, required = false, dflt?: string) => ({
  name,
  type,
  required,
  ...(dflt !== undefined && { default: dflt }),
});

function fieldError(fields: ReturnType<typeof field>[], data: unknown): string | undefined {
  try {
    validateFields(fields, data, 'form');
    return undefined;
  } catch (err) {
    return err instanceof InvalidFieldError ? err.field : 'other';
  }
}

describe('validateFields', () => {
  it.each([
    ['str', 'x', 1],
    ['str(3)', 'abc', 'abcd'],
    ['text', 'long text', {}],
    ['int', 3, 3.5],
    ['float', 3.5, '3.5'],
    ['decimal(10,2)', '12.50', '12,50'],
    ['decimal', 12.5, true],
    ['bool', false, 'false'],
    ['date', '2026-02-28', '2026-02-30'],
    ['datetime', '2026-11-25T10:00:00Z', '2026-11-25 10:00'],
    ['uuid', '123e4567-e89b-12d3-a456-426614174000', '123'],
    ['email', 'a@b.co', 'not-an-email'],
    ['enum[low, high]', 'high', 'medium'],
    ['enum(low,high)', 'low', 'urgent'],
    ['ref Client', 'c-1', 7],
  ])('%s accepts %j and rejects %j naming the field', (type, good, bad) => {
    expect(fieldError([field('f', type)], { f: good })).toBeUndefined();
    expect(fieldError([field('f', type)], { f: bad })).toBe('f');
  });

  it('requires required fields and names the first missing one', () => {
    expect(fieldError([field('a', 'str', true), field('b', 'int', true)], { a: 'x' })).toBe('b');
    expect(fieldError([field('a', 'str', true)], { a: null })).toBe('a');
  });

  it('rejects fields the form does not declare', () => {
    expect(fieldError([field('a', 'str')], { a: 'x', extra: 1 })).toBe('extra');
  });

  it('applies typed defaults to missing fields', () => {
    const fields = [
      field('n', 'int', true, '5'),
      field('ok', 'bool', false, 'true'),
      field('s', 'str', false, 'normal'),
    ];
    expect(validateFields(fields, {}, 'form')).toEqual({ n: 5, ok: true, s: 'normal' });
  });

  it('accepts any value for a type it does not know (the compiler checks types)', () => {
    expect(validateFields([field('j', 'json')], { j: [1, { a: 2 }] }, 'form')).toEqual({ j: [1, { a: 2 }] });
  });

  it('rejects data that is not an object', () => {
    expect(fieldError([], [1])).toBe('other');
  });
});
