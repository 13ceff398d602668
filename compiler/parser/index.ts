import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { SourceMap } from '../ir/locations.ts';
import type { AppIR } from '../ir/types.ts';
import { lex } from '../lexer/lexer.ts';
import { Parser } from './parser.ts';

export { entityFieldPrefix, STORY_TRIGGERS } from './parser.ts';

export interface SourceFile {
  /** The name diagnostics and `source.file` report (a path as the user gave it). */
  name: string;
  text: string;
}

export interface ParseResult {
  ir: AppIR;
  sourceMap: SourceMap;
  diagnostics: Diagnostic[];
  /** The file's `module` declaration (`acme_billing.processes`), when it has one. */
  module?: string;
}

/**
 * Parses one `.dsl` file: its `process`, `schedule` and `story` blocks become IR, everything else is
 * skipped by block. Never throws; every problem is a located diagnostic (lexical ones first).
 */
export function parseSource(file: SourceFile, sourceMap: SourceMap = new SourceMap()): ParseResult {
  const { tokens, diagnostics } = lex(file.name, file.text);
  const parser = new Parser(file.name, tokens, diagnostics, sourceMap);
  const ir = parser.parseFile();
  return parser.module === undefined
    ? { ir, sourceMap, diagnostics }
    : { ir, sourceMap, diagnostics, module: parser.module };
}
