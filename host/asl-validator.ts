import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { AslValidationResult, AslValidator } from '../compiler/emit/aslValidator.ts';

/**
 * asl-validator (4.0, CommonJS, no type declarations) with its JSON schemas compiled once per
 * process instead of once per definition.
 *
 * Its `validator(definition)` runs a JSON-schema step, `jsonSchemaErrors` in
 * `dist/src/checks/json-schema-errors.js`, which builds a new Ajv from its 15 schemas and compiles
 * them on every call (~70 ms, nearly all of a call), then its semantic checks (transition targets,
 * terminal states, …). `validator` reads that step from the module's exports at each call, so we put
 * in its place the same step on one Ajv built once, with the same schemas, options, formats and error
 * selection; everything else stays asl-validator's own. If its layout is
 * not the one described here, the plain package is used (correct, only slower).
 */

interface AjvError {
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly keyword: string;
  readonly message?: string;
}
interface AjvInstance {
  addFormat(name: string, format: (value: string) => boolean): unknown;
  getSchema(id: string): ((data: unknown) => boolean) & { errors?: AjvError[] | null };
}
interface SchemaOptions {
  readonly checkPaths?: boolean;
  readonly checkArn?: boolean;
}
interface SchemaError {
  readonly 'Error code': string;
  readonly Message: string;
  readonly schemaError: { readonly instancePath: string; readonly schemaPath: string };
}
type SchemaStep = (definition: unknown, options: SchemaOptions) => SchemaError[];
type Validate = (definition: unknown) => AslValidationResult;

const STATE_MACHINE_SCHEMA = 'http://asl-validator.cloud/state-machine.json#';
/** JSONata verdicts kept at most (a compile of thousands of workflows has tens of thousands). */
const MAX_REMEMBERED = 50_000;

let loaded: { validate: Validate; compiledOnce: boolean } | null | undefined;

/**
 * The installed asl-validator with its schemas compiled once, wrapped so that it validates a copy
 * (it writes default `QueryLanguage`s into its argument). It is a dependency of dazzle-sfn: a
 * missing one is a broken install, reported as such.
 */
export function aslValidator(): AslValidator {
  const v = load();
  if (!v)
    throw new Error('asl-validator is not installed (a dependency of dazzle-sfn): reinstall dazzle-sfn');
  return (definition) => v.validate(structuredClone(definition));
}

/** Whether asl-validator's schema step is the compiled-once one (false: the plain package, or none). */
export function aslSchemasCompiledOnce(): boolean {
  return load()?.compiledOnce ?? false;
}

function load(): { validate: Validate; compiledOnce: boolean } | undefined {
  if (loaded === undefined) loaded = tryLoad();
  return loaded ?? undefined;
}

function tryLoad(): { validate: Validate; compiledOnce: boolean } | null {
  const require = createRequire(import.meta.url);
  let main: string;
  try {
    main = require.resolve('asl-validator');
  } catch {
    return null;
  }
  const fromPackage = createRequire(main);
  const validate = fromPackage(main) as Validate;
  if (typeof validate !== 'function') return null;
  try {
    const step = fromPackage('./checks/json-schema-errors.js') as { jsonSchemaErrors?: SchemaStep };
    if (typeof step.jsonSchemaErrors !== 'function') return { validate, compiledOnce: false };
    const compiled = compiledSchemaStep(fromPackage, join(dirname(main), 'schemas'), step.jsonSchemaErrors);
    step.jsonSchemaErrors = compiled;
    return { validate, compiledOnce: true };
  } catch {
    return { validate, compiledOnce: false };
  }
}

/**
 * `jsonSchemaErrors` with one Ajv per combination of options, built on first use. For options it
 * does not know (any key other than checkPaths/checkArn), the package's own step runs.
 */
