import type { DiagnosticCode } from '../diagnostics/codes.ts';
import { type Diagnostic, diagnostic, type Location, type Severity } from '../diagnostics/diagnostic.ts';
import type { SourceMap } from '../ir/locations.ts';
import { DURATION_FORMS, durationSeconds } from '../lexer/duration.ts';
import type { Token } from '../lexer/token.ts';

/** Where each field of a node was written. */
export type FieldLocations = Record<string, Location>;

/** Abandons the current line: the enclosing `lines()` loop skips the rest of it and its block. */
export class Bail extends Error {}

/** Handles one `key: …` field; the key token is consumed together with its colon. */
export type FieldHandler = (key: Token) => void;

/** A parsed value with where it was written. */
export interface Located<T> {
  value: T;
  at: Location;
}

const LINE_END = new Set(['newline', 'eof', 'dedent', 'indent']);

/**
 * Token navigation, error recovery and value readers shared by the parser classes. Every block is
 * read through `lines()`, which catches `Bail` per line, so a bad line costs exactly that line and
 * its indented block.
 */
export class TokenCursor {
  protected pos = 0;

  constructor(
    protected readonly file: string,
    protected readonly tokens: readonly Token[],
    protected readonly diagnostics: Diagnostic[],
    protected readonly sourceMap: SourceMap,
  ) {}

