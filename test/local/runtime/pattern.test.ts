import { describe, expect, it } from 'vitest';
import { type EventPattern, InvalidPattern, matchesPattern } from '../../../local/bus/pattern.ts';

const event = {
  source: 'dazzle.shop',
  'detail-type': 'EntityStatusChanged',
  detail: {
    entity: 'Order',
    to_status: 'confirmed',
    amount: 120,
    tags: ['vip', 'eu'],
    customer: { tier: 'gold' },
  },
};
const matches = (pattern: EventPattern) => matchesPattern(pattern, event);

describe('matchesPattern', () => {
  it('matches exact values on top-level and nested detail fields', () => {
    expect(
      matches({ source: ['dazzle.shop'], detail: { entity: ['Order'], to_status: ['confirmed'] } }),
    ).toBe(true);
    expect(matches({ detail: { to_status: ['shipped', 'confirmed'] } })).toBe(true);
    expect(matches({ detail: { to_status: ['shipped'] } })).toBe(false);
    expect(matches({ detail: { customer: { tier: ['gold'] } } })).toBe(true);
    expect(matches({ detail: { missing: ['x'] } })).toBe(false);
  });

  it('matches an array value when any element matches', () => {
    expect(matches({ detail: { tags: ['eu'] } })).toBe(true);
    expect(matches({ detail: { tags: ['us'] } })).toBe(false);
  });

  it('supports prefix, anything-but (values and prefix), numeric and exists', () => {
    expect(matches({ source: [{ prefix: 'dazzle.' }] })).toBe(true);
    expect(matches({ source: [{ prefix: 'aws.' }] })).toBe(false);
    expect(matches({ detail: { to_status: [{ 'anything-but': ['cancelled', 'draft'] }] } })).toBe(true);
    expect(matches({ detail: { to_status: [{ 'anything-but': 'confirmed' }] } })).toBe(false);
    expect(matches({ detail: { to_status: [{ 'anything-but': { prefix: 'conf' } }] } })).toBe(false);
    expect(matches({ detail: { amount: [{ numeric: ['>', 100, '<=', 120] }] } })).toBe(true);
    expect(matches({ detail: { amount: [{ numeric: ['<', 100] }] } })).toBe(false);
    expect(matches({ detail: { to_status: [{ numeric: ['>', 0] }] } })).toBe(false);
    expect(matches({ detail: { amount: [{ exists: true }], note: [{ exists: false }] } })).toBe(true);
    expect(matches({ detail: { note: [{ exists: true }] } })).toBe(false);
  });

  it('rejects operators it does not implement by name', () => {
    expect(() => matches({ detail: { amount: [{ wildcard: '1*' }] } })).toThrow(InvalidPattern);
  });
});
