import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import {
  compileCondition,
  compileValue,
  EXPR_VARIABLES,
  type ExprScope,
  jsonataTemplate,
  resolvePath,
} from '../../../compiler/expr/jsonata.ts';
import { parseExpression } from '../../../compiler/expr/parser.ts';

const at = { file: 'app.dsl', line: 1, column: 1 };

/** What the workflow variables hold when a Condition is evaluated. */
interface State {
  input?: Record<string, unknown>;
  trigger?: Record<string, unknown>;
  steps?: Record<string, unknown>;
  item?: unknown;
  item_index?: number;
}

const defaultScope: ExprScope = {
  inputs: ['a', 'b', 'priority', 'items', 'due'],
  steps: ['check', 'review'],
  entities: ['Invoice'],
};

function ast(text: string, scope: ExprScope = defaultScope, mode?: 'value') {
  const knownRoots = [...scope.inputs, ...scope.steps, ...(scope.entities ?? [])];
  const result = parseExpression(text, at, { knownRoots, mode });
  expect(result.diagnostics).toEqual([]);
  return result.ast!;
}

async function evaluate(jsonataText: string, state: State): Promise<unknown> {
  return jsonata(jsonataText).evaluate({}, { input: {}, trigger: {}, steps: {}, ...state });
}

async function condition(text: string, state: State, scope: ExprScope = defaultScope): Promise<unknown> {
  return evaluate(compileCondition(ast(text, scope), scope), state);
}

/** A marker for "the field is absent". */
const MISSING = Symbol('missing');
type Sample = unknown;

const SAMPLES: readonly Sample[] = [
  MISSING,
  null,
  0,
  1,
  -1.5,
  12000,
  '12000',
  '1e3',
  '-1.5',
  '0',
  '',
  'abc',
  'ABC',
  '2026-03-01',
  '2026-11-25',
  ' 1',
  '0x10',
  '1e999',
  true,
  false,
  [],
  [1, 'a'],
  ['a'],
  {},
  { k: 1 },
];

/** An independent model of the documented semantics (DESIGN §3 / LANGUAGE §7 decisions). */
const reference = {
  num(v: Sample): number | undefined {
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d{1,2})?$/.test(v)) return Number(v);
    return undefined;
  },
  cmp(a: Sample, b: Sample): number | undefined {
    if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
    const x = reference.num(a);
    const y = reference.num(b);
    if (x === undefined || y === undefined) return undefined;
    return x < y ? -1 : x > y ? 1 : 0;
  },
  kind(v: Sample): string {
    return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
  },
  eq(a: Sample, b: Sample): boolean {
    if (a === MISSING || b === MISSING) return false;
    if (reference.kind(a) === reference.kind(b)) return JSON.stringify(a) === JSON.stringify(b);
    return reference.cmp(a, b) === 0;
  },
  in(a: Sample, b: Sample): boolean {
    if (a === MISSING || b === MISSING) return false;
    return (Array.isArray(b) ? b : [b]).some((e) => reference.eq(a, e));
  },
  compare(op: string, a: Sample, b: Sample): boolean {
    if (a === MISSING || b === MISSING) return false;
    const c = reference.cmp(a, b);
    switch (op) {
      case '==':
        return reference.eq(a, b);
      case '!=':
        return !reference.eq(a, b);
      case '>':
        return c === 1;
      case '>=':
        return c === 0 || c === 1;
      case '<':
        return c === -1;
      case '<=':
        return c === -1 || c === 0;
      case 'in':
        return reference.in(a, b);
      case 'not_in':
        return !reference.in(a, b);
      default:
        throw new Error(op);
    }
  },
};

function inputOf(a: Sample, b: Sample): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  if (a !== MISSING) input.a = a;
  if (b !== MISSING) input.b = b;
  return input;
}

