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
 */
export function formatDiagnostic(d: Diagnostic, sourceText?: string): string {
  const head = `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}`;
  if (sourceText === undefined) return head;
  const lineText = sourceText.split(/\r?\n/)[d.line - 1];
  if (lineText === undefined) return head;
  const caret = `${' '.repeat(Math.max(0, d.column - 1))}${'^'.repeat(Math.max(1, d.length ?? 1))}`;
  return `${head}\n  ${lineText.replace(/\t/g, ' ')}\n  ${caret}`;
}
