import { describe, expect, it } from 'vitest';
import {
  array,
  CheckError,
  nullable,
  num,
  object,
  oneOf,
  optional,
  record,
  str,
  tagged,
  unknown,
  withDefault,
} from '../../../lambdas/shared/check.ts';

const pathOf = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return err instanceof CheckError ? err.path : 'not a CheckError';
  }
  return undefined;
};

describe('check', () => {
  const shape = object({
    a: str({ min: 1 }),
    b: optional(num({ int: true })),
    c: withDefault(array(oneOf(['x', 'y'])), []),
    d: nullable(str()),
    e: withDefault(record(unknown()), {}),
  });

  it('strips unknown keys, fills defaults, leaves absent optionals out', () => {
    expect(shape({ a: 'v', extra: 1, d: null })).toEqual({ a: 'v', c: [], e: {} });
    expect(shape({ a: 'v', b: 2, c: ['y'], d: 'z', e: { k: 1 } })).toEqual({
      a: 'v',
      b: 2,
      c: ['y'],
      d: 'z',
      e: { k: 1 },
    });
  });

  it('reports the path of the first bad value', () => {
    expect(pathOf(() => shape({ a: '' }))).toBe('a');
    expect(pathOf(() => shape({ a: 'v', b: 1.5 }))).toBe('b');
    expect(pathOf(() => shape({ a: 'v', c: ['x', 'z'] }))).toBe('c.1');
    expect(pathOf(() => shape({ a: 'v', e: [] }))).toBe('e');
    expect(pathOf(() => shape('nope'))).toBe('');
    expect(() => shape({})).toThrow('a: expected a string');
  });

  it('tells tagged variants apart', () => {
    const t = tagged('op', { add: object({ n: num() }), clear: object({}) });
    expect(t({ op: 'add', n: 1, x: 2 })).toEqual({ op: 'add', n: 1 });
    expect(t({ op: 'clear' })).toEqual({ op: 'clear' });
    expect(pathOf(() => t({ op: 'mul' }))).toBe('op');
    expect(pathOf(() => t({ op: 'toString' }))).toBe('op');
    expect(pathOf(() => t({ op: 'add', n: 'x' }))).toBe('n');
  });
});