describe('compileCondition: comparison semantics over every pair of data shapes', () => {
  for (const op of ['==', '!=', '>', '>=', '<', '<=', 'in', 'not_in']) {
    it(`input.a ${op} input.b agrees with the reference model and never raises`, async () => {
      const compiled = compileCondition(ast(`input.a ${op} input.b`), defaultScope);
      const negated = compileCondition(ast(`not input.a ${op} input.b`), defaultScope);
      const expression = jsonata(compiled);
      const negation = jsonata(negated);
      const failures: string[] = [];
      for (const a of SAMPLES) {
        for (const b of SAMPLES) {
          const bindings = { input: inputOf(a, b), trigger: {}, steps: {} };
          const actual = await expression.evaluate({}, bindings);
          const expected = reference.compare(op, a, b);
          const show = (v: Sample) => (v === MISSING ? 'missing' : JSON.stringify(v));
          if (actual !== expected) failures.push(`${show(a)} ${op} ${show(b)}: got ${String(actual)}`);
          const notActual = await negation.evaluate({}, bindings);
          if (notActual !== !expected)
            failures.push(`not ${show(a)} ${op} ${show(b)}: got ${String(notActual)}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }
});

describe('compileCondition: the documented cases', () => {
  it.each([
    // [expression, state, expected]
    ['Invoice.total > 10000', { trigger: { total: 12000 } }, true],
    ['Invoice.total > 10000', { trigger: { total: '12000' } }, true],
    ['Invoice.total > 10000', { trigger: { total: 9000 } }, false],
    ['Invoice.total > 10000', { trigger: { total: 'lots' } }, false],
    ['Invoice.total > 10000', { trigger: { total: null } }, false],
    ['Invoice.total > 10000', { trigger: {} }, false],
    ['not Invoice.total > 10000', { trigger: {} }, true],
    ['priority = urgent', { input: { priority: 'urgent' } }, true],
    ['priority = urgent', { input: { priority: 'URGENT' } }, false],
    ['priority = urgent', { input: {} }, false],
    ['priority != urgent', { input: {} }, false],
    ['priority != urgent', { input: { priority: 'low' } }, true],
    ['a == 1', { input: { a: 1.0 } }, true],
    ['a == "1"', { input: { a: 1 } }, true],
    ['a == "01"', { input: { a: 1 } }, false],
    ['a == "10.0"', { input: { a: '10' } }, false],
    ['a == true', { input: { a: 'true' } }, false],
    ['a == null', { input: { a: null } }, true],
    ['a == null', { input: {} }, false],
    ['a != null', { input: { a: 0 } }, true],
    ['a < "b"', { input: { a: 'a' } }, true],
    ['a < 5', { input: { a: 'a' } }, false],
    ['a < 5', { input: { a: true } }, false],
    ['a >= 5', { input: { a: [5] } }, false],
    ['a in [x, y]', { input: { a: 'y' } }, true],
    ['a in [1, 2]', { input: { a: '2' } }, true],
    ['a in []', { input: { a: 1 } }, false],
    ['a not_in []', { input: { a: 1 } }, true],
    ['a not_in [x]', { input: {} }, false],
    ['a in b', { input: { a: 'x', b: 'x' } }, true],
    ['a in b', { input: { a: 'x', b: ['y', 'x'] } }, true],
    ['a in [b, 3]', { input: { a: 3 } }, true],
    ['a is null', { input: {} }, true],
    ['a is null', { input: { a: null } }, true],
    ['a is null', { input: { a: 0 } }, false],
    ['a is not null', { input: { a: '' } }, true],
    ['a is not null', { input: {} }, false],
    ['exists(a)', { input: { a: false } }, true],
    ['exists(a)', { input: { a: null } }, false],
    ['exists(a.b.c)', { input: { a: { b: { c: 1 } } } }, true],
    ['exists(a.b.c)', { input: { a: 'flat' } }, false],
    ['a.b.c = 1', { input: { a: null } }, false],
    ['len(items) = 2', { input: { items: [1, 2] } }, true],
    ['len(items) = 3', { input: { items: 'abc' } }, true],
    ['len(items) = 1', { input: { items: { k: 1 } } }, true],
    ['len(items) = 0', { input: { items: 42 } }, false],
    ['len(items) = 0', { input: {} }, false],
    ['not len(items) > 0', { input: {} }, true],
    ['a', { input: { a: true } }, true],
    ['a', { input: { a: 'yes' } }, false],
    ['a', { input: {} }, false],
    ['not a', { input: {} }, true],
    ['true', {}, true],
    ['false or a = 1', { input: { a: 1 } }, true],
    ['a = 1 and b = 2', { input: { a: 1, b: 2 } }, true],
    ['a = 1 and b = 2', { input: { a: 1 } }, false],
    ['a = 1 or b = 2', { input: { b: 2 } }, true],
    ['not (a = 1 or b = 2)', { input: {} }, true],
  ] as const)('%s with %j is %s', async (text, state, expected) => {
    expect(await condition(text, state as State)).toBe(expected);
  });

  it('compares dates as strings and today()/now() as ISO strings', async () => {
    const today = new Date().toISOString().slice(0, 10);
    expect(await condition('due < today()', { input: { due: '2000-01-01' } })).toBe(true);
    expect(await condition('due < today()', { input: { due: '2999-01-01' } })).toBe(false);
    expect(await condition('due = today()', { input: { due: today } })).toBe(true);
    expect(
      await condition('self.created < now()', { trigger: { created: '2001-02-03T04:05:06.000Z' } }),
    ).toBe(true);
    expect(await evaluate(compileValue(ast('now()'), defaultScope), {})).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
    );
  });

  it('reads current_user() from the trigger, or where the scope says', async () => {
    expect(
      await condition('self.owner = current_user()', { trigger: { owner: 'ann', current_user: 'ann' } }),
    ).toBe(true);
    expect(await condition('self.owner = current_user()', { trigger: { owner: 'ann' } })).toBe(false);
    const scope = { ...defaultScope, currentUser: '$steps.review.completed_by' };
    expect(
      await condition(
        'self.owner = current_user()',
        { trigger: { owner: 'bo' }, steps: { review: { completed_by: 'bo' } } },
        scope,
      ),
    ).toBe(true);
  });
});

describe('path resolution (DESIGN.md §3)', () => {
  const scope: ExprScope = {
    inputs: ['priority', 'check'],
    steps: ['check', 'review'],
    entities: ['Invoice'],
  };
  const path = (text: string, s: ExprScope = scope) => {
    const expr = ast(`${text} = 1`, s);
    if (expr.kind !== 'compare' || expr.left.kind !== 'path') throw new Error('not a path');
    return resolvePath(expr.left, s);
  };

  it.each([
    ['input.order_id', '$input.order_id'],
    ['inputs.order_id', '$input.order_id'],
    ['input', '$input'],
    ['trigger.status', '$trigger.status'],
    ['self.owner.manager', '$trigger.owner.manager'],
    ['entity.id', '$trigger.id'],
    ['Invoice.submitted_by.manager', '$trigger.submitted_by.manager'],
    ['review.approved', '$steps.review.approved'],
    ['check', '$steps.check'],
    ['priority', '$input.priority'],
    ['status', '$trigger.status'],
    ['item.sku', '$trigger.item.sku'],
    ['input.and', '$input.`and`'],
  ])('%s → %s', (text, expected) => {
    expect(path(text)).toBe(expected);
  });

  it('binds item and item_index only inside a foreach', () => {
    const inside = { ...scope, inForeach: true };
    expect(path('item.sku', inside)).toBe('$item.sku');
    expect(path('item', inside)).toBe('$item');
    expect(path('item_index', inside)).toBe('$item_index');
    expect(path('item_index', scope)).toBe('$trigger.item_index');
  });

  it('uses other variable names when the scope says so', () => {
    const renamed = { ...scope, variables: { input: 'args', steps: 'outputs' } };
    expect(path('input.a', renamed)).toBe('$args.a');
    expect(path('review.ok', renamed)).toBe('$outputs.review.ok');
    expect(path('self.a', renamed)).toBe('$trigger.a');
  });

  it('evaluates each root against the right variable', async () => {
    const state: State = {
      input: { priority: 'high', check: 'from-input' },
      trigger: { status: 'open', total: 5 },
      steps: { check: { ok: true }, review: { outcome: 'approve' } },
      item: { sku: 'A1' },
      item_index: 2,
    };
    const inside = { ...scope, inForeach: true };
    for (const [text, expected] of [
      ['priority = high', true],
      ['check.ok', true],
      ['review.outcome = approve', true],
      ['status = open and Invoice.total = 5 and self.total = 5', true],
      ['item.sku = A1 and item_index = 2', true],
    ] as const) {
      expect(await condition(text, state, inside), text).toBe(expected);
    }
  });

  it('exports the variable names', () => {
    expect(EXPR_VARIABLES).toEqual({
      input: 'input',
      trigger: 'trigger',
      steps: 'steps',
      item: 'item',
      itemIndex: 'item_index',
    });
  });
});

describe('compileValue', () => {
  it('gives null for a missing value by default, undefined when asked', async () => {
    expect(await evaluate(compileValue(ast('input.nope'), defaultScope), {})).toBeNull();
    expect(
      await evaluate(compileValue(ast('input.nope'), defaultScope, { missingAs: 'undefined' }), {}),
    ).toBe(undefined);
    expect(await evaluate(compileValue(ast('len(input.nope)'), defaultScope), {})).toBeNull();
    expect(await evaluate(compileValue(ast('input.a'), defaultScope), { input: { a: { x: [1] } } })).toEqual({
      x: [1],
    });
  });

  it('compiles literals, bare words, lists and conditions', async () => {
    const value = async (text: string, state: State = {}) =>
      evaluate(compileValue(ast(text, defaultScope, 'value'), defaultScope), state);
    expect(await value('archived')).toBe('archived');
    expect(await value('"a \\"q\\""')).toBe('a "q"');
    expect(await value('-2.5')).toBe(-2.5);
    expect(await value('null')).toBeNull();
    expect(await value('[done, 2, priority]', { input: { priority: 'p' } })).toEqual(['done', 2, 'p']);
    expect(await value('a > 1', { input: { a: 2 } })).toBe(true);
    expect(await value('len(items)', { input: { items: [1, 2, 3] } })).toBe(3);
    expect(await value('today()')).toMatch(/^\d{4}-\d\d-\d\d$/);
  });

  it('wraps JSONata for ASL fields', () => {
    expect(jsonataTemplate(compileValue(ast('input.a'), defaultScope, { missingAs: 'undefined' }))).toBe(
      '{% $input.a %}',
    );
  });
});

describe('compiled output', () => {
  it('is deterministic and binds only the helpers it uses', () => {
    const expr = ast('a is null');
    expect(compileCondition(expr, defaultScope)).toBe(compileCondition(expr, defaultScope));
    expect(compileCondition(expr, defaultScope)).toBe(
      '($dz_isnull := function($v) { $not($exists($v)) or $type($v) = "null" }; $dz_isnull($input.a))',
    );
    expect(compileCondition(ast('a'), defaultScope)).toBe('($input.a = true)');
  });

  it('parses as JSONata for every operator and function', () => {
    const texts = [
      'a = 1 and b != 2 or not c > 3 and d >= 4 and e < 5 and f <= 6',
      'a in [1, b] and c not_in [x] and d is null and e is not null and exists(f)',
      'len(a) > 0 and today() > b and now() > c and current_user() = d',
    ];
    for (const text of texts) expect(() => jsonata(compileCondition(ast(text), defaultScope))).not.toThrow();
  });
});
