import type { Expr, PathExpr } from './ast.ts';

/** The direct sub-expressions of `expr`, in source order. */
export function childrenOf(expr: Expr): readonly Expr[] {
  switch (expr.kind) {
    case 'or':
    case 'and':
      return expr.operands;
    case 'not':
    case 'isNull':
      return [expr.operand];
    case 'compare':
      return [expr.left, expr.right];
    case 'exists':
      return [expr.path];
    case 'call':
      return expr.args;
    case 'list':
      return expr.items;
    case 'path':
    case 'literal':
      return [];
    default: {
      const never: never = expr;
      return never;
    }
  }
}

/**
 * Every path the expression reads, in source order (duplicates kept, each with its own location),
 * for validation: the root is `segments[0]`.
 */
export function pathsOf(expr: Expr): PathExpr[] {
  if (expr.kind === 'path') return [expr];
  return childrenOf(expr).flatMap(pathsOf);
}
