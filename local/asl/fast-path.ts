/**
 * A fast path for a small, closed subset of JSONata — the shapes the compiler emits on every
 * state visit — evaluated synchronously; everything else is evaluated by jsonata itself.
 *
 * jsonata's evaluator is asynchronous at every node (some promises per node), which made it the
 * largest cost of a local run. The subset, and nothing more:
 *
 * - literals (`'text'`, `1.5`, `true`, `null`) and plain paths (`$var.key.key`, no predicates);
 * - object constructors with distinct literal string keys (`{'a': e, 'b': e}`), array
 *   constructors (`[e, e]`);
 * - blocks with local bindings (`($v := e; e)`, a binding only directly inside a block);
 * - conditions whose test is a boolean (`c ? e : e`);
 * - `$exists(e)`, `$merge(e)`, `$type(e)`, `$not(e)`, `$count(e)`, `$lookup(e, e)`;
 * - `=` and `!=` between strings, numbers, booleans and null; `<`, `<=`, `>`, `>=` between two
 *   numbers or two strings; `and`, `or` between booleans;
 * - a filter on an array constructor (`['a', 'b'][predicate]`) whose predicate is a boolean, with
 *   `$` (the item) inside the predicate;
 * - a variable that is not bound and names no jsonata function is undefined.
 *
 * A compiled expression either returns exactly what jsonata's `evaluate(undefined, bindings)`
 * would return, or returns `BAIL` — when the value met is outside what the subset reproduces
 * simply (an array in the middle of a path, an array item to flatten, a test that is not a
 * boolean, a `$merge` argument that is not an array of objects, a variable that is not bound) —
 * and the caller then evaluates the expression with jsonata (the subset has no side effects, so
 * the first attempt changes nothing). The equality is checked by a property test on random
 * expressions and inputs against jsonata (test/local/asl/fast-path.test.ts).
 */
import type jsonata from 'jsonata';

export const BAIL: unique symbol = Symbol('evaluate with jsonata');

/** Variables bound by blocks, innermost first; below them, the evaluation's bindings. */
interface Frame {
  vars: Record<string, unknown>;
  parent: Frame | undefined;
}

/** `ctx` is the context value `$` (the item inside a filter predicate; undefined at the top). */
type Evaluator = (bindings: Record<string, unknown>, frame: Frame | undefined, ctx?: unknown) => unknown;

export type FastExpression = (bindings: Record<string, unknown>) => unknown;

/** jsonata's AST node, with the fields its typings leave out. */
interface Node {
  type: string;
  value?: unknown;
  steps?: Node[];
  expressions?: Node[];
  lhs?: Node | [Node, Node][];
  rhs?: Node;
  condition?: Node;
  then?: Node;
  else?: Node;
  procedure?: Node;
  arguments?: Node[];
  predicate?: { type: string; expr?: Node }[];
}

/**
 * The keys each node type may carry; any other (predicate, stages, group, focus, keepArray, …)
 * puts the expression outside the subset.
 */
const KEYS: Record<string, readonly string[]> = {
  string: ['type', 'value', 'position'],
  number: ['type', 'value', 'position'],
  value: ['type', 'value', 'position'],
  variable: ['type', 'value', 'position'],
  name: ['type', 'value', 'position'],
  path: ['type', 'steps'],
  unary: ['type', 'value', 'position', 'lhs', 'expressions', 'consarray', 'predicate'],
  binary: ['type', 'value', 'position', 'lhs', 'rhs'],
  block: ['type', 'expressions', 'position'],
  bind: ['type', 'value', 'position', 'lhs', 'rhs'],
  condition: ['type', 'position', 'condition', 'then', 'else'],
  function: ['type', 'value', 'position', 'procedure', 'arguments'],
};

const FUNCTIONS = new Set(['exists', 'merge', 'type', 'not', 'count', 'lookup']);

/**
 * The functions jsonata binds in every evaluation (its static frame, then `now` and `millis`): an
 * unbound variable of one of these names is that function (handed to jsonata); any other unbound
 * variable is undefined. The property test checks this list against jsonata's source.
 */
