import { expect } from 'vitest';
import type { DiagnosticCode } from '../../../compiler/diagnostics/codes.ts';
import type { Diagnostic } from '../../../compiler/diagnostics/diagnostic.ts';
import { SourceMap } from '../../../compiler/ir/locations.ts';
import type { AppIR } from '../../../compiler/ir/types.ts';
import { parseSource } from '../../../compiler/parser/index.ts';
import { type ValidateOptions, type ValidationRule, validateApp } from '../../../compiler/validate/index.ts';

/** A diagnostic as the tests compare it: code and place, never wording. */
export interface Expected {
  code: DiagnosticCode;
  line: number;
  column: number;
}

export const FILE = 'test.dsl';

/** Strips the common indentation of a template literal, so sources can sit indented in tests. */
export function dsl(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = String.raw({ raw: strings }, ...values).replace(/^\n/, '');
  const lines = text.split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return `${lines
    .map((l) => l.slice(indent))
    .join('\n')
    .trimEnd()}\n`;
}

/** Line and column (1-based) of the `nth` occurrence of `needle` in `text`. */
export function where(text: string, needle: string, nth = 1): { line: number; column: number } {
  let index = -1;
  for (let i = 0; i < nth; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`"${needle}" occurs fewer than ${nth} times`);
  }
  const before = text.slice(0, index).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

/** `{code, ...where(text, needle, nth)}`. */
export const at = (code: DiagnosticCode, text: string, needle: string, nth = 1): Expected => ({
  code,
  ...where(text, needle, nth),
});

/** Parses `source` (which must parse without errors) and runs `rules` over it. */
export function validate(
  source: string,
  rules: readonly ValidationRule[],
  options: ValidateOptions = {},
): Diagnostic[] {
  const parsed = parseSource({ name: FILE, text: source });
  const parseErrors = parsed.diagnostics.filter((d) => d.severity === 'error');
  expect(parseErrors, 'the test source must parse').toEqual([]);
  return validateApp(parsed.ir, parsed.sourceMap, options, rules);
}

const comparable = (diagnostics: readonly Diagnostic[]): Expected[] =>
  diagnostics
    .map(({ code, line, column }) => ({ code, line, column }))
    .sort((a, b) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code));

/** `expectValid(source)` / `expectErrors(source, expected)` for one rule, as graphql-js's harness. */
export function harnessFor(rule: ValidationRule, options: ValidateOptions = {}) {
  return {
    expectValid(source: string, more: ValidateOptions = {}): void {
      expect(comparable(validate(source, [rule], { ...options, ...more }))).toEqual([]);
    },
    expectErrors(source: string, expected: readonly Expected[], more: ValidateOptions = {}): Diagnostic[] {
      const found = validate(source, [rule], { ...options, ...more });
      expect(comparable(found)).toEqual(comparable(expected as Diagnostic[]));
      return found;
    },
    /** For IR no DSL text can produce (e.g. from `processes.json`): codes only, located at the fallback. */
    codesOfIR(ir: AppIR): DiagnosticCode[] {
      const fallback = { file: 'processes.json', line: 1, column: 1 };
      return validateApp(ir, new SourceMap(), { ...options, fallback }, [rule]).map((d) => d.code);
    },
  };
}

/**
 * `items` behind a proxy that counts reads of its elements, to check that a rule reads a list a
 * bounded number of times (not once per workflow).
 */
export function countingReads<T>(items: T[]): { items: T[]; reads: () => number } {
  let reads = 0;
  const proxy = new Proxy(items, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key, receiver);
    },
  });
  return { items: proxy, reads: () => reads };
}
