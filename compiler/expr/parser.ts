import { type Diagnostic, diagnostic, type Location } from '../diagnostics/diagnostic.ts';
import {
  type CompareOp,
  type Expr,
  FUNCTIONS,
  type FunctionName,
  type LiteralExpr,
  type PathExpr,
} from './ast.ts';
import { type LexError, type Token, tokenize } from './lexer.ts';

/** The roots every process knows, whatever its inputs and steps (DESIGN.md §3). */
export const BUILTIN_ROOTS = ['input', 'inputs', 'trigger', 'self', 'entity', 'item', 'item_index'] as const;

export interface ParseExpressionOptions {
  /**
   * Names that start a path: input field names, step names, entity names. The built-in roots
   * (`BUILTIN_ROOTS`) are always known. Decides the bare-word rule, see `parseExpression`.
   * @default none besides the built-ins
   */
  readonly knownRoots?: Iterable<string>;
  /**
   * `condition` (a Choice condition, `where`, …) or `value` (the right side of `->`, a filter value,
   * an input mapping source). In `value` mode every operand position follows the right-hand-side
   * bare-word rule, so `archived` is the string "archived" unless it is a known root.
   * @default 'condition'
   */
  readonly mode?: 'condition' | 'value';
}

export interface ParseExpressionResult {
  /** Present when there are no errors. */
  readonly ast?: Expr;
  readonly diagnostics: Diagnostic[];
}

const BUILTIN_ROOT_SET: ReadonlySet<string> = new Set(BUILTIN_ROOTS);

const isKnownRoot = (name: string, knownRoots: ReadonlySet<string>): boolean =>
  BUILTIN_ROOT_SET.has(name) || knownRoots.has(name);

/**
 * How deep parentheses, lists and `not`s may nest. The parser recurses once per level, and a
 * condition nesting 1,000 parentheses used to overflow the stack (a raw RangeError); no real
 * condition comes near this.
 */
export const MAX_EXPRESSION_NESTING = 64;

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'not_in', 'is', 'null', 'true', 'false']);

class ExpressionSyntaxError extends Error {
  constructor(
    readonly code: 'DZ400' | 'DZ401' | 'DZ402' | 'DZ403',
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

/**
 * Parses a condition or value expression (LANGUAGE.md §7). Never throws: a syntax error is one
 * located diagnostic (DZ400–DZ403) at the offending token, with `at` the location of the first
 * character of `text`.
 *
 * Bare words: a dotted or undotted name whose first segment is a known root (`knownRoots` or a
 * built-in root) is a path. Any other *undotted* name is a path on the left of a comparison or
 * standing alone (so the validator reports it as unknown), but on the right of a comparison — or an
 * item of a list there — it is a string literal marked `bare` (`priority = urgent`). A *dotted*
 * name with an unknown root is always a path, so a misspelt reference (`Invoce.total`) is reported,
 * not silently compared as a string. `true`, `false`, `null` and the operators are keywords.
 */
export function parseExpression(
  text: string,
  at: Location,
  options: ParseExpressionOptions = {},
): ParseExpressionResult {
  const lexed = tokenize(text);
  if (lexed.error) return { diagnostics: [toDiagnostic(lexed.error, text, at)] };
  try {
    const parser = new ExpressionParser(text, lexed.tokens, at, options);
    return { ast: parser.parseDocument(), diagnostics: [] };
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) return { diagnostics: [toDiagnostic(error, text, at)] };
    throw error;
  }
}

function toDiagnostic(error: LexError | ExpressionSyntaxError, text: string, at: Location): Diagnostic {
  return diagnostic(error.code, error.message, locate(text, at, error.start, error.end));
}

/** The location of `text[start, end)` when `text` begins at `at`. */
export function locate(text: string, at: Location, start: number, end: number): Location {
  const before = text.slice(0, start);
  const newlines = before.split('\n').length - 1;
  const lineStart = before.lastIndexOf('\n') + 1;
  const column = newlines === 0 ? at.column + start : start - lineStart + 1;
  const lineEnd = text.indexOf('\n', start);
  const stop = lineEnd === -1 ? end : Math.min(end, lineEnd);
  return { file: at.file, line: at.line + newlines, column, length: Math.max(1, stop - start) };
}

class ExpressionParser {
  private position = 0;
  /** Open parentheses, lists and `not`s around the current token. */
  private nesting = 0;
  private readonly knownRoots: ReadonlySet<string>;
  private readonly valueMode: boolean;

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
    private readonly at: Location,
    options: ParseExpressionOptions,
  ) {
    // A Set is used as given, not copied: callers parse every expression of a workflow against one.
    const roots = options.knownRoots ?? [];
    this.knownRoots = roots instanceof Set ? roots : new Set(roots);
    this.valueMode = options.mode === 'value';
  }

