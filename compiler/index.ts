import { type CompileOptions, type CompileResult, compileChecked } from './compile.ts';
import { checkSources } from './frontend.ts';
import type { SourceFile } from './parser/index.ts';

export type { CompileArtifacts, CompileOptions, CompileResult } from './compile.ts';
export type { Diagnostic } from './diagnostics/diagnostic.ts';
export type { AslValidationResult, AslValidator } from './emit/aslValidator.ts';
export { checkSources } from './frontend.ts';
export { aslFileName } from './manifest/build.ts';
export type { Manifest, ManifestWorkflow } from './manifest/schema.ts';
export type { SourceFile } from './parser/index.ts';

/**
 * The whole pipeline as a library: parse, validate, plan, emit ASL (JSONata) per process and
 * schedule, and the deployment manifest. Pure and deterministic: the same files give byte-identical
 * artifacts (2-space JSON with a trailing newline).
 */
export function compileSources(files: readonly SourceFile[], options: CompileOptions = {}): CompileResult {
  return compileChecked(checkSources(files), files, options);
}
