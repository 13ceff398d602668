/**
 * The JSONata functions Step Functions adds ($partition, $range, $hash, $random, $uuid, $parse), see
 * https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html ("JSONata functions
 * provided by Step Functions"), plus `$now`/`$millis` read from the engine's clock so that runs on
 * the virtual clock are deterministic.
 */
import { createHash } from 'node:crypto';
import jsonata from 'jsonata';
import { STATES_ERRORS, StatesError } from './errors.ts';
import { type Random, seededRandom, seedOf, uuidV4 } from './random.ts';

const HASH_ALGORITHMS: Record<string, string> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

const fromMillis = jsonata('$fromMillis($m, $p, $t)');

function fail(message: string): never {
  throw new StatesError(STATES_ERRORS.queryEvaluationError, message);
}

/**
 * A JSONata sequence: like the built-in functions' results, one item collapses to the item itself
 * and none to nothing (on AWS `$range(1, 9, 9)` is `1`, recorded in test/local/asl/aws-recorded,
 * test_array_range). jsonata marks its sequences with a `sequence` property.
 */
function sequence<T>(items: T[]): T[] {
  return Object.defineProperty(items, 'sequence', { value: true, enumerable: false });
}

/** Function bindings for one evaluation context (clock and random source of the engine). */
export function awsFunctions(now: () => number, random: Random): Record<string, unknown> {
  return {
    partition: (array: unknown, size: unknown) => {
      if (!Array.isArray(array)) fail('$partition: the first argument must be an array');
      if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) {
        fail('$partition: the chunk size must be a positive integer');
      }
      const chunks: unknown[][] = [];
      for (let i = 0; i < array.length; i += size) chunks.push(array.slice(i, i + size));
      return chunks;
    },
    range: (start: unknown, end: unknown, step: unknown = 1) => {
      if (typeof start !== 'number' || typeof end !== 'number' || typeof step !== 'number' || step === 0) {
        fail('$range: start, end and a non-zero step must be numbers');
      }
      const out: number[] = [];
      if (step > 0) for (let v = start; v <= end; v += step) out.push(v);
      else for (let v = start; v >= end; v += step) out.push(v);
      if (out.length > 1000) fail('$range: the result may hold at most 1000 items');
      return sequence(out);
    },
    hash: (data: unknown, algorithm: unknown) => {
      if (typeof data !== 'string') fail('$hash: the data must be a string');
      const name = typeof algorithm === 'string' ? HASH_ALGORITHMS[algorithm] : undefined;
      if (!name)
        fail(
          `$hash: unsupported algorithm ${JSON.stringify(algorithm)} (${Object.keys(HASH_ALGORITHMS).join(', ')})`,
        );
      return createHash(name).update(data).digest('hex');
    },
    random: (seed?: unknown) => (seed === undefined ? random() : seededRandom(seedOf(seed))()),
    uuid: () => uuidV4(random),
    parse: (text: unknown) => {
      if (typeof text !== 'string') fail('$parse: the argument must be a JSON string');
      try {
        return JSON.parse(text);
      } catch (error) {
        fail(`$parse: ${(error as Error).message}`);
      }
    },
    millis: () => now(),
    now: (picture?: unknown, timezone?: unknown) =>
      picture === undefined && timezone === undefined
        ? new Date(now()).toISOString()
        : fromMillis.evaluate(undefined, { m: now(), p: picture, t: timezone }),
  };
}
