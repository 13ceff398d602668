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
  DZ202: { severity: 'error', summary: 'two kind-setting fields in one step' },
  DZ203: { severity: 'error', summary: 'kind: disagrees with the step fields' },
  DZ204: { severity: 'error', summary: 'value not among the accepted ones' },
  DZ205: { severity: 'warning', summary: 'field given twice (the last one wins)' },
  DZ206: { severity: 'warning', summary: 'field does not apply to this step kind (ignored)' },
  DZ207: { severity: 'warning', summary: 'DSL process replaces the processes.json one of the same name' },
  DZ208: { severity: 'error', summary: 'field renamed in current Dazzle' },
  DZ209: { severity: 'warning', summary: 'unknown top-level construct (block skipped)' },
  // DZ3xx validation rules
  DZ300: { severity: 'error', summary: 'jump to an unknown step' },
  DZ301: { severity: 'warning', summary: 'compensate names no declared compensation (implicit one)' },
  DZ302: { severity: 'warning', summary: 'unknown subprocess' },
  DZ303: { severity: 'error', summary: 'subprocess runs its own process (recursion)' },
  DZ304: { severity: 'error', summary: 'duplicate step name' },
  DZ305: { severity: 'error', summary: 'duplicate compensation name' },
  DZ306: { severity: 'error', summary: 'duplicate input, output, outcome or form field name' },
  DZ307: { severity: 'warning', summary: 'unreachable step' },
  DZ308: { severity: 'warning', summary: 'loop with no wait or human task' },
  DZ309: { severity: 'error', summary: 'step has no kind' },
  DZ310: { severity: 'error', summary: 'step lacks a field its kind needs' },
  DZ311: { severity: 'warning', summary: 'implements an unknown story' },
  DZ312: { severity: 'error', summary: 'foreach source is not an earlier step or an input' },
  DZ313: { severity: 'error', summary: 'retry setting out of range' },
  DZ314: { severity: 'warning', summary: 'step can outlast its process timeout' },
  DZ315: { severity: 'warning', summary: 'unknown form field type' },
  DZ316: { severity: 'error', summary: 'unknown query filter operator' },
  DZ317: { severity: 'error', summary: 'foreach concurrency is negative' },
  DZ318: { severity: 'error', summary: 'schedule needs exactly one of cron and interval' },
  DZ319: { severity: 'error', summary: 'interval EventBridge Scheduler cannot express' },
  DZ322: { severity: 'error', summary: 'duration is not positive' },
  DZ323: { severity: 'warning', summary: 'path names no known root' },
  DZ324: { severity: 'error', summary: 'step named after a terminal (complete, fail)' },
  DZ325: {
    severity: 'warning',
    summary: 'compensable step in a fail_fast parallel (not compensated when it fails)',
  },
  DZ326: { severity: 'error', summary: 'human task outcome name too long for its Step Functions error' },
  DZ327: { severity: 'error', summary: 'human task outcome name is not an identifier' },
  // DZ4xx expressions
  DZ400: { severity: 'error', summary: 'expression syntax error' },
  DZ401: { severity: 'error', summary: 'unterminated string in expression' },
  DZ402: { severity: 'error', summary: 'unknown function in expression' },
  DZ403: { severity: 'error', summary: 'wrong arguments to an expression function' },
  // DZ5xx durations, cron, timezone
  DZ500: { severity: 'error', summary: 'invalid duration' },
  DZ510: { severity: 'error', summary: 'cron expression needs five fields' },
  DZ511: { severity: 'error', summary: 'invalid cron field' },
  DZ512: { severity: 'warning', summary: 'cron restricts both day fields (two schedules)' },
  DZ513: { severity: 'error', summary: 'cron expression EventBridge Scheduler cannot express' },
  DZ520: { severity: 'error', summary: 'unknown timezone' },
  // DZ6xx compile and AWS limits
  DZ600: { severity: 'error', summary: 'where clause the entity store cannot evaluate' },
  DZ601: { severity: 'error', summary: 'state machine definition exceeds 1 MB' },
  DZ602: { severity: 'error', summary: 'emitted definition fails ASL validation' },
  DZ603: { severity: 'error', summary: 'emitted Task resource is not a known integration' },
  DZ604: { severity: 'error', summary: 'state or state machine name too long or invalid' },
  DZ605: { severity: 'error', summary: 'schedule expression cannot be converted' },
  DZ606: { severity: 'error', summary: 'emitted definition is one AWS rejects at creation' },
  DZ607: { severity: 'error', summary: 'two names would share one generated AWS name' },
  // DZ7xx processes.json loader
  DZ700: { severity: 'error', summary: 'invalid JSON' },
  DZ701: { severity: 'error', summary: 'processes.json does not match the IR schema' },
} as const satisfies Record<string, { severity: Severity; summary: string }>;

export type DiagnosticCode = keyof typeof CODES;
