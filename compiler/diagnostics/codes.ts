import type { Severity } from './diagnostic.ts';

/**
 * Every diagnostic code with its default severity and a one-line summary. A code that is not in this
 * table does not compile. Add codes by inserting lines (keep each group sorted); never rewrite the table.
 *
 * Groups: DZ1xx lexical/syntax, DZ2xx structure/unknown fields, DZ3xx validation rules,
 * DZ4xx expressions, DZ5xx durations/cron/timezone, DZ6xx compile/emit limits, DZ7xx loader (JSON).
 */
export const CODES = {
  // DZ1xx lexical and syntax
  DZ100: { severity: 'error', summary: 'unexpected character' },
  DZ101: { severity: 'error', summary: 'unterminated string' },
  DZ102: { severity: 'error', summary: 'inconsistent dedent' },
  DZ103: { severity: 'error', summary: 'syntax error' },
  // DZ2xx structure
  DZ200: { severity: 'warning', summary: 'unknown field (block skipped)' },
  DZ201: { severity: 'error', summary: 'duplicate definition name' },
  // DZ3xx validation rules
  // DZ4xx expressions
  // DZ5xx durations, cron, timezone
  // DZ6xx compile and AWS limits
  // DZ7xx processes.json loader
} as const satisfies Record<string, { severity: Severity; summary: string }>;

export type DiagnosticCode = keyof typeof CODES;
