/**
 * `dazzle-sfn/host`: what the pure compiler (`dazzle-sfn`) needs from Node, for your own tools:
 * reading `.dsl` / `processes.json` inputs from disk, and asl-validator as `CompileOptions.validateAsl`.
 */
export { aslValidator } from './asl-validator.ts';
export { collectInputs, SourceFilesError, textsByName } from './files.ts';
