/**
 * Validation of typed field values: human task form data and process inputs (both use the DSL's
 * input line types). Pure. Errors name the field.
 *
 * Types: str/string[(max)], text, int/integer, float/number, decimal[(p,s)]/money (a number or a
 * numeric string, kept as given), bool/boolean, date (YYYY-MM-DD), datetime/timestamp (ISO-8601 with
 * time and offset or Z), uuid, email, url, enum[a,b] (or enum(a,b)), ref <Entity> (an id string),
 * json/any/list/dict (any JSON value). Other type names accept any JSON value (the compiler reports
 * unknown types; the handler does not second-guess it).
 */
import type { FieldDef } from './config.ts';
import { BadRequestError, InvalidFieldError } from './errors.ts';

type Check = (value: unknown) => string | undefined;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

const isString = (v: unknown): v is string => typeof v === 'string';

function validDate(v: string): boolean {
  const m = DATE.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return (
    d.getUTCFullYear() === Number(m[1]) &&
    d.getUTCMonth() === Number(m[2]) - 1 &&
    d.getUTCDate() === Number(m[3])
  );
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim().replace(/^["']|["']$/g, ''))
    .filter((s) => s !== '');
}

/** The check for a type text such as `str(255)`, `enum[a,b]`, `ref Client`. */
export function checkFor(typeText: string): Check {
  const type = typeText.trim();
  const base = /^[A-Za-z_]+/.exec(type)?.[0].toLowerCase() ?? '';
  const args = /^[A-Za-z_]+\s*[([](.*)[)\]]\s*$/.exec(type)?.[1];
  switch (base) {
    case 'str':
    case 'string':
    case 'text': {
      const max = args !== undefined && /^\d+$/.test(args.trim()) ? Number(args) : undefined;
      return (v) =>
        !isString(v)
          ? 'must be a string'
          : max !== undefined && v.length > max
            ? `must be at most ${max} characters`
            : undefined;
    }
    case 'int':
    case 'integer':
      return (v) => (typeof v === 'number' && Number.isSafeInteger(v) ? undefined : 'must be an integer');
    case 'float':
    case 'number':
      return (v) => (typeof v === 'number' && Number.isFinite(v) ? undefined : 'must be a number');
    case 'decimal':
    case 'money':
      return (v) =>
        (typeof v === 'number' && Number.isFinite(v)) || (isString(v) && DECIMAL.test(v))
          ? undefined
          : 'must be a decimal number';
    case 'bool':
    case 'boolean':
      return (v) => (typeof v === 'boolean' ? undefined : 'must be true or false');
    case 'date':
      return (v) => (isString(v) && validDate(v) ? undefined : 'must be a date YYYY-MM-DD');
    case 'datetime':
    case 'timestamp':
      return (v) =>
        isString(v) && DATETIME.test(v) && !Number.isNaN(Date.parse(v)) && validDate(v.slice(0, 10))
          ? undefined
          : 'must be an ISO-8601 date-time with a time zone';
    case 'uuid':
      return (v) => (isString(v) && UUID.test(v) ? undefined : 'must be a UUID');
    case 'email':
      return (v) => (isString(v) && EMAIL.test(v) ? undefined : 'must be an email address');
    case 'url':
      return (v) => (isString(v) && URL.canParse(v) ? undefined : 'must be a URL');
    case 'enum': {
      const allowed = splitList(args ?? '');
      return (v) => (isString(v) && allowed.includes(v) ? undefined : `must be one of ${allowed.join(', ')}`);
    }
    case 'ref':
      return (v) => (isString(v) && v !== '' ? undefined : 'must be an id (string)');
    default:
      return () => undefined;
  }
}

/** The typed value of a DSL default (always written as a string). */
export function defaultValue(typeText: string, text: string): unknown {
  const base = /^[A-Za-z_]+/.exec(typeText.trim())?.[0].toLowerCase() ?? '';
  if (
    ['int', 'integer', 'float', 'number'].includes(base) &&
    text.trim() !== '' &&
    !Number.isNaN(Number(text))
  )
    return Number(text);
  if ((base === 'bool' || base === 'boolean') && (text === 'true' || text === 'false'))
    return text === 'true';
  return text;
}

/**
 * Validate `data` against `fields`: unknown fields, missing required ones and type errors are
 * `InvalidFieldError`s naming the field; defaults fill missing optional fields. Returns a new object.
 */
export function validateFields(
  fields: readonly FieldDef[],
  data: unknown,
  what: string,
): Record<string, unknown> {
  if (data === undefined || data === null) data = {};
  if (typeof data !== 'object' || Array.isArray(data))
    throw new BadRequestError(`${what} must be a JSON object`);
  const given = data as Record<string, unknown>;
  const known = new Set(fields.map((f) => f.name));
  for (const name of Object.keys(given)) {
    if (!known.has(name)) throw new InvalidFieldError(name, `is not a field of ${what}`);
  }
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = given[field.name];
    if (value === undefined || value === null) {
      if (field.default !== undefined) out[field.name] = defaultValue(field.type, field.default);
      else if (field.required) throw new InvalidFieldError(field.name, 'is required');
      continue;
    }
    const problem = checkFor(field.type)(value);
    if (problem !== undefined) throw new InvalidFieldError(field.name, problem);
    out[field.name] = value;
  }
  return out;
}