  /** Document : Or EOF */
  parseDocument(): Expr {
    if (this.peek().type === 'eof') this.fail('DZ400', 'empty expression', this.peek());
    const expr = this.parseOr();
    const next = this.peek();
    if (next.type !== 'eof') {
      const chained = isCompareToken(next, this.peekAt(1));
      this.fail(
        'DZ400',
        chained ? 'comparisons cannot be chained (use "and")' : `unexpected ${describe(next)}`,
        next,
      );
    }
    return expr;
  }

  /** Or : And ("or" And)* */
  private parseOr(): Expr {
    return this.parseChain('or', () => this.parseAnd());
  }

  /** And : Not ("and" Not)* */
  private parseAnd(): Expr {
    return this.parseChain('and', () => this.parseNot());
  }

  /** One operand, or two or more joined by `word`, flattened into one node. */
  private parseChain(word: 'or' | 'and', parseOperand: () => Expr): Expr {
    const start = this.peek();
    const operands = [parseOperand()];
    while (this.isKeyword(word)) {
      this.advance();
      operands.push(parseOperand());
    }
    return operands.length === 1 ? operands[0] : { kind: word, operands, loc: this.span(start) };
  }

  /** Not : "not" Not | Comparison */
  private parseNot(): Expr {
    const start = this.peek();
    if (this.isKeyword('not') && !(this.peekAt(1).type === 'name' && this.peekAt(1).text === 'in')) {
      this.advance();
      this.enter(start);
      const operand = this.parseNot();
      this.nesting--;
      return { kind: 'not', operand, loc: this.span(start) };
    }
    return this.parseComparison();
  }

  /**
   * Comparison : Operand (CompareOp Operand | "is" "not"? "null")?
   * CompareOp : "==" | "=" | "!=" | ">" | ">=" | "<" | "<=" | "in" | "not_in" | "not" "in"
   */
  private parseComparison(): Expr {
    const start = this.peek();
    const left = this.parseOperand(this.valueMode);
    if (this.isKeyword('is')) {
      this.advance();
      const negated = this.isKeyword('not');
      if (negated) this.advance();
      if (!this.isKeyword('null'))
        this.fail('DZ400', `expected "null" after "is", found ${describe(this.peek())}`);
      this.advance();
      return { kind: 'isNull', operand: left, negated, loc: this.span(start) };
    }
    const op = this.compareOp();
    if (op === undefined) return left;
    const right = this.parseOperand(true);
    return { kind: 'compare', op, left, right, loc: this.span(start) };
  }

  private compareOp(): CompareOp | undefined {
    const token = this.peek();
    if (token.type === 'op') {
      this.advance();
      return token.text === '=' ? '==' : (token.text as CompareOp);
    }
    if (token.type !== 'name') return undefined;
    if (token.text === 'in' || token.text === 'not_in') {
      this.advance();
      return token.text;
    }
    if (token.text === 'not' && this.peekAt(1).type === 'name' && this.peekAt(1).text === 'in') {
      this.advance();
      this.advance();
      return 'not_in';
    }
    return undefined;
  }

  /**
   * Operand : "(" Or ")" | List | Literal | Call | Path
   * `rhs`: the operand is on the right of a comparison (or in value mode), where an unknown bare
   * word is a string.
   */
  private parseOperand(rhs: boolean): Expr {
    const token = this.peek();
    if (token.type === 'punct' && token.text === '(') {
      this.advance();
      this.enter(token);
      const inner = this.parseOr();
      this.expectPunct(')');
      this.nesting--;
      return inner;
    }
    if (token.type === 'punct' && token.text === '[') return this.parseList(rhs);
    if (token.type === 'number' || token.type === 'string') {
      this.advance();
      return { kind: 'literal', value: token.value ?? null, loc: this.span(token) };
    }
    if (token.type === 'name') {
      if (token.text === 'true' || token.text === 'false' || token.text === 'null') {
        this.advance();
        const value = token.text === 'null' ? null : token.text === 'true';
        return { kind: 'literal', value, loc: this.span(token) };
      }
      if (KEYWORDS.has(token.text)) this.fail('DZ400', `expected a value, found ${describe(token)}`);
      const next = this.peekAt(1);
      if (next.type === 'punct' && next.text === '(') return this.parseCall();
      return this.parseNameOrWord(rhs);
    }
    return this.fail('DZ400', `expected a value, found ${describe(token)}`);
  }

  /** List : "[" (Operand ("," Operand)* ","?)? "]" */
  private parseList(rhs: boolean): Expr {
    const start = this.advance();
    this.enter(start);
    const items: Expr[] = [];
    while (!(this.peek().type === 'punct' && this.peek().text === ']')) {
      items.push(this.parseOperand(rhs));
      if (this.peek().type === 'punct' && this.peek().text === ',') {
        this.advance();
        continue;
      }
      if (!(this.peek().type === 'punct' && this.peek().text === ']')) {
        this.fail('DZ400', `expected "," or "]" in list, found ${describe(this.peek())}`);
      }
    }
    this.advance();
    this.nesting--;
    return { kind: 'list', items, loc: this.span(start) };
  }

