/**
 * JSONata templates: any string of the form `{% expr %}` anywhere in a field is a JSONata
 * expression; everything else is a literal. Templates are compiled once when a state machine is
 * registered and evaluated per state visit. What the compiler emits on every visit — plain paths
 * (`$states.input.order.id`), object and array constructors, `($v := …; $exists($v) ? $v : null)`,
 * `$merge([…])` — is evaluated by the fast path (fast-path.ts) when it can; the rest by jsonata.
 */
import jsonata from 'jsonata';
import { EvaluationError, StatesError } from './errors.ts';
import { BAIL, compileFastPath, type FastExpression } from './fast-path.ts';

export type Template =
  | { kind: 'literal'; value: unknown }
  | { kind: 'expr'; source: string; expr: jsonata.Expression; fast?: FastExpression }
  | { kind: 'object'; entries: [string, Template][] }
  | { kind: 'array'; items: Template[] };

const EXPR = /^\{%([\s\S]*)%\}$/;

/**
 * Compiles a field value. `functions` are bound into every expression (the AWS additions, bound to
 * one engine's clock and random source). Throws a plain Error when an expression does not parse.
 */
export function compileTemplate(value: unknown, functions: Record<string, unknown> = {}): Template {
  if (typeof value === 'string') {
    const m = EXPR.exec(value);
    if (!m) return { kind: 'literal', value };
    const source = m[1].trim();
    const expr = jsonata(source);
    for (const [name, fn] of Object.entries(functions)) expr.assign(name, fn);
    return { kind: 'expr', source, expr, fast: compileFastPath(expr.ast(), functions) };
  }
  if (Array.isArray(value)) {
    const items = value.map((v) => compileTemplate(v, functions));
    return items.every((t) => t.kind === 'literal') ? { kind: 'literal', value } : { kind: 'array', items };
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]): [string, Template] => [
      k,
      compileTemplate(v, functions),
    ]);
    return entries.every(([, t]) => t.kind === 'literal')
      ? { kind: 'literal', value }
      : { kind: 'object', entries };
  }
  return { kind: 'literal', value };
}

/**
 * Evaluates a template; a JSONata error, an undefined result or a value that is not JSON is an
 * `EvaluationError` (`States.QueryEvaluationError`) naming the expression and the field down to the
 * key or index (`Output/result`, `Arguments/Items[0]`), in AWS's words.
 */
export function evaluateTemplate(
  template: Template,
  bindings: Record<string, unknown>,
  field: string,
): unknown | Promise<unknown> {
  // Synchronously when the fast path answers every expression of the template (no promise).
  const value = fastValue(template, bindings);
  return value === BAIL ? evaluateWithJsonata(template, bindings, field) : value;
}

/** The template's value from the fast path alone; BAIL when a part needs jsonata or fails. */
function fastValue(template: Template, bindings: Record<string, unknown>): unknown {
  switch (template.kind) {
    case 'literal':
      return template.value;
    case 'expr': {
      const v = template.fast ? template.fast(bindings) : BAIL;
      // Undefined is an error, reported with its field by the other path.
      return v === undefined ? BAIL : v;
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, t] of template.entries) {
        const v = fastValue(t, bindings);
        if (v === BAIL) return BAIL;
        out[key] = v;
      }
      return out;
    }
    case 'array': {
      const out: unknown[] = [];
      for (const t of template.items) {
        const v = fastValue(t, bindings);
        if (v === BAIL) return BAIL;
        out.push(v);
      }
      return out;
    }
    default: {
      const never: never = template;
      return never;
    }
  }
}

async function evaluateWithJsonata(
  template: Template,
  bindings: Record<string, unknown>,
  field: string,
): Promise<unknown> {
  switch (template.kind) {
    case 'literal':
      return template.value;
    case 'expr': {
      let result: unknown = template.fast ? template.fast(bindings) : BAIL;
      if (result === BAIL) {
        try {
          result = await template.expr.evaluate(undefined, bindings);
        } catch (error) {
          if (error instanceof StatesError) throw error;
          const e = error as { message?: string; code?: string };
          throw new EvaluationError(
            `The JSONata expression '${template.source}' specified for the field '${field}' threw an error during evaluation. ${e.code ? `${e.code}: ` : ''}${e.message ?? String(error)}`,
            field,
          );
        }
        if (result !== undefined)
          result = needsCleaning(result) ? toJson(result, template.source, field) : result;
      }
      if (result === undefined) {
        throw new EvaluationError(
          `The JSONata expression '${template.source}' specified for the field '${field}' returned nothing (undefined).`,
          field,
        );
      }
      return result;
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, t] of template.entries)
        out[key] = await evaluateTemplate(t, bindings, `${field}/${key}`);
      return out;
    }
    case 'array': {
      const out: unknown[] = [];
      for (const [i, t] of template.items.entries())
        out.push(await evaluateTemplate(t, bindings, `${field}[${i}]`));
      return out;
    }
    default: {
      const never: never = template;
      return never;
    }
  }
}

/** True when a JSONata result holds something that is not plain JSON (sequences, undefined, functions). */
function needsCleaning(value: unknown): boolean {
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' || (typeof value === 'number' && !Number.isFinite(value));
  }
  if (Array.isArray(value)) {
    if ((value as { sequence?: boolean }).sequence !== undefined) return true;
    for (const item of value) if (item === undefined || needsCleaning(item)) return true;
    return false;
  }
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined || needsCleaning(v)) return true;
  }
  return false;
}

/** Turns a JSONata result into plain JSON (sequences into arrays); functions are an error. */
function toJson(value: unknown, source: string, field: string): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function' || (typeof value === 'number' && !Number.isFinite(value))) {
      throw new EvaluationError(
        `The JSONata expression '${source}' specified for the field '${field}' returned an unsupported result type.`,
        field,
      );
    }
    return value;
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) if (item !== undefined) out.push(toJson(item, source, field));
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = toJson(v, source, field);
  }
  return out;
}
