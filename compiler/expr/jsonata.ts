import type { CompareOp, Expr, PathExpr } from './ast.ts';

/**
 * Compiles expressions to JSONata for the ASL `Condition` / `Arguments` fields (QueryLanguage
 * JSONata; Step Functions implements JSONata 2.0.6).
 *
 * State lives in workflow variables (DESIGN.md §3): `$input` (process inputs after defaults),
 * `$trigger` (the trigger object, entity fields at top level), `$steps` (step name → output), and
 * inside a foreach `$item` / `$item_index`.
 *
 * Semantics (they hold for every data shape; the generated JSONata never raises):
 * - A comparison with a missing operand is false, so `not` of it is true. Operands of different
 *   kinds (string vs boolean, number vs array, …) are unequal and unordered: `==`, `<`, … are false,
 *   `!=` is true.
 * - `==`/`=` compare numbers numerically, strings exactly, booleans, null, lists and objects by value.
 * - A number against a numeric string (JSON number syntax, e.g. `"12000"`, `"-1.5"`, `"1e3"`) compares
 *   numerically, for equality and ordering alike (`Invoice.total > 10000` holds for `"12000"`). Two
 *   strings always compare as strings (exactly; ordering by code point, which orders ISO dates and
 *   same-format timestamps correctly): `"10" == "10.0"` is false.
 * - `x in list` holds when `x` equals (as `==`) an item; a non-list right side is a one-item list.
 *   `not_in` is false when either side is missing, else the negation of `in`.
 * - `x is null` holds when `x` is missing or null; `exists(x)` is the same as `x is not null`.
 * - `len(x)`: characters of a string, items of a list, keys of an object; missing otherwise.
 * - `now()`: `$now()`, an ISO 8601 UTC timestamp with milliseconds; `today()`: its `YYYY-MM-DD`
 *   (UTC date).
 * - `current_user()`: `$trigger.current_user` unless the scope says otherwise (the id of the user who
 *   started the execution, when a user did; missing for events and schedules).
 * - A value standing alone as a condition (`approved`, `level_1.ok`) holds only when it is `true`.
 */

/** The workflow variable names (without `$`) the compiled JSONata reads. */
export const EXPR_VARIABLES = {
  input: 'input',
  trigger: 'trigger',
  steps: 'steps',
  item: 'item',
  itemIndex: 'item_index',
} as const;

export type ExprVariables = { readonly [K in keyof typeof EXPR_VARIABLES]: string };

/** What `current_user()` compiles to by default. */
export const CURRENT_USER_JSONATA = `$${EXPR_VARIABLES.trigger}.current_user`;

export interface ExprScope {
  /** Declared process input names: a bare name resolves to an input field when declared. */
  readonly inputs: Iterable<string>;
  /** Step names whose outputs a path may read (`<step>.<field>`). */
  readonly steps: Iterable<string>;
  /**
   * Entity names that denote the triggering entity (`Invoice.total` in a process triggered by
   * Invoice events).
   * @default none
   */
  readonly entities?: Iterable<string>;
  /**
   * True inside a foreach body, where `item` / `item_index` are the current item and its index;
   * outside one they are ordinary bare names.
   * @default false
   */
  readonly inForeach?: boolean;
  /**
   * The JSONata that `current_user()` compiles to.
   * @default CURRENT_USER_JSONATA
   */
  readonly currentUser?: string;
  /**
   * Other variable names, e.g. inside a state whose variables are named differently.
   * @default EXPR_VARIABLES
   */
  readonly variables?: Partial<ExprVariables>;
  /**
   * The variable (without `$`) holding a step's output, when each step has its own (the emitter's
   * layout, which keeps every variable inside AWS's size limits); else `<steps>.<step>`.
   * @default none
   */
  readonly stepVariable?: (step: string) => string;
}

export interface CompileValueOptions {
  /**
   * What a missing value (a path to nothing, `len` of a number) becomes: `null` (safe in
   * `Arguments`, where a field must have a value) or JSONata's undefined.
   * @default 'null'
   */
  readonly missingAs?: 'null' | 'undefined';
}

/** Wraps JSONata for an ASL string field: `{% … %}`. */
export const jsonataTemplate = (jsonata: string): string => `{% ${jsonata} %}`;

/** A JSONata expression that always evaluates to `true` or `false`, for a Choice `Condition`. */
export function compileCondition(expr: Expr, scope: ExprScope): string {
  const compiler = new JsonataCompiler(scope);
  return compiler.finish(compiler.condition(expr));
}

