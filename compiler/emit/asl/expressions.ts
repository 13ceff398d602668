import type { Diagnostic, Location } from '../../diagnostics/diagnostic.ts';
import {
  compileCondition,
  compileValue,
  EXPR_VARIABLES,
  type Expr,
  type ExprScope,
  parseExpression,
} from '../../expr/index.ts';
import type { SourceMap } from '../../ir/locations.ts';
import type { ProcessStep } from '../../ir/types.ts';
import type { WorkflowDef } from '../../plan/index.ts';

/**
 * Compiles the expressions of one workflow to JSONata bodies (without `{% %}`), reading the
 * workflow variables of `compiler/expr/jsonata.ts` (`$input`, `$trigger`, `$item`, `$item_index`)
 * and each step's own variable (`$step_<name>`). Parse errors were reported by the validator; here they become a located
 * diagnostic and a `null` value, so emission never throws.
 */
export class WorkflowExpressions {
  private readonly scope: ExprScope;
  private readonly foreachScope: ExprScope;
  private readonly knownRoots: ReadonlySet<string>;

  constructor(
    readonly workflow: WorkflowDef,
    private readonly sourceMap: SourceMap | undefined,
    private readonly fallback: Location,
    private readonly diagnostics: Diagnostic[],
    /** The variable of each step's output (`$step_<name>`, see variables.ts). */
    stepVariable: (step: string) => string,
  ) {
    const steps = collectStepNames(workflow.steps);
    const inputs = workflow.inputs.map((i) => i.name);
    const entities = workflow.trigger?.entity_name ? [workflow.trigger.entity_name] : [];
    // Sets, made once per workflow: the expression compiler and parser use a Set as given.
    const scope = {
      inputs: new Set(inputs),
      steps: new Set(steps),
      entities: new Set(entities),
      stepVariable,
    };
    this.scope = scope;
    this.foreachScope = { ...scope, inForeach: true };
    this.knownRoots = new Set([...inputs, ...steps, ...entities]);
  }

  /** A condition that is always `true` or `false`. */
  condition(text: string, inForeach: boolean, node: object, field: string): string {
    const ast = this.parse(text, 'condition', node, field);
    return ast ? compileCondition(ast, this.scopeFor(inForeach)) : 'false';
  }

  /** A path (input mapping source, `input_map` value, correlation): missing → null. */
  path(text: string, inForeach: boolean, node: object, field: string): string {
    const ast = this.parse(text, 'condition', node, field);
    return ast ? compileValue(ast, this.scopeFor(inForeach)) : 'null';
  }

  /**
   * A value (right side of `->`, a filter value): bare unknown words are strings, and so is a value
   * the source map knows as a string literal (a quoted `sets` value).
   */
  value(text: string, inForeach: boolean, node: object, field: string): string {
    if (this.sourceMap?.isLiteral(node, field)) return JSON.stringify(text);
    const ast = this.parse(text, 'value', node, field);
    return ast ? compileValue(ast, this.scopeFor(inForeach)) : 'null';
  }

  /** The parsed AST of a `where` condition (for entity-store filters). */
  parseCondition(text: string, node: object, field: string): Expr | undefined {
    return this.parse(text, 'condition', node, field);
  }

  valueOf(expr: Expr, inForeach: boolean): string {
    return compileValue(expr, this.scopeFor(inForeach));
  }

  private scopeFor(inForeach: boolean): ExprScope {
    return inForeach ? this.foreachScope : this.scope;
  }

  private parse(text: string, mode: 'condition' | 'value', node: object, field: string): Expr | undefined {
    const at = this.sourceMap?.field(node, field, this.fallback) ?? this.fallback;
    const result = parseExpression(text, at, { knownRoots: this.knownRoots, mode });
    this.diagnostics.push(...result.diagnostics);
    return result.ast;
  }
}

/** The variables the compiled JSONata reads, as `$name`. */
export const VAR = {
  input: `$${EXPR_VARIABLES.input}`,
  trigger: `$${EXPR_VARIABLES.trigger}`,
  item: `$${EXPR_VARIABLES.item}`,
  itemIndex: `$${EXPR_VARIABLES.itemIndex}`,
} as const;

export function collectStepNames(steps: readonly ProcessStep[], names: string[] = []): string[] {
  for (const s of steps) {
    names.push(s.name);
    collectStepNames(s.parallel_steps, names);
    collectStepNames(s.foreach_steps, names);
  }
  return names;
}
