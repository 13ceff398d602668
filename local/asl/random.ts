/** Seeded randomness, so retry jitter, `$random()`, `$uuid()` and task tokens replay identically. */

/** A source of floats in [0, 1). */
export type Random = () => number;

/** mulberry32: small, fast, good enough for jitter and ids (not for secrets). */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit seed from any JSON value (for `$random(seed)`). */
export function seedOf(value: unknown, from?: number): number {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  let h = from ?? 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

function randomBytes(random: Random, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(Math.floor(random() * 256));
  return out;
}

/** The 16 bytes of an RFC 4122 version 4 UUID drawn from `random`, as two-digit hex strings. */
export function uuidV4Bytes(random: Random): string[] {
  const out: string[] = [];
  for (let i = 0; i < 16; i++) {
    let byte = Math.floor(random() * 256);
    if (i === 6) byte = (byte & 0x0f) | 0x40;
    else if (i === 8) byte = (byte & 0x3f) | 0x80;
    out.push(HEX[byte]);
  }
  return out;
}

/**
 * An RFC 4122 version 4 UUID drawn from `random`. Built with `join`, so the text is one flat
 * string: appending 16 pieces leaves a tree of ~20 concatenation nodes in V8, which an execution's
 * history kept alive (several per execution, the largest share of its memory).
 */
export function uuidV4(random: Random): string {
  const b = uuidV4Bytes(random);
  return [
    b[0] + b[1] + b[2] + b[3],
    b[4] + b[5],
    b[6] + b[7],
    b[8] + b[9],
    b[10] + b[11] + b[12] + b[13] + b[14] + b[15],
  ].join('-');
}

export const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** An opaque task token (AWS tokens are up to 2,048 characters; ours are 128). */
export function taskToken(random: Random): string {
  return Buffer.from(randomBytes(random, 96)).toString('base64url');
}
