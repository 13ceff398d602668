/**
 * EventBridge event pattern matching, the subset rules use: exact values, `prefix`, `anything-but`
 * (values or a prefix), `numeric` ranges and `exists`, on nested fields. A field whose event value is
 * an array matches when any element matches (as in EventBridge).
 */

export type EventPattern = { [field: string]: EventPattern | PatternValue[] };
type PatternValue = string | number | boolean | null | Record<string, unknown>;

export class InvalidPattern extends Error {
  override readonly name = 'InvalidPattern';
}

export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return false;
  const record = event as Record<string, unknown>;
  for (const [field, rule] of Object.entries(pattern)) {
    const present = Object.hasOwn(record, field);
    const value = present ? record[field] : undefined;
    if (Array.isArray(rule)) {
      if (!matchesAny(rule, value, present)) return false;
    } else if (rule !== null && typeof rule === 'object') {
      if (!present || !matchesPattern(rule, value)) return false;
    } else {
      throw new InvalidPattern(`pattern field ${field} must be an array or an object`);
    }
  }
  return true;
}

function matchesAny(rules: PatternValue[], value: unknown, present: boolean): boolean {
  const values = Array.isArray(value) ? value : [value];
  return rules.some((rule) => {
    if (rule !== null && typeof rule === 'object') {
      if ('exists' in rule) return rule.exists === (present && value !== undefined);
      return present && values.some((v) => matchesOperator(rule, v));
    }
    return present && values.some((v) => v === rule);
  });
}

function matchesOperator(rule: Record<string, unknown>, value: unknown): boolean {
  const [op, arg] = Object.entries(rule)[0] ?? [];
  switch (op) {
    case 'prefix':
      return typeof value === 'string' && typeof arg === 'string' && value.startsWith(arg);
    case 'suffix':
      return typeof value === 'string' && typeof arg === 'string' && value.endsWith(arg);
    case 'equals-ignore-case':
      return (
        typeof value === 'string' && typeof arg === 'string' && value.toLowerCase() === arg.toLowerCase()
      );
    case 'anything-but':
      return anythingBut(arg, value);
    case 'numeric':
      return numeric(arg, value);
    default:
      throw new InvalidPattern(`unsupported pattern operator ${JSON.stringify(op)}`);
  }
}

function anythingBut(arg: unknown, value: unknown): boolean {
  if (arg !== null && typeof arg === 'object' && !Array.isArray(arg)) {
    const prefix = (arg as Record<string, unknown>).prefix;
    if (typeof prefix === 'string') return typeof value === 'string' && !value.startsWith(prefix);
    throw new InvalidPattern(`unsupported anything-but ${JSON.stringify(arg)}`);
  }
  const excluded = Array.isArray(arg) ? arg : [arg];
  return !excluded.includes(value);
}

const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '=': (a, b) => a === b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

function numeric(arg: unknown, value: unknown): boolean {
  if (!Array.isArray(arg) || arg.length % 2 !== 0)
    throw new InvalidPattern(`numeric needs operator/value pairs`);
  if (typeof value !== 'number') return false;
  for (let i = 0; i < arg.length; i += 2) {
    const compare = COMPARE[String(arg[i])];
    if (!compare || typeof arg[i + 1] !== 'number')
      throw new InvalidPattern(`bad numeric rule ${JSON.stringify(arg)}`);
    if (!compare(value, arg[i + 1] as number)) return false;
  }
  return true;
}