  protected peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)];
  }

  protected advance(): Token {
    const token = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return token;
  }

  protected at(kind: Token['kind'], text?: string): boolean {
    const t = this.peek();
    return t.kind === kind && (text === undefined || t.text === text);
  }

  protected atPunct(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'punct' && t.text === text;
  }

  /** At a string that is all that is left of the line (a quoted value, not an expression). */
  protected atLoneString(): boolean {
    return this.at('string') && LINE_END.has(this.peek(1).kind);
  }

  protected atLineEnd(): boolean {
    return LINE_END.has(this.peek().kind);
  }

  protected loc(t: Token): Location {
    return this.span(t, Math.max(1, t.text.length));
  }

  /** Where `length` characters from `t` on were written (a literal: spreading a Location is slow). */
  protected span(t: Token, length: number): Location {
    return { file: this.file, line: t.line, column: t.column, length };
  }

  protected report(code: DiagnosticCode, message: string, at: Token | Location, severity?: Severity): void {
    const where = 'kind' in at ? this.loc(at) : at;
    this.diagnostics.push(diagnostic(code, message, where, severity));
  }

  /** Reports a syntax error at `at` and abandons the line. */
  protected fail(message: string, at: Token = this.peek()): never {
    this.report('DZ103', message, at);
    throw new Bail(message);
  }

  protected describe(t: Token): string {
    if (t.kind === 'newline') return 'end of line';
    if (t.kind === 'eof') return 'end of file';
    if (t.kind === 'indent' || t.kind === 'dedent') return 'a change of indentation';
    return `'${t.text}'`;
  }

  protected expectPunct(text: string, context: string): Token {
    if (!this.atPunct(text)) this.fail(`expected '${text}' ${context}, found ${this.describe(this.peek())}`);
    return this.advance();
  }

  /** Ends a line: the next token must be its end. */
  protected endLine(): void {
    const t = this.peek();
    if (t.kind === 'newline') {
      this.advance();
      return;
    }
    if (!LINE_END.has(t.kind)) this.fail(`unexpected ${this.describe(t)} at the end of the line`, t);
  }

  /** Skips an indented block (at its INDENT) including nested ones. */
  protected skipBlock(): void {
    if (!this.at('indent')) return;
    let depth = 0;
    do {
      const t = this.advance();
      if (t.kind === 'indent') depth++;
      else if (t.kind === 'dedent') depth--;
      else if (t.kind === 'eof') return;
    } while (depth > 0);
  }

  /** Skips the rest of the current line and the block indented under it. */
  protected skipRest(): void {
    if (this.at('indent')) {
      this.skipBlock();
      return;
    }
    while (!this.atLineEnd()) this.advance();
    if (this.at('newline')) this.advance();
    this.skipBlock();
  }

  /**
   * Reads the indented block after the current line (if any) line by line. `handle` consumes one
   * line with its own nested block; a `Bail` costs only that line and its block.
   */
  protected lines(handle: (first: Token) => void): void {
    if (this.at('newline')) this.advance();
    if (!this.at('indent')) return;
    this.advance();
    while (!this.at('dedent') && !this.at('eof')) {
      const start = this.pos;
      try {
        handle(this.peek());
        if (this.at('indent')) {
          this.report('DZ103', 'unexpected indented block', this.peek());
          this.skipBlock();
        }
      } catch (error) {
        if (!(error instanceof Bail)) throw error;
        this.skipRest();
      }
      if (this.pos === start) this.skipRest();
    }
    if (this.at('dedent')) this.advance();
  }

  /** The block field opener: after `key:` only the end of the line may follow. */
  protected blockLines(handle: (first: Token) => void): void {
    this.endLine();
    this.lines(handle);
  }

  /**
   * Reads one `key: …` field and dispatches it. Unknown keys are located warnings whose line and
   * block are skipped; a key given twice is a warning (the last one wins, as in Dazzle).
   */
  protected field(table: Readonly<Record<string, FieldHandler>>, context: string, seen: Set<string>): void {
    const key = this.peek();
    if (key.kind !== 'word' || !this.atPunct(':', 1)) {
      this.fail(`expected a field ('name: value') in ${context}, found ${this.describe(key)}`, key);
    }
    this.advance();
    this.advance();
    const handler = Object.hasOwn(table, key.text) ? table[key.text] : undefined;
    if (!handler) {
      this.report('DZ200', `unknown field '${key.text}' in ${context} (skipped)`, key);
      this.skipRest();
      return;
    }
    if (seen.has(key.text)) this.report('DZ205', `'${key.text}' is given twice in ${context}`, key);
    seen.add(key.text);
    handler(key);
  }

  /** Reads a block of fields. */
  protected fields(
    table: Readonly<Record<string, FieldHandler>>,
    context: string,
    seen = new Set<string>(),
  ): void {
    this.lines(() => this.field(table, context, seen));
  }

  // ---- value readers (each consumes the value only, not the end of line) ----

  /** NAME: a word or a string. */
  protected name(what: string): Located<string> {
    const t = this.peek();
    if (t.kind !== 'word' && t.kind !== 'string') this.fail(`expected ${what}, found ${this.describe(t)}`, t);
    this.advance();
    return { value: t.value, at: this.loc(t) };
  }

  protected stringValue(what: string): Located<string> {
    return this.name(what);
  }

  /** DURATION: `<int>s|m|h|d`; anything else is DZ500 naming the accepted forms. */
  protected duration(what = 'a duration'): Located<number> | undefined {
    const t = this.peek();
    if (t.kind !== 'word' && t.kind !== 'string') this.fail(`expected ${what}, found ${this.describe(t)}`, t);
    this.advance();
    const seconds = durationSeconds(t.value);
    if (seconds === undefined) {
      this.report('DZ500', `invalid duration '${t.value}': use ${DURATION_FORMS}`, t);
      return undefined;
    }
    return { value: seconds, at: this.loc(t) };
  }

  protected integer(what: string): Located<number> {
    const t = this.peek();
    if (t.kind !== 'word' || !/^\d+$/.test(t.text)) this.fail(`expected ${what} (a whole number)`, t);
    this.advance();
    return { value: Number(t.text), at: this.loc(t) };
  }

  protected decimal(what: string): Located<number> {
    const t = this.peek();
    if (t.kind !== 'word' || !/^\d+(\.\d+)?$/.test(t.text)) this.fail(`expected ${what} (a number)`, t);
    this.advance();
    return { value: Number(t.text), at: this.loc(t) };
  }

  protected bool(what: string): Located<boolean> {
    const t = this.peek();
    if (t.kind !== 'word' || (t.text !== 'true' && t.text !== 'false')) {
      this.fail(`expected true or false for ${what}, found ${this.describe(t)}`, t);
    }
    this.advance();
    return { value: t.text === 'true', at: this.loc(t) };
  }

  /** One of `allowed`; anything else is DZ204 and yields undefined. */
  protected oneOf<T extends string>(allowed: readonly T[], what: string): Located<T> | undefined {
    const v = this.name(what);
    if ((allowed as readonly string[]).includes(v.value)) return v as Located<T>;
    this.report('DZ204', `invalid ${what} '${v.value}': use one of ${allowed.join(', ')}`, v.at);
    return undefined;
  }

  /** LIST: `[a, b, …]` (may be empty) or a single value. */
  protected nameList(what: string): Located<string>[] {
    if (!this.atPunct('[')) return [this.name(what)];
    this.advance();
    const items: Located<string>[] = [];
    while (!this.atPunct(']')) {
      items.push(this.name(what));
      if (this.atPunct(',')) this.advance();
      else if (!this.atPunct(']'))
        this.fail(`expected ',' or ']' in a list, found ${this.describe(this.peek())}`);
    }
    this.advance();
    return items;
  }

  /**
   * EXPRESSION: the rest of the line as written, whitespace-normalised (a lone string is its
   * content). Conditions are checked later by the expression language.
   */
  protected restOfLine(what: string): Located<string> {
    const first = this.peek();
    if (this.atLineEnd()) this.fail(`expected ${what}, found ${this.describe(first)}`, first);
    if (first.kind === 'string' && LINE_END.has(this.peek(1).kind)) {
      this.advance();
      return { value: first.value, at: this.loc(first) };
    }
    let text = '';
    let last = first;
    while (!this.atLineEnd()) {
      last = this.advance();
      text += (text && last.spaceBefore ? ' ' : '') + last.text;
    }
    const length =
      last.line === first.line ? last.column + last.text.length - first.column : first.text.length;
    return { value: text, at: this.span(first, length) };
  }

  /** items := NEWLINE INDENT ('-' item)* DEDENT — `parseItem` starts at the dash. */
  protected items<T>(what: string, parseItem: () => T): T[] {
    const list: T[] = [];
    this.blockLines((first) => {
      if (!this.atPunct('-')) this.fail(`expected ${what}, found ${this.describe(first)}`);
      list.push(parseItem());
    });
    return list;
  }

  /** Records where the fields of a node were written (the node's own location comes from its key). */
  protected markFields(node: object, at: FieldLocations): void {
    for (const [field, where] of Object.entries(at)) this.sourceMap.setField(node, field, where);
  }

  /** A block-valued object (human_task, retry, filter, emits, …) is located at its key. */
  protected markBlock(value: unknown, key: Token): void {
    if (value && typeof value === 'object' && !Array.isArray(value)) this.sourceMap.set(value, this.loc(key));
  }

  /** Records where a node and (optionally) its fields were written. */
  protected mark(node: object, at: Location, fields: Record<string, Location | undefined> = {}): void {
    this.sourceMap.set(node, at);
    for (const [field, where] of Object.entries(fields))
      if (where) this.sourceMap.setField(node, field, where);
  }

  // ---- small helpers that write a located value into a node ----

  protected into<T extends object, K extends keyof T>(
    node: T,
    at: FieldLocations,
    field: K,
    v: Located<T[K]>,
  ): void {
    node[field] = v.value;
    at[field as string] = v.at;
  }

  /** Handlers for `key: VALUE` fields that write into `node`, recording where in `at`. */
  protected scalarInto<T extends object>(node: T, at: FieldLocations) {
    return <K extends keyof T>(field: K, read: () => Located<T[K]> | undefined): FieldHandler =>
      () => {
        const v = read();
        this.endLine();
        if (v) this.into(node, at, field, v);
      };
  }

  /** Handlers for `key:` + block fields that write into `node`, recording where in `at`. */
  protected blockInto<T extends object>(node: T, at: FieldLocations) {
    return <K extends keyof T>(field: K, read: () => T[K]): FieldHandler =>
      (key) => {
        const value = read();
        this.markBlock(value, key);
        this.into(node, at, field, { value, at: this.loc(key) });
      };
  }
}
