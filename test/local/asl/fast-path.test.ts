/**
 * The fast path must agree with jsonata itself (the judge, not written by us): on random
 * expressions of the subset and around it, and random bindings, whenever the fast path returns a
 * value, jsonata returns the same value; when jsonata throws, the fast path hands over (BAIL).
 */
import fc from 'fast-check';
import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { BAIL, compileFastPath } from '../../../local/asl/fast-path.ts';

const KEYS = ['k', 'x', 'y'];
const VARIABLES = ['a', 'b', 'v', 'missing', 'exists', 'string'];

/** JSON values whose object keys collide with the ones the expressions read. */
const { json } = fc.letrec((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, true, false, 0, 1, -2.5, '', 'text'),
    fc.array(tie('json'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('json'), { maxKeys: 3 }),
  ),
}));

const bindingsArb = fc.oneof(
  { weight: 9, arbitrary: fc.record({ a: json, b: json, v: json }, { requiredKeys: ['a', 'b'] }) },
  // A variable named like a function shadows it in jsonata.
  { weight: 1, arbitrary: fc.record({ a: json, b: json, exists: json, string: json }) },
);

const { expr } = fc.letrec((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom("'a'", "''", '1', '0', '1.5', 'true', 'false', 'null'),
    fc.constantFrom(...VARIABLES).map((v) => `$${v}`),
    fc
      .tuple(
        fc.constantFrom(...VARIABLES),
        fc.array(fc.constantFrom(...KEYS), { minLength: 1, maxLength: 3 }),
      )
      .map(([v, keys]) => `$${v}.${keys.join('.')}`),
    fc
      .array(fc.tuple(fc.constantFrom(...KEYS), tie('expr')), { maxLength: 3 })
      .map((pairs) => `{${pairs.map(([k, e]) => `'${k}': ${e}`).join(', ')}}`),
    fc.array(tie('expr'), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
    fc
      .tuple(fc.constantFrom('v', 'a', 'x'), tie('expr'), tie('expr'))
      .map(([v, rhs, body]) => `($${v} := ${rhs}; ${body})`),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([c, t, e]) => `(${c} ? ${t} : ${e})`),
    fc.tuple(tie('expr'), tie('expr')).map(([c, t]) => `(${c} ? ${t})`),
    tie('expr').map((e) => `$exists(${e})`),
    tie('expr').map((e) => `$merge(${e})`),
    // Around the subset: these must be left to jsonata.
    fc.constantFrom('$', '$$', '$a[0]', '$a.*', '$count($a)', '$a.k[x = 1]', '-1', '$a + 1', '$string($b)'),
  ),
}));

async function jsonataResult(source: string, bindings: Record<string, unknown>) {
  try {
    return { value: await jsonata(source).evaluate(undefined, bindings) };
  } catch (error) {
    return { error };
  }
}

describe('fast path', () => {
  it('compiles the shapes the compiler emits per state', () => {
    for (const source of [
      "{'step': 's', 'execution': {'id': $states.context.Execution.Id}, 'input': {'n': ($dz_v := $input.n; $exists($dz_v) ? $dz_v : null)}}",
      "($r := $states.result.Payload; $merge([$steps, {'s': $r}]))",
      '$states.input.order.id',
    ]) {
      expect(compileFastPath(jsonata(source).ast(), {}), source).toBeDefined();
    }
  });

  it('leaves everything outside the subset to jsonata', () => {
    for (const source of ['$count($a)', '$a[0]', '$a.*', '$', '$x := 1', '$a + 1', "{'k': 1, 'k': 2}"]) {
      expect(compileFastPath(jsonata(source).ast(), {}), source).toBeUndefined();
    }
    // Names bound into the expression as functions are not variables of the subset.
    expect(compileFastPath(jsonata('$partition').ast(), { partition: () => [] })).toBeUndefined();
  });

  it('returns what jsonata returns, or hands over, on random expressions and bindings', async () => {
    let agreed = 0;
    await fc.assert(
      fc.asyncProperty(expr, bindingsArb, async (source, bindings) => {
        const fast = compileFastPath(jsonata(source).ast(), {});
        if (!fast) return;
        const result = fast(bindings);
        if (result === BAIL) return;
        const judge = await jsonataResult(source, bindings);
        expect(judge.error, `${source} threw in jsonata`).toBeUndefined();
        expect(result, source).toStrictEqual(judge.value);
        agreed++;
      }),
      { numRuns: 3000 },
    );
    // The property is not vacuous: most random expressions of the subset are answered.
    expect(agreed).toBeGreaterThan(600);
  });
});
