/**
 * The fast path must agree with jsonata itself (the judge, not written by us): on random
 * expressions of the subset and around it, and random bindings, whenever the fast path returns a
 * value, jsonata returns the same value; when jsonata throws, the fast path hands over (BAIL).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { BAIL, compileFastPath, JSONATA_FUNCTIONS } from '../../../local/asl/fast-path.ts';

const KEYS = ['k', 'x', 'y'];
/** Object constructor keys: also ones a JavaScript source must escape, and `__proto__`. */
const CONSTRUCTOR_KEYS = [...KEYS, 'a"b', "it's", 'back\\slash', 'line\nbreak', '\u2028', '__proto__'];
const VARIABLES = ['a', 'b', 'v', 'missing', 'exists', 'string', 'type', 'count'];

/** JSON values whose object keys collide with the ones the expressions read. */
const { json } = fc.letrec((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, true, false, 0, 1, -2.5, '', 'text', 'k', 'x', 'null', 'object'),
    fc.array(tie('json'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('json'), { maxKeys: 3 }),
  ),
}));

const bindingsArb = fc.oneof(
  { weight: 9, arbitrary: fc.record({ a: json, b: json, v: json }, { requiredKeys: ['a', 'b'] }) },
  // A variable named like a function shadows it in jsonata.
  {
    weight: 1,
    arbitrary: fc.record({ a: json, b: json, exists: json, string: json, type: json, count: json }),
  },
);

const { expr } = fc.letrec((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(
      "'a'",
      "''",
      "'k'",
      "'x'",
      "'null'",
      "'object'",
      '1',
      '0',
      '1.5',
      'true',
      'false',
      'null',
    ),
    fc.constantFrom(...VARIABLES).map((v) => `$${v}`),
    fc
      .tuple(
        fc.constantFrom(...VARIABLES),
        fc.array(fc.constantFrom(...KEYS), { minLength: 1, maxLength: 3 }),
      )
      .map(([v, keys]) => `$${v}.${keys.join('.')}`),
    fc
      .array(fc.tuple(fc.constantFrom(...CONSTRUCTOR_KEYS), tie('expr')), { maxLength: 3 })
      .map((pairs) => `{${pairs.map(([k, e]) => `${JSON.stringify(k)}: ${e}`).join(', ')}}`),
    fc.array(tie('expr'), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
    fc
      .tuple(fc.constantFrom('v', 'a', 'x'), tie('expr'), tie('expr'))
      .map(([v, rhs, body]) => `($${v} := ${rhs}; ${body})`),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([c, t, e]) => `(${c} ? ${t} : ${e})`),
    fc.tuple(tie('expr'), tie('expr')).map(([c, t]) => `(${c} ? ${t})`),
    tie('expr').map((e) => `$exists(${e})`),
    tie('expr').map((e) => `$merge(${e})`),
    tie('expr').map((e) => `$type(${e})`),
    tie('expr').map((e) => `$not(${e})`),
    tie('expr').map((e) => `$count(${e})`),
    fc.tuple(tie('expr'), tie('expr')).map(([o, k]) => `$lookup(${o}, ${k})`),
    fc
      .tuple(tie('expr'), fc.constantFrom('=', '!=', '<', '<=', '>', '>=', 'and', 'or'), tie('expr'))
      .map(([l, op, r]) => `(${l} ${op} ${r})`),
    // A filter on an array constructor, `$` the item (the compiler's required-input check).
    fc
      .tuple(
        fc.array(tie('expr'), { maxLength: 3 }),
        fc.oneof(
          tie('expr'),
          fc.constantFrom(
            "$ = 'k'",
            "$type($) = 'string'",
            "($v := $lookup($a, $); $not($exists($v)) or $type($v) = 'null')",
            '$exists($lookup($b, $))',
          ),
        ),
      )
      .map(([items, predicate]) => `[${items.join(', ')}][${predicate}]`),
    // Around the subset: these must be left to jsonata.
    fc.constantFrom(
      '$',
      '$$',
      '$a[0]',
      '$a.*',
      '$sum($a)',
      '$a.k[x = 1]',
      '-1',
      '$a + 1',
      '$string($b)',
      "['k'][0]",
    ),
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
      // The input check and the run's init (compiler/asl: a process with a required input).
      "$count(['order_id'][($v := $lookup($states.context.Execution.Input.input, $); $not($exists($v)) or $type($v) = 'null')]) > 0",
      "$merge([{'count': 0}, $type($states.context.Execution.Input.input) = 'object' ? $states.context.Execution.Input.input : {}])",
    ]) {
      expect(compileFastPath(jsonata(source).ast(), {}), source).toBeDefined();
    }
  });

  it('leaves everything outside the subset to jsonata', () => {
    for (const source of ['$sum($a)', '$a[0]', '$a.*', '$', '$x := 1', '$a + 1', "{'k': 1, 'k': 2}"]) {
      expect(compileFastPath(jsonata(source).ast(), {}), source).toBeUndefined();
    }
    // A filter whose predicate is a number (an index) is handed over when it runs.
    expect(compileFastPath(jsonata("['k'][0]").ast(), {})?.({})).toBe(BAIL);
    // Names bound into the expression as functions are not variables of the subset.
    expect(compileFastPath(jsonata('$partition').ast(), { partition: () => [] })).toBeUndefined();
  });

  it("knows jsonata's own functions (an unbound variable of another name is undefined)", async () => {
    const source = readFileSync(createRequire(import.meta.url).resolve('jsonata'), 'utf8');
    const bound = [...source.matchAll(/\b(?:staticFrame|environment)\.bind\('(\w+)'/g)].map((m) => m[1]);
    expect(bound.length).toBeGreaterThan(60);
    expect([...JSONATA_FUNCTIONS].sort()).toEqual([...new Set(bound)].sort());
    for (const name of JSONATA_FUNCTIONS)
      expect(await jsonata(`$${name}`).evaluate(undefined, {}), name).toBeDefined();
    expect(await jsonata('$missing').evaluate(undefined, {})).toBeUndefined();
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
        // Keys in jsonata's order too (toStrictEqual ignores it; AWS's JSON texts do not).
        expect(JSON.stringify(result), source).toBe(JSON.stringify(judge.value));
        agreed++;
      }),
      { numRuns: 3000 },
    );
    // The property is not vacuous: most random expressions of the subset are answered.
    expect(agreed).toBeGreaterThan(600);
  });
});
