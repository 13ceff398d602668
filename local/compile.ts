/** Compiling for the local runtime: the library pipeline, with diagnostics formatted for a terminal. */
import { formatDiagnostics } from '../compiler/diagnostics/diagnostic.ts';
import { type CompileArtifacts, compileSources, type SourceFile } from '../compiler/index.ts';
import type { AppIR } from '../compiler/ir/types.ts';

export interface LocalCompile {
  /** Absent when there are errors. */
  artifacts?: CompileArtifacts;
  /** The checked program the artifacts were compiled from (the console draws it). */
  ir: AppIR;
  /**
   * The errors as printed: formatted with caret lines, at most 50 per file and 200 in all, what is
   * left out said in one line each (`formatDiagnostics`: a 1 MB binary file prints a screenful).
   */
  errors: string[];
  /** How many errors there are (all of them). */
  errorCount: number;
  warnings: number;
}

export function compileForLocal(files: readonly SourceFile[]): LocalCompile {
  const result = compileSources(files);
  const texts = new Map(files.map((f) => [f.name, f.text]));
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  return {
    ...(result.artifacts && { artifacts: result.artifacts }),
    ir: result.ir,
    errors: formatDiagnostics(errors, (file) => texts.get(file)),
    errorCount: errors.length,
    warnings: result.diagnostics.length - errors.length,
  };
}