export const JSONATA_FUNCTIONS: ReadonlySet<string> = new Set(
  (
    'sum count max min average string substring substringBefore substringAfter lowercase uppercase ' +
    'length trim pad match contains replace split join formatNumber formatBase formatInteger ' +
    'parseInteger number floor ceil round abs sqrt power random boolean not map zip filter single ' +
    'reduce sift keys lookup append exists spread merge reverse each error assert type sort shuffle ' +
    'distinct encodeUrlComponent encodeUrl decodeUrlComponent decodeUrl eval toMillis fromMillis ' +
    'clone now millis base64encode base64decode'
  ).split(' '),
);

class Outside extends Error {}

/**
 * Compiles an expression of the subset; undefined when it is outside. `assigned` are the
 * functions bound into the expression (their names are not variables of the subset).
 */
export function compileFastPath(
  ast: jsonata.ExprNode,
  assigned: Record<string, unknown>,
): FastExpression | undefined {
  let evaluator: Evaluator;
  try {
    evaluator = compileNode(ast as Node, { assigned, inBlock: false });
  } catch (error) {
    if (error instanceof Outside) return undefined;
    throw error;
  }
  return (bindings) => {
    // A variable named like a function of the subset would be what jsonata calls.
    for (const name of FUNCTIONS) if (Object.hasOwn(bindings, name)) return BAIL;
    return evaluator(bindings, undefined);
  };
}

interface Where {
  assigned: Record<string, unknown>;
  /** Directly inside a block, where a binding goes to the block's own frame. */
  inBlock: boolean;
  /** Inside a filter predicate, where `$` is the item. */
  inPredicate?: boolean;
}

function check(node: Node): void {
  const allowed = KEYS[node.type];
  if (!allowed) throw new Outside();
  for (const key of Object.keys(node)) {
    // jsonata's parser leaves `name: undefined` on a function call it does not name.
    const value = (node as unknown as Record<string, unknown>)[key];
    if (!allowed.includes(key) && !(key === 'name' && value === undefined)) throw new Outside();
  }
}

/** A variable name of the subset: not `$`/`$$`, no function, nothing Object.prototype has. */
function variableName(node: Node, where: Where): string {
  const name = node.value;
  if (
    typeof name !== 'string' ||
    name === '' ||
    name === '$' ||
    name in Object.prototype ||
    FUNCTIONS.has(name) ||
    Object.hasOwn(where.assigned, name)
  ) {
    throw new Outside();
  }
  return name;
}

function compileNode(node: Node, where: Where): Evaluator {
  check(node);
  const inner: Where = { ...where, inBlock: false };
  switch (node.type) {
    case 'string':
    case 'number':
    case 'value': {
      const value = node.value;
      return () => value;
    }
    case 'variable':
      if (node.value === '' && where.inPredicate) return (_b, _f, ctx) => ctx;
      return variable(variableName(node, where));
    case 'path':
      return path(node, where);
    case 'unary':
      if (node.value === '{' && !node.predicate) return objectConstructor(node, inner);
      if (node.value === '[') return filtered(node, arrayConstructor(node, inner), where);
      throw new Outside();
    case 'binary':
      return binary(node, inner);
    case 'block':
      return block(node, where);
    case 'bind':
      throw new Outside(); // only directly inside a block (see block)
    case 'condition': {
      if (!node.condition || !node.then) throw new Outside();
      const test = compileNode(node.condition, inner);
      const then = compileNode(node.then, inner);
      const otherwise = node.else ? compileNode(node.else, inner) : undefined;
      return (b, f, c) => {
        const t = test(b, f, c);
        if (typeof t !== 'boolean') return BAIL;
        if (t) return then(b, f, c);
        return otherwise ? otherwise(b, f, c) : undefined;
      };
    }
    case 'function':
      return call(node, inner);
    default:
      throw new Outside();
  }
}

/**
 * Looks a variable up through the block frames, then the bindings. Not bound: jsonata's own
 * functions live below the bindings (BAIL); any other name is undefined. (Names of the functions
 * bound into the expression are outside the subset.)
 */
