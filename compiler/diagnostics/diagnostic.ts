import { CODES, type DiagnosticCode } from './codes.ts';

export type Severity = 'error' | 'warning';

/** The one diagnostic shape of the whole tool chain. Lines and columns are 1-based. */
export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  file: string;
  line: number;
  column: number;
  /** Length of the offending text, for the caret line (default 1). */
  length?: number;
}

export interface Location {
  file: string;
  line: number;
  column: number;
  length?: number;
}

/** Builds a diagnostic; the severity comes from the code table unless overridden. */
export function diagnostic(
  code: DiagnosticCode,
  message: string,
  at: Location,
  severity: Severity = CODES[code].severity,
): Diagnostic {
  return { code, severity, message, file: at.file, line: at.line, column: at.column, length: at.length };
}

export const hasErrors = (diagnostics: readonly Diagnostic[]): boolean =>
  diagnostics.some((d) => d.severity === 'error');

/** Stable order: file, line, column, code. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code),
  );
}

/**
 * `file:line:col: error CODE message`, then (when the source text is known) the line and a caret.
 * `sourceText` may be the text or its lines (split once per file by `formatDiagnostics`).
 */
export function formatDiagnostic(d: Diagnostic, sourceText?: string | readonly string[]): string {
  const head = `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}`;
  if (sourceText === undefined) return head;
  const lines = typeof sourceText === 'string' ? sourceText.split(/\r?\n/) : sourceText;
  const lineText = lines[d.line - 1];
  if (lineText === undefined) return head;
  const caret = `${' '.repeat(Math.max(0, d.column - 1))}${'^'.repeat(Math.max(1, d.length ?? 1))}`;
  return `${head}\n  ${lineText.replace(/\t/g, ' ')}\n  ${caret}`;
}

/** How many diagnostics a terminal is shown: per file, and in all. */
export interface DiagnosticLimits {
  /** @default 50 */
  readonly perFile?: number;
  /** @default 200 */
  readonly total?: number;
}

export const DIAGNOSTIC_LIMITS: Required<DiagnosticLimits> = { perFile: 50, total: 200 };

/**
 * The diagnostics as printed by the CLI and the dev server: each formatted (`formatDiagnostic`),
 * at most `perFile` of one file and `total` in all, in the given order. What is left out is one
 * line: `… and 12 more in a.dsl` per file, `… and 340 more` for the rest of the run. A 1 MB file
 * of garbage therefore prints a screenful, not a flood. Each file's text is split into lines once.
 */
export function formatDiagnostics(
  diagnostics: readonly Diagnostic[],
  sourceOf: (file: string) => string | undefined = () => undefined,
  limits: DiagnosticLimits = DIAGNOSTIC_LIMITS,
): string[] {
  const perFile = limits.perFile ?? DIAGNOSTIC_LIMITS.perFile;
  const total = limits.total ?? DIAGNOSTIC_LIMITS.total;
  const lines = new Map<string, readonly string[] | undefined>();
  const shownOf = new Map<string, number>();
  const hiddenOf = new Map<string, number>();
  const out: string[] = [];
  let shown = 0;
  let rest = 0;
  for (const d of diagnostics) {
    if (shown >= total) {
      rest++;
      continue;
    }
    const count = shownOf.get(d.file) ?? 0;
    if (count >= perFile) {
      hiddenOf.set(d.file, (hiddenOf.get(d.file) ?? 0) + 1);
      continue;
    }
    if (!lines.has(d.file)) lines.set(d.file, sourceOf(d.file)?.split(/\r?\n/));
    out.push(formatDiagnostic(d, lines.get(d.file)));
    shownOf.set(d.file, count + 1);
    shown++;
  }
  for (const [file, hidden] of hiddenOf) out.push(`… and ${hidden} more in ${file}`);
  if (rest > 0) out.push(`… and ${rest} more`);
  return out;
}
