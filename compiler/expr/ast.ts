import type { Location } from '../diagnostics/diagnostic.ts';

/**
 * The AST of the condition/value expression language (LANGUAGE.md §7). Nodes are readonly, carry
 * a `kind` discriminant and the 1-based location of their text (`loc.length` = its extent on the
 * first line).
 */
export type Expr =
  | OrExpr
  | AndExpr
  | NotExpr
  | CompareExpr
  | NullCheckExpr
  | ExistsExpr
  | CallExpr
  | PathExpr
  | LiteralExpr
  | ListExpr;

export type ExprKind = Expr['kind'];

/** `a or b or c` (flattened: two or more operands). */
export interface OrExpr {
  readonly kind: 'or';
  readonly operands: readonly Expr[];
  readonly loc: Location;
}

/** `a and b and c` (flattened: two or more operands). */
export interface AndExpr {
  readonly kind: 'and';
  readonly operands: readonly Expr[];
  readonly loc: Location;
}

export interface NotExpr {
  readonly kind: 'not';
  readonly operand: Expr;
  readonly loc: Location;
}

/** `=` is stored as `==`; `not in` (two words) as `not_in`. */
export const COMPARE_OPS = ['==', '!=', '>', '>=', '<', '<=', 'in', 'not_in'] as const;
export type CompareOp = (typeof COMPARE_OPS)[number];

export interface CompareExpr {
  readonly kind: 'compare';
  readonly op: CompareOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly loc: Location;
}

/** `x is null` (`negated: false`) or `x is not null` (`negated: true`). */
export interface NullCheckExpr {
  readonly kind: 'isNull';
  readonly operand: Expr;
  readonly negated: boolean;
  readonly loc: Location;
}

/** `exists(path)`. */
export interface ExistsExpr {
  readonly kind: 'exists';
  readonly path: PathExpr;
  readonly loc: Location;
}

export const FUNCTIONS = ['now', 'today', 'current_user', 'len'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

/** `now()`, `today()`, `current_user()` (no arguments) or `len(path)` (one path). */
export interface CallExpr {
  readonly kind: 'call';
  readonly fn: FunctionName;
  readonly args: readonly PathExpr[];
  readonly loc: Location;
}

/** A dotted path: `segments[0]` is its root (`input`, a step name, an input field, …). */
export interface PathExpr {
  readonly kind: 'path';
  readonly segments: readonly string[];
  readonly loc: Location;
}

/**
 * A literal. `bare` marks a string that was written as a bare word (`priority = urgent`); it prints
 * back bare.
 */
export interface LiteralExpr {
  readonly kind: 'literal';
  readonly value: string | number | boolean | null;
  readonly bare?: boolean;
  readonly loc: Location;
}

/** `[a, b, c]`. */
export interface ListExpr {
  readonly kind: 'list';
  readonly items: readonly Expr[];
  readonly loc: Location;
}