function lookup(name: string, bindings: Record<string, unknown>, frame: Frame | undefined): unknown {
  for (let f = frame; f; f = f.parent) if (Object.hasOwn(f.vars, name)) return f.vars[name];
  if (Object.hasOwn(bindings, name)) return bindings[name];
  return JSONATA_FUNCTIONS.has(name) ? BAIL : undefined;
}

function variable(name: string): Evaluator {
  return (b, f) => {
    const v = lookup(name, b, f);
    return typeof v === 'function' ? BAIL : v;
  };
}

/** `$var.key.key`: jsonata maps over an array met before the last key; that is BAIL here. */
function path(node: Node, where: Where): Evaluator {
  const [first, ...rest] = node.steps ?? [];
  if (first?.type !== 'variable') throw new Outside();
  check(first);
  const name = variableName(first, where);
  const keys = rest.map((step) => {
    check(step);
    if (step.type !== 'name' || typeof step.value !== 'string') throw new Outside();
    return step.value;
  });
  return (b, f) => {
    let current = lookup(name, b, f);
    if (current === BAIL) return BAIL;
    for (const key of keys) {
      if (Array.isArray(current)) return BAIL;
      if (current === null || typeof current !== 'object') return undefined;
      current = (current as Record<string, unknown>)[key];
    }
    return typeof current === 'function' ? BAIL : current;
  };
}

/**
 * Like jsonata's, the objects built have no prototype. They are built as plain objects and lose
 * their prototype at the end: `Object.create(null)` makes a dictionary-mode object in V8, several
 * times larger and slower to fill, and the history keeps these objects (a Task's Arguments).
 */
function withoutPrototype(out: Record<string, unknown>): Record<string, unknown> {
  return Object.setPrototypeOf(out, null);
}

/** `out[key] = value`, also for the key `__proto__` (an own key, as in jsonata's objects). */
function define(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
  else out[key] = value;
}

function objectConstructor(node: Node, where: Where): Evaluator {
  const pairs = node.lhs;
  if (!Array.isArray(pairs)) throw new Outside();
  const keys: string[] = [];
  const values: Evaluator[] = [];
  for (const [key, value] of pairs) {
    check(key);
    if (key.type !== 'string' || typeof key.value !== 'string' || keys.includes(key.value)) {
      throw new Outside();
    }
    keys.push(key.value);
    values.push(compileNode(value, where));
  }
  const general: Evaluator = (b, f, c) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const v = values[i](b, f, c);
      if (v === BAIL) return BAIL;
      // jsonata leaves out a key whose value is undefined.
      if (v !== undefined) define(out, keys[i], v);
    }
    return withoutPrototype(out);
  };
  return literalConstructor(keys, values, general) ?? general;
}

/**
 * The object constructor as one object literal of its keys, for when every value is defined (the
 * usual case; otherwise `general` builds it, evaluating the values again: they have no side
 * effects). A literal gets its shape at once; key by key, every store was a lookup by a key only
 * known at run time, the slowest kind (the compiler's Task Arguments, four such objects per
 * visit, took 2.5 times as long). The keys enter the source as JSON string literals (valid
 * JavaScript string literals, whatever they hold); `__proto__` as a literal key would set the
 * prototype, so a constructor with that key keeps the general path.
 */
function literalConstructor(keys: string[], values: Evaluator[], general: Evaluator): Evaluator | undefined {
  if (keys.length === 0 || keys.length > MAX_LITERAL_KEYS || keys.includes('__proto__')) return undefined;
  const lines = keys.map(
    (_, i) =>
      `const v${i} = values[${i}](b, f, c); if (v${i} === BAIL) return BAIL; if (v${i} === undefined) return general(b, f, c);`,
  );
  const literal = keys.map((key, i) => `${JSON.stringify(key)}: v${i}`).join(', ');
  const source = `return function objectLiteral(b, f, c) {\n${lines.join('\n')}\nreturn withoutPrototype({${literal}});\n};`;
  return new Function('values', 'BAIL', 'general', 'withoutPrototype', source)(
    values,
    BAIL,
    general,
    withoutPrototype,
  ) as Evaluator;
}

