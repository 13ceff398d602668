/**
 * Django-style field filters evaluated in memory (exact semantics for every op, including
 * `icontains` and `isnull`, which DynamoDB filter expressions cannot express). Pure.
 */
import type { FieldFilter, FilterOp } from '../../compiler/contracts/runtime.ts';

/** Value at a dotted path (`customer.name`); undefined when any segment is missing. */
export function fieldValue(row: Record<string, unknown>, path: string): unknown {
  let value: unknown = row;
  for (const seg of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[seg];
  }
  return value;
}

const isNull = (v: unknown) => v === undefined || v === null;

function equal(a: unknown, b: unknown): boolean {
  if (isNull(a) && isNull(b)) return true;
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null)
    return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

/** Ordering only between two numbers or two strings (ISO dates order as strings); else no match. */
function compare(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}

function ordered(a: unknown, b: unknown, test: (c: number) => boolean): boolean {
  const c = compare(a, b);
  return c !== undefined && test(c);
}

function contains(a: unknown, b: unknown, fold: boolean): boolean {
  if (typeof a === 'string' && typeof b === 'string')
    return fold ? a.toLowerCase().includes(b.toLowerCase()) : a.includes(b);
  if (Array.isArray(a))
    return a.some((x) =>
      fold && typeof x === 'string' && typeof b === 'string'
        ? x.toLowerCase() === b.toLowerCase()
        : equal(x, b),
    );
  return false;
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

const OPS: { readonly [O in FilterOp]: (field: unknown, value: unknown) => boolean } = {
  eq: equal,
  ne: (a, b) => !equal(a, b),
  gt: (a, b) => ordered(a, b, (c) => c > 0),
  gte: (a, b) => ordered(a, b, (c) => c >= 0),
  lt: (a, b) => ordered(a, b, (c) => c < 0),
  lte: (a, b) => ordered(a, b, (c) => c <= 0),
  in: (a, b) => asList(b).some((x) => equal(a, x)),
  not_in: (a, b) => !asList(b).some((x) => equal(a, x)),
  contains: (a, b) => contains(a, b, false),
  icontains: (a, b) => contains(a, b, true),
  isnull: (a, b) => isNull(a) === (b === true || b === 'true'),
};

/**
 * Every filter holds. As in the condition language, a comparison with a missing operand (the row
 * has no value for the field, or the filter's value evaluated to nothing) is false, whatever the
 * op, `ne` and `not_in` included; only `isnull` looks at missing values.
 */
export function matches(row: Record<string, unknown>, filter: readonly FieldFilter[]): boolean {
  return filter.every((f) => {
    const value = fieldValue(row, f.field);
    if (f.op === 'isnull') return OPS.isnull(value, f.value);
    if (isNull(value) || f.value === undefined) return false;
    return OPS[f.op](value, f.value);
  });
}