/** A JSONata expression for the expression's value (for `Arguments`, `Assign`, `Output`). */
export function compileValue(expr: Expr, scope: ExprScope, options: CompileValueOptions = {}): string {
  const compiler = new JsonataCompiler(scope);
  const body = compiler.value(expr);
  const mayBeMissing =
    expr.kind === 'path' || (expr.kind === 'call' && expr.fn !== 'now' && expr.fn !== 'today');
  if ((options.missingAs ?? 'null') === 'null' && mayBeMissing) {
    return compiler.finish(`($dz_v := ${body}; $exists($dz_v) ? $dz_v : null)`);
  }
  return compiler.finish(body);
}

/** The JSONata for one path, resolved per DESIGN.md §3 (see `JsonataCompiler.path`). */
export function resolvePath(path: PathExpr, scope: ExprScope): string {
  return new JsonataCompiler(scope).path(path);
}

/** The JSON number syntax, bounded so that `$number` never overflows (it raises on Infinity). */
const NUMERIC_STRING = '/^-?(0|[1-9][0-9]{0,99})(\\.[0-9]+)?([eE][+-]?[0-9]{1,2})?$/';

/**
 * Helper functions bound at the start of an expression that uses them, in this (dependency) order.
 * `$dz_cmp` is -1/0/1 for two comparable values, missing otherwise.
 */
const HELPERS = {
  // Nested conditionals rather than `and`, so `$contains` sees only strings even without short-circuiting.
  num: `$dz_num := function($v) { $type($v) = "number" ? $v : ($type($v) = "string" ? ($contains($v, ${NUMERIC_STRING}) ? $number($v))) }`,
  cmp: `$dz_cmp := function($a, $b) { $type($a) = "string" and $type($b) = "string" ? ($a < $b ? -1 : ($a > $b ? 1 : 0)) : ($x := $dz_num($a); $y := $dz_num($b); $exists($x) and $exists($y) ? ($x < $y ? -1 : ($x > $y ? 1 : 0))) }`,
  eq: `$dz_eq := function($a, $b) { $exists($a) and $exists($b) and ($type($a) = $type($b) ? $a = $b : $dz_cmp($a, $b) = 0) }`,
  ne: `$dz_ne := function($a, $b) { $exists($a) and $exists($b) and $not($dz_eq($a, $b)) }`,
  in: `$dz_in := function($a, $l) { $exists($a) and $exists($l) and $count($filter($type($l) = "array" ? $l : [$l], function($e) { $dz_eq($a, $e) })) > 0 }`,
  notIn: `$dz_notin := function($a, $l) { $exists($a) and $exists($l) and $not($dz_in($a, $l)) }`,
  isNull: `$dz_isnull := function($v) { $not($exists($v)) or $type($v) = "null" }`,
  len: `$dz_len := function($v) { $type($v) = "string" ? $length($v) : ($type($v) = "array" ? $count($v) : ($type($v) = "object" ? $count($keys($v)))) }`,
} as const;
type Helper = keyof typeof HELPERS;
const HELPER_ORDER = Object.keys(HELPERS) as Helper[];
/**
 * The joined helper definitions per distinct set of helpers (a few hundred characters each, and
 * the same few sets serve every condition of every workflow).
 */
const HELPER_PRELUDES = new Map<string, string>();

const DEPENDENCIES: Record<Helper, readonly Helper[]> = {
  num: [],
  cmp: ['num'],
  eq: ['cmp'],
  ne: ['eq'],
  in: ['eq'],
  notIn: ['in'],
  isNull: [],
  len: [],
};

const ORDERING: Partial<Record<CompareOp, string>> = {
  '>': '= 1',
  '>=': 'in [0, 1]',
  '<': '= -1',
  '<=': 'in [-1, 0]',
};

const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const JSONATA_RESERVED = new Set(['and', 'or', 'in', 'true', 'false', 'null', 'function']);

const asSet = (names: Iterable<string>): ReadonlySet<string> =>
  names instanceof Set ? names : new Set(names);

class JsonataCompiler {
  private readonly used = new Set<Helper>();
  private readonly inputs: ReadonlySet<string>;
  private readonly steps: ReadonlySet<string>;
  private readonly entities: ReadonlySet<string>;
  private readonly variables: ExprVariables;

  constructor(private readonly scope: ExprScope) {
    // Sets are used as given, not copied: the emitter compiles every expression of a workflow
    // against one scope, and copying its step names for each was a good part of compiling.
    this.inputs = asSet(scope.inputs);
    this.steps = asSet(scope.steps);
    this.entities = asSet(scope.entities ?? []);
    this.variables = scope.variables ? { ...EXPR_VARIABLES, ...scope.variables } : EXPR_VARIABLES;
  }

