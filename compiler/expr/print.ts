import type { Expr } from './ast.ts';

/** Binding strength: a child printed where a stronger one is needed gets parentheses. */
const PRECEDENCE = { or: 1, and: 2, not: 3, comparison: 4, operand: 5 } as const;

function precedenceOf(expr: Expr): number {
  switch (expr.kind) {
    case 'or':
      return PRECEDENCE.or;
    case 'and':
      return PRECEDENCE.and;
    case 'not':
      return PRECEDENCE.not;
    case 'compare':
    case 'isNull':
      return PRECEDENCE.comparison;
    case 'exists':
    case 'call':
    case 'path':
    case 'literal':
    case 'list':
      return PRECEDENCE.operand;
    default: {
      const never: never = expr;
      return never;
    }
  }
}

/**
 * The canonical text of an expression: single spaces, `=` written `==`, `not in` written `not_in`,
 * quoted strings in double quotes, bare words bare, only the parentheses precedence needs.
 * `printExpression(parse(printExpression(e)))` is `printExpression(e)` (for the same known roots).
 */
export function printExpression(expr: Expr): string {
  switch (expr.kind) {
    case 'or':
      return expr.operands.map((o) => wrap(o, PRECEDENCE.and)).join(' or ');
    case 'and':
      return expr.operands.map((o) => wrap(o, PRECEDENCE.not)).join(' and ');
    case 'not':
      return `not ${wrap(expr.operand, PRECEDENCE.not)}`;
    case 'compare':
      return `${wrap(expr.left, PRECEDENCE.operand)} ${expr.op} ${wrap(expr.right, PRECEDENCE.operand)}`;
    case 'isNull':
      return `${wrap(expr.operand, PRECEDENCE.operand)} is ${expr.negated ? 'not ' : ''}null`;
    case 'exists':
      return `exists(${printExpression(expr.path)})`;
    case 'call':
      return `${expr.fn}(${expr.args.map(printExpression).join(', ')})`;
    case 'path':
      return expr.segments.join('.');
    case 'literal':
      return expr.bare && typeof expr.value === 'string' ? expr.value : JSON.stringify(expr.value);
    case 'list':
      return `[${expr.items.map(printExpression).join(', ')}]`;
    default: {
      const never: never = expr;
      return never;
    }
  }
}

function wrap(expr: Expr, needed: number): string {
  const text = printExpression(expr);
  return precedenceOf(expr) < needed ? `(${text})` : text;
}
