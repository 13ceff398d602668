export { DURATION_FORMS, durationSeconds, looksLikeDuration } from './duration.ts';
export { type LexResult, lex } from './lexer.ts';
export type { Token, TokenKind } from './token.ts';