  /** Binds the helpers the body uses in front of it. */
  finish(body: string): string {
    if (this.used.size === 0) return body;
    const needed = HELPER_ORDER.filter((h) => this.used.has(h));
    const key = needed.join(' ');
    let prelude = HELPER_PRELUDES.get(key);
    if (prelude === undefined) {
      prelude = needed.map((h) => HELPERS[h]).join('; ');
      HELPER_PRELUDES.set(key, prelude);
    }
    return `(${prelude}; ${body})`;
  }

  /** JSONata that is `true` or `false`. */
  condition(expr: Expr): string {
    switch (expr.kind) {
      case 'or':
      case 'and':
        return `(${expr.operands.map((o) => this.condition(o)).join(` ${expr.kind} `)})`;
      case 'not':
        return `$not(${this.condition(expr.operand)})`;
      case 'compare':
        return this.compare(expr.op, expr.left, expr.right);
      case 'isNull': {
        const test = `${this.helper('isNull')}(${this.value(expr.operand)})`;
        return expr.negated ? `$not(${test})` : test;
      }
      case 'exists':
        return `$not(${this.helper('isNull')}(${this.path(expr.path)}))`;
      case 'literal':
        return expr.value === true ? 'true' : 'false';
      case 'call':
      case 'path':
      case 'list':
        return `(${this.value(expr)} = true)`;
      default: {
        const never: never = expr;
        return never;
      }
    }
  }

  /** JSONata for the value (possibly undefined when it reads something missing). */
  value(expr: Expr): string {
    switch (expr.kind) {
      case 'literal':
        return JSON.stringify(expr.value);
      case 'list':
        return `[${expr.items.map((i) => this.value(i)).join(', ')}]`;
      case 'path':
        return this.path(expr);
      case 'call':
        switch (expr.fn) {
          case 'now':
            return '$now()';
          case 'today':
            return '$substring($now(), 0, 10)';
          case 'current_user':
            return this.scope.currentUser ?? `$${this.variables.trigger}.current_user`;
          case 'len':
            return `${this.helper('len')}(${this.path(expr.args[0])})`;
          default: {
            const never: never = expr.fn;
            return never;
          }
        }
      case 'or':
      case 'and':
      case 'not':
      case 'compare':
      case 'isNull':
      case 'exists':
        return this.condition(expr);
      default: {
        const never: never = expr;
        return never;
      }
    }
  }

  private compare(op: CompareOp, left: Expr, right: Expr): string {
    const args = `(${this.value(left)}, ${this.value(right)})`;
    switch (op) {
      case '==':
        return `${this.helper('eq')}${args}`;
      case '!=':
        return `${this.helper('ne')}${args}`;
      case 'in':
        return `${this.helper('in')}${args}`;
      case 'not_in':
        return `${this.helper('notIn')}${args}`;
      case '>':
      case '>=':
      case '<':
      case '<=':
        return `(${this.helper('cmp')}${args} ${ORDERING[op]})`;
      default: {
        const never: never = op;
        return never;
      }
    }
  }

  /**
   * Resolution of the first segment, in this order: `input`/`inputs` → `$input`;
   * `trigger`/`self`/`entity` → `$trigger`; inside a foreach `item` → `$item`, `item_index` →
   * `$item_index`; a step name → `$steps.<step>` (or its own variable); an entity name → `$trigger`; a declared input →
   * `$input.<name>`; anything else → `$trigger.<name>` (a trigger entity field).
   */
  path(path: PathExpr): string {
    const [root, ...rest] = path.segments;
    const v = this.variables;
    const inForeach = this.scope.inForeach === true;
    let base: string;
    let fields: readonly string[] = rest;
    if (root === 'input' || root === 'inputs') base = `$${v.input}`;
    else if (root === 'trigger' || root === 'self' || root === 'entity') base = `$${v.trigger}`;
    else if (inForeach && root === 'item') base = `$${v.item}`;
    else if (inForeach && root === 'item_index') base = `$${v.itemIndex}`;
    else if (this.steps.has(root))
      base = this.scope.stepVariable ? `$${this.scope.stepVariable(root)}` : `$${v.steps}.${field(root)}`;
    else if (this.entities.has(root)) base = `$${v.trigger}`;
    else {
      base = this.inputs.has(root) ? `$${v.input}` : `$${v.trigger}`;
      fields = path.segments;
    }
    return [base, ...fields.map(field)].join('.');
  }

  private helper(name: Helper): string {
    const add = (h: Helper): void => {
      this.used.add(h);
      DEPENDENCIES[h].forEach(add);
    };
    add(name);
    return HELPERS[name].slice(0, HELPERS[name].indexOf(' :='));
  }
}

function field(name: string): string {
  return PLAIN_NAME.test(name) && !JSONATA_RESERVED.has(name) ? name : `\`${name}\``;
}
