import type { Location } from '../../diagnostics/diagnostic.ts';
import { didYouMean } from '../../diagnostics/suggest.ts';
import type { PathExpr } from '../../expr/ast.ts';
import { BUILTIN_ROOTS, parseExpression } from '../../expr/parser.ts';
import { pathsOf } from '../../expr/paths.ts';
import type { FieldAssignment, ProcessSpec, ScheduleSpec, TriggerKind, Workflow } from '../../ir/types.ts';
import { compensationsOf, inputsOf, type ValidationContext, workflowLabel } from '../context.ts';

/** Triggers whose data a bare name can fall back to (DESIGN.md §3), so any field name may be valid. */
const DATA_TRIGGERS: readonly TriggerKind[] = [
  'entity_event',
  'entity_status_transition',
  'signal',
  'process_completed',
];

/** A path written as a value: a name with optional `.field` parts. */
const PATH_SHAPE = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;

/** One expression as written, where, and how it reads. */
interface Site {
  text: string;
  node: object;
  field: string;
  mode: 'condition' | 'value';
  /** The source map knows only the key of a `key: value` line: the value starts after `key: `. */
  afterKey: boolean;
  /** Inside a foreach body, where `item` and `item_index` are defined. */
  inForeach: boolean;
}

/** Roots that exist only inside a foreach body. */
const ITEM_ROOTS = ['item', 'item_index'];

/**
 * Conditions, effect `where`s and set values, assignee expressions, llm `input_map` values,
 * signal correlations and input mapping sources (when written as paths) parse (LANGUAGE.md §7);
 * a bad one is an error at its column. A path whose root names nothing the workflow knows is a
 * warning (it reads nothing at run time) — reported only where no trigger data can supply it:
 * a lowercase root when the workflow has no entity, signal or process trigger, and an entity-like
 * (capitalised) root the workflow never names as an entity.
 */
export function ExpressionsRule(context: ValidationContext): void {
  for (const workflow of context.workflows) {
    const known = knownRoots(context, workflow.spec);
    const triggerKind = workflow.kind === 'process' ? workflow.spec.trigger?.kind : undefined;
    const fallsBackToTrigger = triggerKind !== undefined && DATA_TRIGGERS.includes(triggerKind);
    for (const site of sitesOf(context, workflow.spec)) {
      const at = locateSite(context, site);
      const { ast, diagnostics } = parseExpression(site.text, at, { knownRoots: known, mode: site.mode });
      context.keep(diagnostics);
      if (!ast) continue;
      for (const path of pathsOf(ast)) {
        const [root] = path.segments;
        if (ITEM_ROOTS.includes(root) && !site.inForeach) {
          context.reportAt(
            'DZ323',
            `"${root}" is defined only inside a foreach; here it reads nothing.`,
            path.loc,
          );
        } else if (!isKnown(path, known, fallsBackToTrigger)) {
          reportUnknownRoot(context, workflow, path, known);
        }
      }
    }
  }
}

function isKnown(path: PathExpr, known: ReadonlySet<string>, fallsBackToTrigger: boolean): boolean {
  const [root] = path.segments;
  if (known.has(root) || (BUILTIN_ROOTS as readonly string[]).includes(root)) return true;
  const entityLike = /^[A-Z]/.test(root);
  return !entityLike && fallsBackToTrigger;
}

function reportUnknownRoot(
  context: ValidationContext,
  workflow: Workflow,
  path: PathExpr,
  known: ReadonlySet<string>,
): void {
  const [root] = path.segments;
  const at: Location = path.loc;
  context.reportAt(
    'DZ323',
    `path "${path.segments.join('.')}" starts with "${root}", which is no input, step, output or entity ` +
      `of ${workflowLabel(workflow)}; it reads nothing at run time.` +
      didYouMean(root, [...known, ...BUILTIN_ROOTS]),
    at,
  );
}

function locateSite(context: ValidationContext, site: Site): Location {
  if (!site.afterKey) return context.locateText(site.node, site.field, site.text);
  const key = context.locate(site.node, site.field);
  const column = key.column + site.field.length + ': '.length;
  return { file: key.file, line: key.line, column, length: site.text.length };
}

/** Inputs, steps, `output:` names and the entities the workflow names. */
function knownRoots(context: ValidationContext, spec: ProcessSpec | ScheduleSpec): Set<string> {
  const roots = new Set(inputsOf(spec).map((input) => input.name));
  if ('trigger' in spec && spec.trigger?.entity_name) roots.add(spec.trigger.entity_name);
  for (const { step } of context.stepsOf(spec)) {
    roots.add(step.name);
    if (step.output_mapping) roots.add(step.output_mapping);
    if (step.kind === 'query' && step.query_entity) roots.add(step.query_entity);
    if (step.kind === 'human_task' && step.human_task?.entity_path) {
      roots.add(step.human_task.entity_path.split('.')[0]);
    }
    for (const effect of step.effects ?? []) roots.add(effect.entity_name);
  }
  return roots;
}

/** Every expression of a workflow, in written order. */
function sitesOf(context: ValidationContext, spec: ProcessSpec | ScheduleSpec): Site[] {
  const sites = new SiteList();
  for (const { step, scope } of context.stepsOf(spec)) {
    sites.inForeach = scope.kind === 'foreach' || scope.outer.some((s) => s.kind === 'foreach');
    if (step.kind === 'condition') sites.add(step.condition, step, 'condition', 'condition');
    for (const mapping of step.inputs ?? []) sites.addPath(mapping.source, mapping, 'source');
    for (const effect of step.effects ?? []) {
      sites.add(effect.where, effect, 'where', 'condition');
      for (const set of effect.assignments ?? []) sites.addValue(context, set);
    }
    if (step.kind === 'human_task' && step.human_task) {
      sites.add(step.human_task.assignee_expression, step.human_task, 'assignee_expression', 'value');
      for (const outcome of step.human_task?.outcomes ?? []) {
        for (const set of outcome.sets ?? []) sites.addValue(context, set);
      }
    }
    if (step.kind === 'llm_intent') {
      const map = step.llm_input_map ?? {};
      for (const [key, value] of Object.entries(map)) sites.add(value, map, key, 'value', true);
    }
    if (step.kind === 'wait') sites.addPath(step.wait_correlation, step, 'wait_correlation');
  }
  sites.inForeach = false;
  for (const compensation of compensationsOf(spec)) {
    for (const mapping of compensation.inputs ?? []) sites.addPath(mapping.source, mapping, 'source');
  }
  return sites.list;
}

/**
 * The sites found so far (methods, not closures made per workflow: the tsx loader names every
 * closure it makes, which costs more than collecting the sites).
 */
class SiteList {
  readonly list: Site[] = [];
  /** Whether the steps now being read are inside a foreach body. */
  inForeach = false;

  add(text: string | undefined, node: object, field: string, mode: Site['mode'], afterKey = false): void {
    if (text !== undefined && text.trim() !== '') {
      this.list.push({ text, node, field, mode, afterKey, inForeach: this.inForeach });
    }
  }

  /** The value of a `sets` line, unless it is a string literal (quoted). */
  addValue(context: ValidationContext, set: FieldAssignment): void {
    if (!context.sourceMap.isLiteral(set, 'value')) this.add(set.value, set, 'value', 'value');
  }

  addPath(text: string | undefined, node: object, field: string): void {
    if (text !== undefined && PATH_SHAPE.test(text.trim())) this.add(text, node, field, 'value');
  }
}
