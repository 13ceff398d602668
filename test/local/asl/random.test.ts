/**
 * Ids drawn from the seeded source (random.ts) are the ones the float draws give: a byte is
 * `Math.floor(random() * 256)` of mulberry32 (its reference steps below), whichever way it is drawn.
 */
import { describe, expect, it } from 'vitest';
import { type Random, seededRandom, uuidV4, uuidV4Bytes, withUuidV4 } from '../../../local/asl/random.ts';

/** mulberry32 as published (floats in [0, 1)). */
function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A version 4 UUID from float draws, byte by byte (RFC 4122: version 4, variant 10). */
function referenceUuid(random: Random): string {
  const hex: string[] = [];
  for (let i = 0; i < 16; i++) {
    let byte = Math.floor(random() * 256);
    if (i === 6) byte = (byte & 0x0f) | 0x40;
    if (i === 8) byte = (byte & 0x3f) | 0x80;
    hex.push(byte.toString(16).padStart(2, '0'));
  }
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

describe('seeded ids', () => {
  it('draws the floats of mulberry32', () => {
    for (const seed of [0, 1, 42, 2 ** 31, 2 ** 32 - 1]) {
      const ours = seededRandom(seed);
      const reference = mulberry32(seed);
      for (let i = 0; i < 100; i++) expect(ours()).toBe(reference());
    }
  });

  it('gives the UUIDs of the float draws, alone, after a prefix, or as bytes', () => {
    for (let seed = 0; seed < 200; seed++) {
      const ours = seededRandom(seed);
      const reference = mulberry32(seed);
      // A source of floats only (a user's own `random` option) takes the same draws.
      const plain = seededRandom(seed);
      const floats: Random = () => plain();
      for (let i = 0; i < 3; i++) {
        const expected = referenceUuid(reference);
        expect(expected).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(uuidV4(ours)).toBe(expected);
        expect(uuidV4(floats)).toBe(expected);
      }
      expect(withUuidV4('arn:x:', ours)).toBe(`arn:x:${referenceUuid(reference)}`);
      expect(uuidV4Bytes(ours).join('')).toBe(referenceUuid(reference).replaceAll('-', ''));
      // Draws interleave with plain ones as a single sequence.
      expect(ours()).toBe(reference());
    }
  });
});
