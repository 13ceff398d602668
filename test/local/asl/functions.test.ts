/**
 * The JSONata functions Step Functions adds, pinned to the examples of
 * https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 * ($partition, $range, $hash, $random with a seed, $uuid, $parse).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AslEngine } from '../../../local/asl/index.ts';
import { machine, run } from './helpers.ts';

async function evaluate(expression: string, input: unknown = {}, engine = new AslEngine()) {
  const result = await run(
    engine,
    machine({ P: { Type: 'Pass', Output: `{% ${expression} %}`, End: true } }),
    input,
  );
  if (result.status !== 'SUCCEEDED') throw new Error(`${result.error}: ${result.cause}`);
  return result.output;
}

describe('AWS JSONata functions', () => {
  it('$partition splits an array into chunks', async () => {
    expect(await evaluate('$partition([1,2,3,4,5,6,7,8,9], 3)')).toEqual([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    expect(await evaluate('$partition([1,2,3], 2)')).toEqual([[1, 2], [3]]);
  });

  it('$range includes the end and honours the step', async () => {
    expect(await evaluate('$range(0, 10, 2)')).toEqual([0, 2, 4, 6, 8, 10]);
    expect(await evaluate('$range(5, 1, -2)')).toEqual([5, 3, 1]);
  });

  it('$hash hashes a string with the named algorithm, as hex', async () => {
    expect(await evaluate("$hash('input data', 'SHA-256')")).toBe(
      createHash('sha256').update('input data').digest('hex'),
    );
    expect(await evaluate("$hash('x', 'MD5')")).toBe(createHash('md5').update('x').digest('hex'));
    const bad = await run(
      new AslEngine(),
      machine({ P: { Type: 'Pass', Output: "{% $hash('x', 'CRC32') %}", End: true } }),
    );
    expect(bad.error).toBe('States.QueryEvaluationError');
  });

  it('$random returns the same number for the same seed, in [0, 1)', async () => {
    const [a, b, c] = (await evaluate('[$random(42), $random(42), $random(7)]')) as number[];
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(1);
  });

  it('$uuid returns a version 4 UUID', async () => {
    expect(await evaluate('$uuid()')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('$parse turns a JSON string into JSON', async () => {
    expect(await evaluate('$parse($states.input.json)', { json: '{"a":[1,{"b":true}]}' })).toEqual({
      a: [1, { b: true }],
    });
  });

  it('$now and $millis read the engine clock', async () => {
    expect(await evaluate('[$now(), $millis()]')).toEqual([
      '2025-01-01T00:00:00.000Z',
      Date.parse('2025-01-01T00:00:00Z'),
    ]);
  });

  it('an expression that yields nothing is States.QueryEvaluationError', async () => {
    const result = await run(
      new AslEngine(),
      machine({ P: { Type: 'Pass', Output: '{% $states.input.nope %}', End: true } }),
    );
    expect(result.error).toBe('States.QueryEvaluationError');
    expect(result.cause).toContain('returned nothing');
  });
});
