/**
 * asl-validator (a CommonJS devDependency, ~70 ms per call, no types) loaded once, if installed.
 * It is only called when `compileSources` is asked to (`validateAsl`), never on the default path.
 */
export interface AslValidationResult {
  readonly isValid: boolean;
  readonly errorsText: (separator?: string) => string;
}

/** Validates a definition; must not mutate its argument (callers pass a structuredClone). */
export type AslValidator = (definition: unknown) => AslValidationResult;

type Raw = (definition: unknown) => AslValidationResult;

// A variable specifier: the package ships no type declarations.
const specifier = 'asl-validator';
const loaded: Raw | undefined = await import(specifier).then(
  (m: { default?: unknown }) => (typeof m.default === 'function' ? (m.default as Raw) : undefined),
  () => undefined,
);

/** The installed asl-validator, wrapped so it validates a copy; undefined when not installed. */
export const defaultAslValidator: AslValidator | undefined = loaded
  ? (definition) => loaded(structuredClone(definition))
  : undefined;