/** Past this many keys a constructor is built key by key (a literal's source grows with it). */
const MAX_LITERAL_KEYS = 32;

function arrayConstructor(node: Node, where: Where): Evaluator {
  const items = (node.expressions ?? []).map((item) => ({
    nested: item.type === 'unary' && item.value === '[',
    evaluate: compileNode(item, where),
  }));
  return (b, f, c) => {
    const out: unknown[] = [];
    for (const item of items) {
      const v = item.evaluate(b, f, c);
      if (v === BAIL) return BAIL;
      if (v === undefined) continue;
      // jsonata splices an array item into the result unless it is itself written `[…]`.
      if (Array.isArray(v) && !item.nested) return BAIL;
      out.push(v);
    }
    return out;
  };
}

function block(node: Node, where: Where): Evaluator {
  const inBlock: Where = { ...where, inBlock: true };
  const steps = (node.expressions ?? []).map((e): { bind?: string; evaluate: Evaluator } => {
    if (e.type !== 'bind') return { evaluate: compileNode(e, inBlock) };
    check(e);
    const target = e.lhs as Node | undefined;
    if (!target || Array.isArray(target) || target.type !== 'variable' || !e.rhs) throw new Outside();
    check(target);
    return { bind: variableName(target, where), evaluate: compileNode(e.rhs, { ...where, inBlock: false }) };
  });
  return (b, parent, c) => {
    const frame: Frame = { vars: {}, parent };
    let result: unknown;
    for (const step of steps) {
      result = step.evaluate(b, frame, c);
      if (result === BAIL) return BAIL;
      if (step.bind !== undefined) frame.vars[step.bind] = result;
    }
    return result;
  };
}

function call(node: Node, where: Where): Evaluator {
  const procedure = node.procedure;
  const args = node.arguments ?? [];
  if (procedure?.type !== 'variable') throw new Outside();
  check(procedure);
  const name = procedure.value;
  if (typeof name !== 'string' || !FUNCTIONS.has(name) || Object.hasOwn(where.assigned, name)) {
    throw new Outside();
  }
  if (args.length !== (name === 'lookup' ? 2 : 1)) throw new Outside();
  const arg = compileNode(args[0], where);
  switch (name) {
    case 'exists':
      return (b, f, c) => {
        const v = arg(b, f, c);
        return v === BAIL ? BAIL : v !== undefined;
      };
    case 'type':
      return (b, f, c) => typeOf(arg(b, f, c));
    case 'not':
      return (b, f, c) => {
        const v = arg(b, f, c);
        return v === undefined ? undefined : typeof v === 'boolean' ? !v : BAIL;
      };
    case 'count':
      return (b, f, c) => {
        const v = arg(b, f, c);
        if (v === BAIL || typeof v === 'function') return BAIL;
        // jsonata's signature makes a single value a one-item array.
        return v === undefined ? 0 : Array.isArray(v) ? v.length : 1;
      };
    case 'lookup': {
      const key = compileNode(args[1], where);
      return (b, f, c) => {
        const o = arg(b, f, c);
        const k = key(b, f, c);
        if (o === BAIL || k === BAIL || typeof k !== 'string' || Array.isArray(o)) return BAIL;
        if (o === null || typeof o !== 'object' || !Object.hasOwn(o, k)) return undefined;
        const v = (o as Record<string, unknown>)[k];
        return typeof v === 'function' ? BAIL : v;
      };
    }
    default:
      return (b, f, c) => {
        const v = arg(b, f, c);
        if (v === BAIL || !Array.isArray(v)) return BAIL;
        const out: Record<string, unknown> = {};
        for (const item of v) {
          if (item === null || typeof item !== 'object' || Array.isArray(item)) return BAIL;
          for (const key of Object.keys(item)) define(out, key, (item as Record<string, unknown>)[key]);
        }
        return withoutPrototype(out);
      };
  }
}

