import { type Diagnostic, diagnostic } from '../diagnostics/diagnostic.ts';
import type { Token, TokenKind } from './token.ts';

export interface LexResult {
  tokens: Token[];
  diagnostics: Diagnostic[];
}

const TAB_WIDTH = 4;
/** Lexical errors one file may report before the rest of it is skipped (one more says so). */
export const MAX_LEXICAL_ERRORS = 50;
const TWO_CHAR_PUNCT = new Set(['->', '==', '!=', '>=', '<=']);
const TWO_CHAR_STARTS = new Set([...TWO_CHAR_PUNCT].map((p) => p[0]));
const ONE_CHAR_PUNCT = new Set([...':,[](){}-=<>!+*/%|&?.;~^']);
const OPENERS = new Set(['[', '(', '{']);
const CLOSERS = new Set([']', ')', '}']);
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', '\\': '\\', '"': '"', "'": "'" };

/** `[A-Za-z0-9_]` by char code (NaN past the end of the line is no word character). */
function isWordCode(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95
  );
}

/**
 * Splits source text into tokens with Python-style INDENT/DEDENT (a tab counts 4 columns).
 * Blank and comment-only lines produce nothing; inside brackets a line break continues the line when
 * the next line is indented deeper. Never throws: every lexical problem is a located diagnostic and
 * lexing goes on.
 */
export function lex(file: string, text: string): LexResult {
  return new Lexer(file, text).run();
}

class Lexer {
  private readonly tokens: Token[] = [];
  private readonly diagnostics: Diagnostic[] = [];
  private readonly lines: string[];
  private readonly indents: number[] = [0];
  /** Open brackets of the current logical line. */
  private depth = 0;
  /** Indentation of the current logical line (for bracket continuation). */
  private lineIndent = 0;

  constructor(
    private readonly file: string,
    text: string,
  ) {
    // The plain split is several times faster than the regex one, and the same without a \r.
    this.lines = text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n');
  }

  run(): LexResult {
    if (this.rejectBinary()) return { tokens: this.tokens, diagnostics: this.diagnostics };
    for (let i = 0; i < this.lines.length; i++) {
      this.lexLine(this.lines[i], i + 1);
      if (this.diagnostics.length >= MAX_LEXICAL_ERRORS) {
        this.diagnostics.push(
          diagnostic(
            'DZ100',
            `more than ${MAX_LEXICAL_ERRORS} lexical errors: the rest of the file is skipped`,
            {
              file: this.file,
              line: i + 1,
              column: 1,
            },
          ),
        );
        break;
      }
    }
    this.endLogicalLine();
    while (this.indents.length > 1) {
      this.indents.pop();
      this.push('dedent', '', '', this.lines.length + 1, 1, false);
    }
    this.push('eof', '', '', this.lines.length + 1, 1, false);
    return { tokens: this.tokens, diagnostics: this.diagnostics };
  }

  /**
   * A file holding a NUL character is binary, not DSL text (a saved image, an archive): one located
   * error and no tokens, instead of an error per byte.
   */
  private rejectBinary(): boolean {
    const lineIndex = this.lines.findIndex((l) => l.includes('\u0000'));
    if (lineIndex < 0) return false;
    this.diagnostics.push(
      diagnostic('DZ100', 'this is a binary file (it holds NUL bytes), not DSL text: nothing in it is read', {
        file: this.file,
        line: lineIndex + 1,
        column: this.lines[lineIndex].indexOf('\u0000') + 1,
      }),
    );
    this.push('eof', '', '', 1, 1, false);
    return true;
  }

  private lexLine(line: string, lineNo: number): void {
    const { width, start } = measureIndent(line);
    if (start >= line.length || line[start] === '#') return;
    if (this.depth > 0 && width <= this.lineIndent) this.endLogicalLine();
    if (this.depth === 0) {
      this.indentTo(width, lineNo, start + 1);
      this.lineIndent = width;
    }
    this.lexTokens(line, lineNo, start);
  }

  /** Emits INDENT/DEDENT for a new logical line; a dedent to an unknown level is an error. */
  private indentTo(width: number, lineNo: number, column: number): void {
    const top = this.indents[this.indents.length - 1];
    if (width > top) {
      this.indents.push(width);
      this.push('indent', '', '', lineNo, column, false);
      return;
    }
    while (width < this.indents[this.indents.length - 1]) {
      this.indents.pop();
      this.push('dedent', '', '', lineNo, column, false);
    }
    if (width !== this.indents[this.indents.length - 1]) {
      this.diagnostics.push(
        diagnostic(
          'DZ102',
          `dedent to column ${width + 1} matches no enclosing block (expected column ${this.indents[this.indents.length - 1] + 1})`,
          { file: this.file, line: lineNo, column },
        ),
      );
    }
  }

  private endLogicalLine(): void {
    this.depth = 0;
    const last = this.tokens[this.tokens.length - 1];
    if (last && last.kind !== 'newline' && last.kind !== 'indent' && last.kind !== 'dedent') {
      this.push('newline', '', '', last.line, last.column + last.text.length, false);
    }
  }

