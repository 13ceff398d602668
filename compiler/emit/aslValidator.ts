/**
 * The shape of an ASL validator the compiler can be given (`CompileOptions.validateAsl`). The
 * compiler loads none itself (it stays pure): `host/asl-validator.ts` wraps the installed
 * asl-validator package, and the CLI, the local runtime, infra and tests pass it in.
 */
export interface AslValidationResult {
  readonly isValid: boolean;
  readonly errorsText: (separator?: string) => string;
}

/** Validates a definition; must not mutate its argument. */
export type AslValidator = (definition: unknown) => AslValidationResult;
