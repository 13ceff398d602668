export * from './ast.ts';
export {
  type CompileValueOptions,
  CURRENT_USER_JSONATA,
  compileCondition,
  compileValue,
  EXPR_VARIABLES,
  type ExprScope,
  type ExprVariables,
  jsonataTemplate,
  resolvePath,
} from './jsonata.ts';
export {
  BUILTIN_ROOTS,
  type ParseExpressionOptions,
  type ParseExpressionResult,
  parseExpression,
} from './parser.ts';
export { childrenOf, pathsOf } from './paths.ts';
export { printExpression } from './print.ts';