  /** Call : NAME "(" (Path ("," Path)*)? ")"  — exists(path), len(path), now(), today(), current_user() */
  private parseCall(): Expr {
    const name = this.advance();
    this.advance(); // "("
    const args: Expr[] = [];
    while (!(this.peek().type === 'punct' && this.peek().text === ')')) {
      args.push(this.parseOperand(false));
      if (this.peek().type === 'punct' && this.peek().text === ',') this.advance();
      else if (!(this.peek().type === 'punct' && this.peek().text === ')')) {
        this.fail('DZ400', `expected "," or ")" after an argument, found ${describe(this.peek())}`);
      }
    }
    this.advance();
    const loc = this.span(name);
    if (name.text === 'exists') {
      return { kind: 'exists', path: this.singlePathArgument(name, args), loc };
    }
    if (!(FUNCTIONS as readonly string[]).includes(name.text)) {
      const known = [...FUNCTIONS, 'exists'].map((f) => `${f}()`).join(', ');
      this.fail('DZ402', `unknown function "${name.text}" (known: ${known})`, name);
    }
    const fn = name.text as FunctionName;
    if (fn === 'len') return { kind: 'call', fn, args: [this.singlePathArgument(name, args)], loc };
    if (args.length > 0) this.fail('DZ403', `${fn}() takes no arguments`, name, this.previous());
    return { kind: 'call', fn, args: [], loc };
  }

  private singlePathArgument(name: Token, args: readonly Expr[]): PathExpr {
    const [first] = args;
    if (args.length !== 1 || first.kind !== 'path') {
      this.fail(
        'DZ403',
        `${name.text}() takes exactly one path, e.g. ${name.text}(input.items)`,
        name,
        this.previous(),
      );
    }
    return first as PathExpr;
  }

  /** Path : NAME ("." NAME)*  — or a bare word (string) on the right of a comparison. */
  private parseNameOrWord(rhs: boolean): PathExpr | LiteralExpr {
    const first = this.advance();
    const segments = [first.text];
    while (this.peek().type === 'punct' && this.peek().text === '.') {
      this.advance();
      const segment = this.peek();
      if (segment.type !== 'name')
        this.fail('DZ400', `expected a field name after ".", found ${describe(segment)}`);
      segments.push(this.advance().text);
    }
    const loc = this.span(first);
    if (rhs && segments.length === 1 && !isKnownRoot(first.text, this.knownRoots)) {
      return { kind: 'literal', value: first.text, bare: true, loc };
    }
    return { kind: 'path', segments, loc };
  }

  // --- token helpers ---

  private peek(): Token {
    return this.tokens[this.position];
  }

  private peekAt(offset: number): Token {
    return this.tokens[Math.min(this.position + offset, this.tokens.length - 1)];
  }

  private previous(): Token {
    return this.tokens[Math.max(0, this.position - 1)];
  }

  private advance(): Token {
    const token = this.tokens[this.position];
    if (token.type !== 'eof') this.position++;
    return token;
  }

  private isKeyword(word: string): boolean {
    const token = this.peek();
    return token.type === 'name' && token.text === word;
  }

  private expectPunct(text: string): void {
    const token = this.peek();
    if (token.type !== 'punct' || token.text !== text) {
      this.fail('DZ400', `expected "${text}", found ${describe(token)}`);
    }
    this.advance();
  }

  /** The location from `start` to the last consumed token. */
  private span(start: Token): Location {
    const end = Math.max(start.end, this.previous().end);
    return locate(this.text, this.at, start.start, end);
  }

  /** One level deeper; past `MAX_EXPRESSION_NESTING` a located error, not a stack overflow. */
  private enter(token: Token): void {
    if (++this.nesting > MAX_EXPRESSION_NESTING) {
      this.fail(
        'DZ400',
        `expression nests more than ${MAX_EXPRESSION_NESTING} levels deep (parentheses, lists or "not"): simplify it`,
        token,
      );
    }
  }

  private fail(
    code: 'DZ400' | 'DZ401' | 'DZ402' | 'DZ403',
    message: string,
    from: Token = this.peek(),
    to: Token = from,
  ): never {
    const end = Math.max(from.end, to.end, from.start + 1);
    throw new ExpressionSyntaxError(code, message, from.start, end);
  }
}

function isCompareToken(token: Token, next: Token): boolean {
  if (token.type === 'op') return true;
  if (token.type !== 'name') return false;
  return (
    token.text === 'in' ||
    token.text === 'not_in' ||
    token.text === 'is' ||
    (token.text === 'not' && next.text === 'in')
  );
}

function describe(token: Token): string {
  if (token.type === 'eof') return 'end of expression';
  if (token.type === 'string') return `string ${token.text}`;
  return `"${token.text}"`;
}
