/** Seeded randomness, so retry jitter, `$random()`, `$uuid()` and task tokens replay identically. */

/** A source of floats in [0, 1). */
export type Random = () => number;

/**
 * A source whose draws can also be taken as bytes: `random()` is a 32-bit integer draw over
 * 2 ** 32, so a byte drawn as `Math.floor(random() * 256)` is that integer's top 8 bits, which
 * `byte()` returns without a boxed number per draw.
 */
interface ByteRandom extends Random {
  byte(): number;
}

/** mulberry32: small, fast, good enough for jitter and ids (not for secrets). */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  /** The next 32-bit draw, shifted right by `shift` bits. */
  const draw = (shift: number) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> shift;
  };
  const random = (() => draw(0) / 4294967296) as ByteRandom;
  random.byte = () => draw(24);
  return random;
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

/** The byte `i` (0–15) of a version 4 UUID, drawn from `random`. */
function uuidByte(random: Random, drawByte: (() => number) | undefined, i: number): number {
  const byte = drawByte ? drawByte() : Math.floor(random() * 256);
  if (i === 6) return (byte & 0x0f) | 0x40;
  if (i === 8) return (byte & 0x3f) | 0x80;
  return byte;
}

/** The 16 bytes of an RFC 4122 version 4 UUID drawn from `random`, as two-digit hex strings. */
export function uuidV4Bytes(random: Random): string[] {
  const drawByte = (random as Partial<ByteRandom>).byte;
  const out: string[] = [];
  for (let i = 0; i < 16; i++) out.push(HEX[uuidByte(random, drawByte, i)]);
  return out;
}

/**
 * The pieces of a prefixed UUID: the prefix, 16 bytes and 4 dashes. Reused by every call, at its
 * full length (emptied, an array gives its room back and grows again at the next call).
 */
const PARTS: string[] = Array.from({ length: 21 }, () => '-');

/**
 * `prefix` followed by an RFC 4122 version 4 UUID drawn from `random`, as one flat string: joined
 * from its pieces at once (appending 16 pieces leaves a tree of ~20 concatenation nodes in V8,
 * which an execution's history kept alive), with no array, piece or boxed number per call.
 */
export function withUuidV4(prefix: string, random: Random): string {
  const drawByte = (random as Partial<ByteRandom>).byte;
  const parts = PARTS;
  parts[0] = prefix;
  // The dashes stay in place: before bytes 4, 6, 8 and 10.
  let at = 1;
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) at++;
    parts[at++] = HEX[uuidByte(random, drawByte, i)];
  }
  const text = parts.join('');
  parts[0] = '';
  return text;
}

/** An RFC 4122 version 4 UUID drawn from `random`. */
export function uuidV4(random: Random): string {
  return withUuidV4('', random);
}

export const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** An opaque task token (AWS tokens are up to 2,048 characters; ours are 128). */
export function taskToken(random: Random): string {
  return Buffer.from(randomBytes(random, 96)).toString('base64url');
}