/** jsonata's `$type` of a JSON value (undefined stays undefined). */
function typeOf(v: unknown): unknown {
  if (v === BAIL || v === undefined) return v;
  if (v === null) return 'null';
  switch (typeof v) {
    case 'number':
      return Number.isFinite(v) ? 'number' : BAIL;
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'object':
      return Array.isArray(v) ? 'array' : 'object';
    default:
      return BAIL;
  }
}

/** A JSON scalar: what `=` compares with `===` in jsonata (its deep equality, on scalars). */
function scalar(v: unknown): boolean {
  return (
    v === null ||
    typeof v === 'string' ||
    typeof v === 'boolean' ||
    (typeof v === 'number' && Number.isFinite(v))
  );
}

/** `=`, `!=`, `<`, `<=`, `>`, `>=`, `and`, `or` where the subset reproduces jsonata simply. */
function binary(node: Node, where: Where): Evaluator {
  const op = node.value;
  if (!node.lhs || Array.isArray(node.lhs) || !node.rhs) throw new Outside();
  const lhs = compileNode(node.lhs, where);
  const rhs = compileNode(node.rhs, where);
  switch (op) {
    case 'and':
    case 'or': {
      // jsonata reads undefined as false, and evaluates the right side only when the left does
      // not decide.
      const decides = op === 'or';
      return (b, f, c) => {
        const l = lhs(b, f, c);
        if (l !== undefined && typeof l !== 'boolean') return BAIL;
        if ((l === true) === decides) return decides;
        const r = rhs(b, f, c);
        if (r !== undefined && typeof r !== 'boolean') return BAIL;
        return r === true;
      };
    }
    case '=':
    case '!=': {
      const equal = op === '=';
      return (b, f, c) => {
        const l = lhs(b, f, c);
        if (l === BAIL) return BAIL;
        const r = rhs(b, f, c);
        if (r === BAIL) return BAIL;
        // Either side undefined: false, for both operators.
        if (l === undefined || r === undefined) return false;
        if (!scalar(l) || !scalar(r)) return BAIL;
        return (l === r) === equal;
      };
    }
    case '<':
    case '<=':
    case '>':
    case '>=':
      return (b, f, c) => {
        const l = lhs(b, f, c);
        if (l === BAIL) return BAIL;
        const r = rhs(b, f, c);
        if (r === BAIL) return BAIL;
        const lt = typeof l;
        const rt = typeof r;
        // Mixed or other types are jsonata's errors (T2009, T2010): left to it.
        if (lt !== rt || (lt !== 'number' && lt !== 'string')) {
          const comparable = (t: string) => t === 'undefined' || t === 'number' || t === 'string';
          return comparable(lt) && comparable(rt) && (l === undefined || r === undefined) ? undefined : BAIL;
        }
        const x = l as number | string;
        const y = r as number | string;
        return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
      };
    default:
      throw new Outside();
  }
}

/**
 * The filters on an array constructor: each predicate keeps the items for which it is `true`
 * (`$` the item); a predicate that is not a boolean (a number is an index in jsonata) hands over.
 * As in jsonata, the result is a sequence: none is undefined, one is the item itself; several are
 * handed over (a sequence is not an array everywhere in jsonata).
 */
function filtered(node: Node, array: Evaluator, where: Where): Evaluator {
  if (!node.predicate) return array;
  const tests = node.predicate.map((p) => {
    if (
      p.type !== 'filter' ||
      !p.expr ||
      Object.keys(p).some((k) => k !== 'type' && k !== 'expr' && k !== 'position')
    )
      throw new Outside();
    return compileNode(p.expr, { ...where, inBlock: false, inPredicate: true });
  });
  return (b, f, c) => {
    let items = array(b, f, c);
    if (items === BAIL) return BAIL;
    for (const test of tests) {
      const kept: unknown[] = [];
      for (const item of items as unknown[]) {
        const t = test(b, f, item);
        if (t === true) kept.push(item);
        else if (t !== false && t !== undefined) return BAIL;
      }
      items = kept;
    }
    const kept = items as unknown[];
    return kept.length === 0 ? undefined : kept.length === 1 ? kept[0] : BAIL;
  };
}
