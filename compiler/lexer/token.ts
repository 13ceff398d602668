/** Token kinds of the indentation-aware lexer. */
export type TokenKind = 'word' | 'string' | 'punct' | 'newline' | 'indent' | 'dedent' | 'eof';

/**
 * One token. `word` covers names, numbers, durations, compound ids (`ST-001`) and dotted values
 * (`Task.create`), which the lexer keeps whole; the parser reads them by position.
 */
export interface Token {
  readonly kind: TokenKind;
  /** The source text as written (with quotes for strings). */
  readonly text: string;
  /** For strings the unescaped content; otherwise the same as `text`. */
  readonly value: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based, in characters (a tab counts as one character here; as 4 columns for indentation). */
  readonly column: number;
  /** Whether whitespace separates this token from the previous one on the same line. */
  readonly spaceBefore: boolean;
}
