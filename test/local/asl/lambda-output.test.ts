/**
 * The request and trace ids of a `lambda:invoke` result are drawn from a seed per call: the
 * integer-only generator (lambda-output.ts) must give the very ids `uuidV4(seededRandom(seed))`
 * gives, so that seeded runs replay as before.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Recipe } from '../../../local/asl/history.ts';
import {
  lambdaInvokeOutput,
  metadataBytesAtMost,
  requestIds,
} from '../../../local/asl/integrations/lambda-output.ts';
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

describe('lambda:invoke result built when first read', () => {
  /** The result and the value its recipe builds eagerly (what the history keeps). */
  function both(payload: unknown, seed = 7, now = Date.UTC(2026, 11, 5)) {
    let recipe: Recipe | undefined;
    let sized: unknown;
    const output = lambdaInvokeOutput({ Payload: payload }, now, seed, {
      rebuildable: (_v, r) => {
        recipe = r;
      },
      sized: (v) => {
        sized = v;
      },
    });
    if (!recipe) throw new Error('no recipe');
    return { output, built: recipe.build() as Record<string, unknown>, sized };
  }

  it('reads, lists, serializes and clones as the built value, in the keys order AWS gives', () => {
    const { output, built } = both({ ok: true });
    // The key order of a lambda:invoke result recorded on AWS (LocalStack snapshot test_base_task_lambda).
    expect(Object.keys(output)).toEqual([
      'ExecutedVersion',
      'Payload',
      'SdkHttpMetadata',
      'SdkResponseMetadata',
      'StatusCode',
    ]);
    expect(JSON.stringify(output)).toBe(JSON.stringify(built));
    expect(structuredClone(output)).toEqual(built);
    expect({ ...output }).toEqual(built);
    expect(output.SdkHttpMetadata).toBe(output.SdkHttpMetadata);
    expect(output.SdkResponseMetadata).toEqual({ RequestId: expect.any(String) });
    expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
  });

  it('bounds the metadata from above for any version, payload length and time a Date holds', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.integer({ min: 0, max: 10 ** 9 }),
        fc.integer({ min: 0, max: 8.64e15 }),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        (version, length, now, seed) => {
          const output = lambdaInvokeOutput(
            { Payload: null, ExecutedVersion: version, PayloadJson: 'x'.repeat(length % 5000) },
            now,
            seed,
          );
          const bytes = Buffer.byteLength(JSON.stringify(output), 'utf8');
          expect(bytes).toBeLessThanOrEqual(metadataBytesAtMost(version));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('says a result is within the payload limit only when it is', () => {
    expect(both({ a: 'x'.repeat(1000) }).sized).toBeDefined();
    // Near the limit the bound gives up and the task measures the result exactly.
    expect(both('x'.repeat(256 * 1024 - 100)).sized).toBeUndefined();
  });
});
