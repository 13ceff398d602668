/**
 * A small runtime type checker for the payloads and config the handlers read. It stands in for zod
 * (zod/mini alone is ~22 KB of each bundle, and the bundles have a 50 KB budget): checks compose,
 * infer their TypeScript type, strip unknown object keys, fill defaults, and fail with the path of
 * the first bad value (`task.timeout_seconds: expected a number`).
 */

export class CheckError extends Error {
  readonly path: string;
  constructor(path: string, expected: string) {
    super(`${path || '(root)'}: expected ${expected}`);
    this.path = path;
  }
}

export interface Check<T> {
  (value: unknown, path?: string): T;
  /** Set on checks made with `optional` / `nullable`: the key may be absent from the output. */
  readonly optional?: true;
}

/** A check whose key may be absent from an object. */
export type OptionalCheck<T> = Check<T> & { readonly optional: true };

export type Infer<C> = C extends Check<infer T> ? T : never;

const at = (path: string, key: string | number) => (path === '' ? String(key) : `${path}.${key}`);
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function str(opts: { min?: number } = {}): Check<string> {
  return (v, path = '') => {
    if (typeof v !== 'string') throw new CheckError(path, 'a string');
    if (opts.min !== undefined && v.length < opts.min)
      throw new CheckError(path, `at least ${opts.min} character(s)`);
    return v;
  };
}

export function num(opts: { int?: boolean; min?: number; positive?: boolean } = {}): Check<number> {
  return (v, path = '') => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new CheckError(path, 'a number');
    if (opts.int && !Number.isInteger(v)) throw new CheckError(path, 'an integer');
    if (opts.positive && v <= 0) throw new CheckError(path, 'a positive number');
    if (opts.min !== undefined && v < opts.min) throw new CheckError(path, `a number >= ${opts.min}`);
    return v;
  };
}

/** An id: a string, or a number taken as its decimal string (JSONata paths often yield numbers). */
export const idString =
  (): Check<string> =>
  (v, path = '') => {
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    if (typeof v !== 'string') throw new CheckError(path, 'a string or number id');
    return v;
  };

export const bool =
  (): Check<boolean> =>
  (v, path = '') => {
    if (typeof v !== 'boolean') throw new CheckError(path, 'true or false');
    return v;
  };

export const unknown = (): Check<unknown> => (v) => v;

export function oneOf<const T extends readonly string[]>(values: T): Check<T[number]> {
  return (v, path = '') => {
    if (typeof v !== 'string' || !values.includes(v))
      throw new CheckError(path, `one of ${values.join(', ')}`);
    return v as T[number];
  };
}

export function optional<T>(check: Check<T>): OptionalCheck<T | undefined> {
  const c = (v: unknown, path = '') => (v === undefined ? undefined : check(v, path));
  return Object.assign(c, { optional: true as const });
}

/** `null` counts as absent too (EventBridge and JSONata send nulls for missing values). */
export function nullable<T>(check: Check<T>): OptionalCheck<T | undefined> {
  const c = (v: unknown, path = '') => (v === undefined || v === null ? undefined : check(v, path));
  return Object.assign(c, { optional: true as const });
}

/** May be absent from the input; always present in the output. */
export function withDefault<T>(check: Check<T>, fallback: T): Check<T> {
  return (v, path = '') => (v === undefined ? structuredClone(fallback) : check(v, path));
}

export function array<T>(item: Check<T>): Check<T[]> {
  return (v, path = '') => {
    if (!Array.isArray(v)) throw new CheckError(path, 'an array');
    return v.map((x, i) => item(x, at(path, i)));
  };
}

export function record<T>(value: Check<T>): Check<Record<string, T>> {
  return (v, path = '') => {
    if (!isObject(v)) throw new CheckError(path, 'an object');
    const out: Record<string, T> = {};
    for (const [k, x] of Object.entries(v)) out[k] = value(x, at(path, k));
    return out;
  };
}

type Shape = Record<string, Check<unknown>>;
type OptionalKeys<S extends Shape> = {
  [K in keyof S]: S[K] extends { readonly optional: true } ? K : never;
}[keyof S];
type Simplify<T> = { [K in keyof T]: T[K] };
export type ObjectOf<S extends Shape> = Simplify<
  { [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> }
>;

/** An object with exactly these keys checked; other keys are dropped, absent optional ones left out. */
export function object<S extends Shape>(shape: S): Check<ObjectOf<S>> {
  return (v, path = '') => {
    if (!isObject(v)) throw new CheckError(path, 'an object');
    const out: Record<string, unknown> = {};
    for (const [k, check] of Object.entries(shape)) {
      const x = check(v[k], at(path, k));
      if (x !== undefined) out[k] = x;
    }
    return out as ObjectOf<S>;
  };
}

/** Objects told apart by a string field (`op: 'query' | 'effects'`). */
export function tagged<K extends string, M extends Record<string, Check<object>>>(
  key: K,
  variants: M,
): Check<{ [T in keyof M]: Infer<M[T]> & { [P in K]: T } }[keyof M]> {
  const tags = Object.keys(variants);
  return (v, path = '') => {
    const tag = isObject(v) ? v[key] : undefined;
    if (typeof tag !== 'string' || !Object.hasOwn(variants, tag))
      throw new CheckError(at(path, key), `one of ${tags.join(', ')}`);
    return { ...variants[tag](v, path), [key]: tag } as never;
  };
}

export function literal<const T extends string>(value: T): Check<T> {
  return (v, path = '') => {
    if (v !== value) throw new CheckError(path, `'${value}'`);
    return value;
  };
}
