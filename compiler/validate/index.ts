import type { Diagnostic, Location } from '../diagnostics/diagnostic.ts';
import type { AppIR } from '../ir/types.ts';
import type { SourceMap } from '../ir/locations.ts';

export interface ValidateOptions {
  /** Where to point diagnostics about nodes the source map does not know (e.g. built in code). */
  fallback?: Location;
  /** True when story files were part of the input, so unknown `implements` ids are worth a warning. */
  storiesLoaded?: boolean;
}

/** Runs every validation rule over a parsed app. (Stub: the validation helper fills this in.) */
export function validateApp(_ir: AppIR, _sourceMap: SourceMap, _options: ValidateOptions = {}): Diagnostic[] {
  return [];
}
