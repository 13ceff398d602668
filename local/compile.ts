/** Compiling for the local runtime: the library pipeline, with diagnostics formatted for a terminal. */
import { formatDiagnostic } from '../compiler/diagnostics/diagnostic.ts';
import { type CompileArtifacts, compileSources, type SourceFile } from '../compiler/index.ts';
import type { AppIR } from '../compiler/ir/types.ts';

export interface LocalCompile {
  /** Absent when there are errors. */
  artifacts?: CompileArtifacts;
  /** The checked program the artifacts were compiled from (the console draws it). */
  ir: AppIR;
  /** Formatted errors (with caret lines). */
  errors: string[];
  warnings: number;
}

export function compileForLocal(files: readonly SourceFile[]): LocalCompile {
  const result = compileSources(files);
  const texts = new Map(files.map((f) => [f.name, f.text]));
  const errors = result.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => formatDiagnostic(d, texts.get(d.file)));
  return {
    ...(result.artifacts && { artifacts: result.artifacts }),
    ir: result.ir,
    errors,
    warnings: result.diagnostics.length - errors.length,
  };
}