  private lexTokens(line: string, lineNo: number, from: number): void {
    let i = from;
    let space = true;
    while (i < line.length) {
      const c = line[i];
      if (c === ' ' || c === '\t') {
        i++;
        space = true;
        continue;
      }
      if (c === '#' || this.diagnostics.length >= MAX_LEXICAL_ERRORS) break;
      const next = this.lexToken(line, lineNo, i, space);
      i = next;
      space = false;
    }
    if (this.depth === 0) this.endLogicalLine();
  }

  /** Lexes one token starting at `i`; returns the index after it. */
  private lexToken(line: string, lineNo: number, i: number, space: boolean): number {
    const c = line[i];
    if (c === '"' || c === "'") return this.lexString(line, lineNo, i, space);
    if (isWordCode(line.charCodeAt(i))) return this.lexWord(line, lineNo, i, space);
    // Only these start a two-character punct: skip slicing a pair for every other character.
    const two = TWO_CHAR_STARTS.has(c) ? line.slice(i, i + 2) : c;
    if (TWO_CHAR_PUNCT.has(two)) {
      this.push('punct', two, two, lineNo, i + 1, space);
      return i + 2;
    }
    if (ONE_CHAR_PUNCT.has(c)) {
      if (OPENERS.has(c)) this.depth++;
      if (CLOSERS.has(c) && this.depth > 0) this.depth--;
      this.push('punct', c, c, lineNo, i + 1, space);
      return i + 1;
    }
    const code = c.codePointAt(0) ?? 0;
    const shown = code < 32 || code === 127 ? `U+${code.toString(16).padStart(4, '0')}` : `'${c}'`;
    // A run of unexpected characters is one error (a pasted binary line is not hundreds).
    let end = i + (code > 0xffff ? 2 : 1);
    while (end < line.length && isUnexpected(line, end)) end += (line.codePointAt(end) ?? 0) > 0xffff ? 2 : 1;
    const more =
      end - i > (code > 0xffff ? 2 : 1) ? ` (and ${end - i - 1} more characters that start no token)` : '';
    this.diagnostics.push(
      diagnostic('DZ100', `unexpected character ${shown}${more}`, {
        file: this.file,
        line: lineNo,
        column: i + 1,
        length: end - i,
      }),
    );
    return end;
  }

  /** A word: `[A-Za-z0-9_]+`, joined across `.` and `-` when a word character follows (`Task.create`, `ST-001`, `1.5h`). */
  private lexWord(line: string, lineNo: number, i: number, space: boolean): number {
    let j = i + 1;
    while (j < line.length) {
      if (isWordCode(line.charCodeAt(j))) j++;
      else if ((line[j] === '.' || line[j] === '-') && isWordCode(line.charCodeAt(j + 1))) j += 2;
      else break;
    }
    const text = line.slice(i, j);
    this.push('word', text, text, lineNo, i + 1, space);
    return j;
  }

  private lexString(line: string, lineNo: number, i: number, space: boolean): number {
    const quote = line[i];
    let value = '';
    let j = i + 1;
    // Runs without escapes are sliced whole: appending character by character built a rope per string.
    let run = j;
    while (j < line.length && line[j] !== quote) {
      if (line[j] === '\\' && j + 1 < line.length) {
        const escaped = ESCAPES[line[j + 1]];
        value += line.slice(run, j) + (escaped ?? line.slice(j, j + 2));
        j += 2;
        run = j;
      } else {
        j++;
      }
    }
    value += line.slice(run, j);
    if (j >= line.length) {
      this.diagnostics.push(
        diagnostic('DZ101', `unterminated string: add the closing ${quote}`, {
          file: this.file,
          line: lineNo,
          column: i + 1,
          length: line.length - i,
        }),
      );
      this.push('string', line.slice(i), value, lineNo, i + 1, space);
      return line.length;
    }
    this.push('string', line.slice(i, j + 1), value, lineNo, i + 1, space);
    return j + 1;
  }

  private push(
    kind: TokenKind,
    text: string,
    value: string,
    line: number,
    column: number,
    spaceBefore: boolean,
  ): void {
    this.tokens.push({ kind, text, value, line, column, spaceBefore });
  }
}

/** Whether the character at `i` starts no token (nor is space or a comment). */
function isUnexpected(line: string, i: number): boolean {
  const c = line[i];
  return !(
    c === ' ' ||
    c === '\t' ||
    c === '#' ||
    c === '"' ||
    c === "'" ||
    isWordCode(line.charCodeAt(i)) ||
    ONE_CHAR_PUNCT.has(c)
  );
}

function measureIndent(line: string): { width: number; start: number } {
  let width = 0;
  let start = 0;
  while (start < line.length && (line[start] === ' ' || line[start] === '\t')) {
    width += line[start] === '\t' ? TAB_WIDTH : 1;
    start++;
  }
  return { width, start };
}
