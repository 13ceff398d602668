import { FILTER_OPS, type FilterOp, PLACEHOLDER } from '../../../contracts/runtime.ts';
import { diagnostic } from '../../../diagnostics/diagnostic.ts';
import type { CompareOp, Expr } from '../../../expr/index.ts';
import type { FieldAssignment, StepEffect } from '../../../ir/types.ts';
import type { Scope } from '../scope.ts';
import { str } from '../types.ts';

export const ENTITY_STORE = PLACEHOLDER.handlerFunction('entityStore');

const COMPARE_TO_FILTER: Record<CompareOp, FilterOp> = {
  '==': 'eq',
  '!=': 'ne',
  '>': 'gt',
  '>=': 'gte',
  '<': 'lt',
  '<=': 'lte',
  in: 'in',
  not_in: 'not_in',
};

/** JSONata for one FieldFilter. */
const filterBody = (field: string, op: FilterOp, value: string): string =>
  `{'field': ${str(field)}, 'op': '${op}', 'value': ${value}}`;

/** A query `filter:` (Django-style keys, values as written) as a JSONata FieldFilter array. */
export function queryFilters(scope: Scope, node: object, filter: Record<string, string | string[]>): string {
  const items = Object.keys(filter)
    .sort()
    .map((key) => {
      const cut = key.lastIndexOf('__');
      const suffix = cut > 0 ? key.slice(cut + 2) : '';
      const op = (FILTER_OPS as readonly string[]).includes(suffix) ? (suffix as FilterOp) : 'eq';
      const fieldName = op === 'eq' && suffix !== 'eq' ? key : key.slice(0, cut);
      const raw = filter[key];
      const value = Array.isArray(raw)
        ? `[${raw.map((v) => filterValue(scope, v, node)).join(', ')}]`
        : filterValue(scope, raw, node);
      return filterBody(fieldName, op, value);
    });
  return `[${items.join(', ')}]`;
}

function filterValue(scope: Scope, raw: string, node: object): string {
  return scope.env.expr.value(raw, scope.inForeach, node, 'query_filter');
}

/**
 * A `where:` condition as FieldFilters: a conjunction of `field <op> value` comparisons (and
 * `field is [not] null`). Anything else is a located error (DZ600).
 */
export function whereFilters(scope: Scope, effect: StepEffect): string {
  if (!effect.where) return '[]';
  const ast = scope.env.expr.parseCondition(effect.where, effect, 'where');
  if (!ast) return '[]';
  const parts = ast.kind === 'and' ? ast.operands : [ast];
  const filters: string[] = [];
  for (const part of parts) {
    const filter = whereFilter(scope, effect.entity_name, part);
    if (filter === undefined) {
      const at = part.loc;
      scope.env.diagnostics.push(
        diagnostic(
          'DZ600',
          `where: only "field <op> value" comparisons joined by "and" can select ${effect.entity_name} rows`,
          at,
        ),
      );
      return '[]';
    }
    filters.push(filter);
  }
  return `[${filters.join(', ')}]`;
}

function whereFilter(scope: Scope, entity: string, expr: Expr): string | undefined {
  if (expr.kind === 'isNull' && expr.operand.kind === 'path') {
    return filterBody(fieldOf(entity, expr.operand.segments), 'isnull', expr.negated ? 'false' : 'true');
  }
  if (expr.kind !== 'compare' || expr.left.kind !== 'path') return undefined;
  const value = scope.env.expr.valueOf(expr.right, scope.inForeach);
  return filterBody(fieldOf(entity, expr.left.segments), COMPARE_TO_FILTER[expr.op], value);
}

/** `Task.status` → `status` when `Task` is the entity; other paths keep their dots. */
function fieldOf(entity: string, segments: readonly string[]): string {
  return (segments[0] === entity && segments.length > 1 ? segments.slice(1) : segments).join('.');
}

/** JSONata for the `values` of assignments (`Entity.field -> value`), keyed by field name. */
export function assignmentValues(scope: Scope, entity: string, sets: readonly FieldAssignment[]): string {
  const fields = sets.map((s) => {
    const path = s.field_path.split('.');
    return `${str(fieldOf(entity, path))}: ${scope.env.expr.value(s.value, scope.inForeach, s, 'value')}`;
  });
  return `{${fields.join(', ')}}`;
}

/** JSONata for the effects array of an EntityStoreEvent. */
export function effectsBody(scope: Scope, effects: readonly StepEffect[]): string {
  const items = effects.map(
    (e) =>
      `{'action': '${e.action}', 'entity': ${str(e.entity_name)}, 'where': ${whereFilters(scope, e)}, 'values': ${assignmentValues(scope, e.entity_name, e.assignments)}}`,
  );
  return `[${items.join(', ')}]`;
}

/**
 * JSONata for the id of entity `entity` in this execution: the input `<entity_snake>_id`, else the
 * input `entity_id` (an entity-triggered process), else the trigger's `id`.
 */
export function entityIdBody(entity: string): string {
  const snake = entity
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9_]/g, '_')
    .toLowerCase();
  return `($v := $lookup($input, ${str(`${snake}_id`)}); $exists($v) ? $v : ($exists($input.entity_id) ? $input.entity_id : $trigger.id))`;
}

/**
 * JSONata for the `request_id` of an effects call: unique per state entry, stable across Lambda
 * retries of it, so the entity store creates nothing twice (the item index inside a foreach).
 */
export function requestIdBody(scope: Scope): string {
  const item = scope.inForeach ? " & '#' & $string($item_index)" : '';
  return `$states.context.Execution.Id & '#' & $states.context.State.Name & '#' & $states.context.State.EnteredTime${item}`;
}
