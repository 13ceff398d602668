import { expect } from 'vitest';
import type { Diagnostic } from '../../../compiler/diagnostics/diagnostic.ts';
import type { AppIR, ProcessSpec, ProcessStep } from '../../../compiler/ir/types.ts';
import { type ParseResult, parseSource } from '../../../compiler/parser/index.ts';

/** Removes the common leading indentation of a template literal, so tests can indent DSL freely. */
export function dsl(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = String.raw({ raw: strings }, ...values).replace(/^\n/, '');
  const lines = text.split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

export const parse = (text: string, name = 'test.dsl'): ParseResult => parseSource({ name, text });

/** `[code, line, column]` of every diagnostic, in order. */
export const codes = (diagnostics: readonly Diagnostic[]): [string, number, number][] =>
  diagnostics.map((d) => [d.code, d.line, d.column]);

/** Parses and asserts there are no diagnostics at all. */
export function expectClean(text: string): AppIR {
  const result = parse(text);
  expect(codes(result.diagnostics)).toEqual([]);
  return result.ir;
}

/** Parses and returns `[code, line, column]` of the diagnostics. */
export const expectCodes = (text: string): [string, number, number][] => codes(parse(text).diagnostics);

/** Wraps step lines (indented for a `steps:` block) in a minimal process. */
export function processWithSteps(steps: string): string {
  const body = steps
    .replace(/^\n/, '')
    .split('\n')
    .map((l) => (l.trim() ? `    ${l}` : l))
    .join('\n');
  return `process p "P":\n  trigger:\n    when: manual\n  steps:\n${body}\n`;
}

export function onlyProcess(ir: AppIR): ProcessSpec {
  expect(ir.processes).toHaveLength(1);
  return ir.processes[0];
}

export const stepsOf = (text: string): ProcessStep[] => onlyProcess(parse(text).ir).steps;
