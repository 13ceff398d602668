import { loadProcessesJson } from './loader/processes-json.ts';
import type { SourceFile } from './parser/index.ts';
import { type CheckResult, checkSourcesWith, loadSourcesWith } from './sources.ts';

export type { CheckResult } from './sources.ts';

/**
 * The front end: parses every `.dsl` and `processes.json` input, merges them into one app (a name
 * defined twice is DZ201; a DSL process replaces a processes.json one of the same name with DZ207),
 * then runs validation. Never throws; diagnostics come sorted.
 */
export function checkSources(files: readonly SourceFile[]): CheckResult {
  return checkSourcesWith(files, loadProcessesJson);
}

/** Parsing and merging only, without validation (what `dazzle-sfn ir` needs). */
export function loadSources(files: readonly SourceFile[]): CheckResult {
  return loadSourcesWith(files, loadProcessesJson);
}
