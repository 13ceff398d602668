/**
 * The request and trace ids of a `lambda:invoke` result are drawn from a seed per call: the
 * integer-only generator (lambda-output.ts) must give the very ids `uuidV4(seededRandom(seed))`
 * gives, so that seeded runs replay as before.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestIds } from '../../../local/asl/integrations/lambda-output.ts';
import { seededRandom, uuidV4, uuidV4Bytes } from '../../../local/asl/random.ts';

describe('lambda:invoke request ids', () => {
  it('are the seeded random source draws, on random seeds and times', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 0, max: 2 ** 42 }),
        (seed, now) => {
          const random = seededRandom(seed);
          const requestId = uuidV4(random);
          const trace = `Root=1-${Math.floor(now / 1000).toString(16)}-${uuidV4Bytes(random).slice(0, 12).join('')};Sampled=0`;
          expect(requestIds(seed, now)).toEqual([requestId, trace]);
          expect(requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
