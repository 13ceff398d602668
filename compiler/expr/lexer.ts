/**
 * Tokens of the expression language. Offsets are 0-based into the expression text; the parser
 * turns them into locations.
 */
export type TokenType = 'name' | 'number' | 'string' | 'op' | 'punct' | 'eof';

export interface Token {
  readonly type: TokenType;
  /** The source text of the token (for strings: with quotes). */
  readonly text: string;
  /** Numbers: the number; strings: the unescaped content. */
  readonly value?: string | number;
  readonly start: number;
  readonly end: number;
}

export interface LexError {
  readonly code: 'DZ400' | 'DZ401';
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;
const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/;
const OPERATORS = ['==', '!=', '>=', '<=', '=', '>', '<'] as const;
const PUNCT = '()[],.';
/** LANGUAGE.md §1 escapes, plus the rest of JSON's so that printed strings read back. */
const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  '/': '/',
  '\\': '\\',
  '"': '"',
  "'": "'",
};

/** Splits `text` into tokens (ending with `eof`), or reports the first character it cannot read. */
export function tokenize(text: string): { tokens: Token[]; error?: LexError } {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (NAME_START.test(c)) {
      while (i < text.length && NAME_PART.test(text[i])) i++;
      tokens.push({ type: 'name', text: text.slice(start, i), start, end: i });
      continue;
    }
    const number = /[-\d]/.test(c) ? NUMBER.exec(text.slice(i)) : null;
    if (number) {
      i += number[0].length;
      tokens.push({ type: 'number', text: number[0], value: Number(number[0]), start, end: i });
      continue;
    }
    if (c === '"' || c === "'") {
      const string = readString(text, i);
      if ('error' in string) return { tokens, error: string.error };
      i = string.end;
      tokens.push({ type: 'string', text: text.slice(start, i), value: string.value, start, end: i });
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      i += op.length;
      tokens.push({ type: 'op', text: op, start, end: i });
      continue;
    }
    if (PUNCT.includes(c)) {
      i++;
      tokens.push({ type: 'punct', text: c, start, end: i });
      continue;
    }
    const hint = c === '&' || c === '|' ? ' (use "and" / "or")' : c === '!' ? ' (use "not" or "!=")' : '';
    return {
      tokens,
      error: { code: 'DZ400', message: `unexpected character "${c}"${hint}`, start, end: start + 1 },
    };
  }
  tokens.push({ type: 'eof', text: '', start: text.length, end: text.length });
  return { tokens };
}

function readString(text: string, start: number): { value: string; end: number } | { error: LexError } {
  const quote = text[start];
  let value = '';
  let i = start + 1;
  while (i < text.length && text[i] !== quote) {
    if (text[i] === '\\' && text[i + 1] === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
      value += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
      i += 6;
      continue;
    }
    if (text[i] === '\\' && i + 1 < text.length) {
      const escaped = ESCAPES[text[i + 1]];
      if (escaped === undefined) {
        return {
          error: {
            code: 'DZ400',
            message: `unknown escape "\\${text[i + 1]}" (use \\n \\t \\\\ \\" or \\')`,
            start: i,
            end: i + 2,
          },
        };
      }
      value += escaped;
      i += 2;
      continue;
    }
    value += text[i];
    i++;
  }
  if (i >= text.length) {
    return { error: { code: 'DZ401', message: 'unterminated string', start, end: text.length } };
  }
  return { value, end: i + 1 };
}
