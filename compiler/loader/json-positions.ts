/** Where a JSON value starts (1-based). */
export interface JsonPosition {
  line: number;
  column: number;
}

export type JsonScan =
  | { ok: true; value: unknown; positions: Map<string, JsonPosition> }
  | { ok: false; message: string; at: JsonPosition };

/**
 * The key of a value in `positions`: a JSON Pointer (RFC 6901) without its leading '/' ('' for the
 * root). Each segment is escaped (`~` → `~0`, `/` → `~1`), so the key `"a/b"` and the path a → b
 * are two places.
 */
export const pointer = (path: readonly PropertyKey[]): string =>
  path.map((segment) => String(segment).replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

class JsonError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * A small JSON parser that also records where every value starts, so schema errors point at the
 * offending value. Strict JSON (RFC 8259); errors carry the line and column where parsing stopped.
 */
export function scanJson(text: string): JsonScan {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const positionOf = (offset: number): JsonPosition => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
  };
  const positions = new Map<string, JsonPosition>();
  let i = 0;

  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  const describe = () => (i >= text.length ? 'end of input' : `'${text[i]}'`);
  const expect = (c: string) => {
    if (text[i] !== c) throw new JsonError(`expected '${c}', found ${describe()}`, i);
    i++;
  };

  const value = (path: string[]): unknown => {
    ws();
    positions.set(pointer(path), positionOf(i));
    const c = text[i];
    if (c === '{') return object(path);
    if (c === '[') return array(path);
    if (c === '"') return string();
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    throw new JsonError(`unexpected ${describe()}`, i);
  };

  const object = (path: string[]): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    i++;
    ws();
    if (text[i] === '}') {
      i++;
      return out;
    }
    for (;;) {
      ws();
      if (text[i] !== '"')
        throw new JsonError(`expected a property name in double quotes, found ${describe()}`, i);
      const key = string();
      ws();
      expect(':');
      // An own property whatever the key: `out[key] = …` with "__proto__" would set the prototype.
      Object.defineProperty(out, key, {
        value: value([...path, key]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      expect('}');
      return out;
    }
  };

  const array = (path: string[]): unknown[] => {
    const out: unknown[] = [];
    i++;
    ws();
    if (text[i] === ']') {
      i++;
      return out;
    }
    for (;;) {
      out.push(value([...path, String(out.length)]));
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      expect(']');
      return out;
    }
  };

  const string = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) throw new JsonError('control character in string', i);
      i++;
    }
    if (i >= text.length) throw new JsonError('unterminated string', start);
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      throw new JsonError('invalid escape in string', start);
    }
  };

  const number = (): number => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match) throw new JsonError(`invalid number at ${describe()}`, i);
    i += match[0].length;
    return Number(match[0]);
  };

  try {
    const result = value([]);
    ws();
    if (i < text.length) throw new JsonError(`unexpected ${describe()} after the JSON value`, i);
    return { ok: true, value: result, positions };
  } catch (error) {
    if (error instanceof JsonError)
      return { ok: false, message: error.message, at: positionOf(error.offset) };
    if (error instanceof RangeError)
      return { ok: false, message: 'JSON nested too deeply', at: positionOf(i) };
    throw error;
  }
}
