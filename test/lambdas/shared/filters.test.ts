import { describe, expect, it } from 'vitest';
import type { FieldFilter } from '../../../compiler/contracts/runtime.ts';
import { matches } from '../../../lambdas/shared/filters.ts';

const row = {
  status: 'open',
  total: 120,
  name: 'Acme Ltd',
  tags: ['vip', 'EU'],
  due: '2026-11-01',
  owner: null,
  nested: { a: 1 },
};
const f = (field: string, op: FieldFilter['op'], value: unknown): FieldFilter[] => [{ field, op, value }];

describe('matches', () => {
  it.each<[string, FieldFilter['op'], unknown, boolean]>([
    ['status', 'eq', 'open', true],
    ['status', 'eq', 'done', false],
    ['status', 'ne', 'done', true],
    ['missing', 'ne', 'x', false],
    ['owner', 'not_in', ['a'], false],
    ['owner', 'eq', null, false],
    ['total', 'gt', 100, true],
    ['total', 'gte', 120, true],
    ['total', 'lt', 120, false],
    ['total', 'lte', 120, true],
    ['total', 'gt', '100', false],
    ['due', 'lt', '2026-11-25', true],
    ['status', 'in', ['open', 'new'], true],
    ['status', 'not_in', ['done', 'cancelled'], true],
    ['status', 'not_in', ['open'], false],
    ['name', 'contains', 'Acme', true],
    ['name', 'contains', 'acme', false],
    ['name', 'icontains', 'acme', true],
    ['tags', 'contains', 'vip', true],
    ['tags', 'icontains', 'eu', true],
    ['owner', 'isnull', true, true],
    ['missing', 'isnull', true, true],
    ['status', 'isnull', false, true],
    ['status', 'isnull', true, false],
    ['nested.a', 'eq', 1, true],
    ['missing', 'gt', 1, false],
  ])('%s %s %j → %s', (field, op, value, expected) => {
    expect(matches(row, f(field, op, value))).toBe(expected);
  });

  it('a filter whose value evaluated to nothing matches no row', () => {
    expect(matches(row, [{ field: 'status', op: 'ne', value: undefined }])).toBe(false);
  });

  it('requires every filter to hold', () => {
    expect(matches(row, [...f('status', 'eq', 'open'), ...f('total', 'lt', 100)])).toBe(false);
    expect(matches(row, [])).toBe(true);
  });
});