function compiledSchemaStep(
  fromPackage: NodeJS.Require,
  schemaDir: string,
  original: SchemaStep,
): SchemaStep {
  const { StateMachineErrorCode } = fromPackage('./types.js') as {
    StateMachineErrorCode: { SchemaValidationFailed: string };
  };
  const errorCode = StateMachineErrorCode.SchemaValidationFailed;
  const byOptions = new Map<string, ReturnType<AjvInstance['getSchema']>>();
  const validatorFor = (options: SchemaOptions) => {
    const key = `${Boolean(options.checkPaths)}/${Boolean(options.checkArn)}`;
    let v = byOptions.get(key);
    if (!v) {
      v = buildAjv(fromPackage, schemaDir, options).getSchema(STATE_MACHINE_SCHEMA);
      byOptions.set(key, v);
    }
    return v;
  };
  return (definition, options) => {
    if (Object.keys(options).some((k) => k !== 'checkPaths' && k !== 'checkArn'))
      return original(definition, options);
    const v = validatorFor(options);
    return v(definition) ? [] : selectErrors(v.errors ?? [], errorCode);
  };
}

/** The Ajv asl-validator 4.0 builds per call: every schema of its `schemas/` folder, its formats. */
function buildAjv(fromPackage: NodeJS.Require, schemaDir: string, options: SchemaOptions): AjvInstance {
  const Ajv = (fromPackage('ajv') as { default: new (o: object) => AjvInstance }).default;
  const addFormats = (fromPackage('ajv-formats') as { default: (ajv: AjvInstance) => void }).default;
  const jsonata = fromPackage('jsonata') as (expression: string) => unknown;
  const { registerAll } = fromPackage('asl-path-validator') as { registerAll: (ajv: AjvInstance) => void };
  const { isArnFormatValid } = fromPackage('./checks/formats.js') as {
    isArnFormatValid: (v: string) => boolean;
  };
  const schemas = readdirSync(schemaDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => fromPackage(join(schemaDir, f)) as object);
  const ajv = new Ajv({ schemas, allowUnionTypes: true });
  addFormats(ajv);
  // Parsing is pure, and the schema's `oneOf`s test one string several times: remember verdicts.
  const verdicts = new Map<string, boolean>();
  const parses = (expression: string) => {
    try {
      jsonata(expression);
      return true;
    } catch {
      return false;
    }
  };
  const isJsonata = (value: string) => {
    let expression = value.trim();
    if (expression.startsWith('{%')) expression = expression.slice(2);
    if (expression.endsWith('%}')) expression = expression.slice(0, -2);
    let verdict = verdicts.get(expression);
    if (verdict === undefined) {
      if (verdicts.size >= MAX_REMEMBERED) verdicts.clear();
      verdict = parses(expression);
      verdicts.set(expression, verdict);
    }
    return verdict;
  };
  ajv.addFormat('jsonata_string', isJsonata);
  ajv.addFormat('maybe_jsonata_string', (value) => {
    const trimmed = value.trim();
    return trimmed.startsWith('{%') || trimmed.endsWith('%}') ? isJsonata(trimmed) : true;
  });
  if (options.checkPaths) registerAll(ajv);
  else
    for (const f of ['asl_path', 'asl_ref_path', 'asl_payload_template', 'asl_result_path'])
      ajv.addFormat(f, () => true);
  ajv.addFormat('asl_arn', options.checkArn ? isArnFormatValid : () => true);
  return ajv;
}

/**
 * asl-validator's choice among Ajv's errors: those at the deepest instance path; where one of them
 * is a `oneOf`, only the `oneOf` at that path; each (schema path, instance path) once.
 */
function selectErrors(errors: readonly AjvError[], errorCode: string): SchemaError[] {
  let deepest = 0;
  let selected: AjvError[] = [];
  for (const error of errors) {
    const depth = error.instancePath.split('/').length;
    if (depth > deepest) {
      deepest = depth;
      selected = [error];
    } else if (depth === deepest) selected.push(error);
  }
  const oneOfPaths = new Set(selected.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  const seen = new Set<string>();
  const out: SchemaError[] = [];
  for (const error of selected) {
    if (error.keyword !== 'oneOf' && oneOfPaths.has(error.instancePath)) continue;
    const schemaPath = decodeURIComponent(error.schemaPath);
    const key = `${schemaPath}\u0000${error.instancePath}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      'Error code': errorCode,
      Message: `${error.instancePath} is invalid. ${error.message ?? ''}`,
      schemaError: { instancePath: error.instancePath, schemaPath },
    });
  }
  return out;
}
