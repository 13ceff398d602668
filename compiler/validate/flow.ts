import type { ProcessStep } from '../ir/types.ts';
import { successorNames } from '../plan/reachable.ts';
import type { StepScope } from './context.ts';

/** Jump targets that end the flow instead of naming a step. */
export const TERMINALS = ['complete', 'fail'] as const;

export const isTerminal = (target: string): boolean => (TERMINALS as readonly string[]).includes(target);

/** One written jump: the target name, and the node and field to point at when it is wrong. */
export interface Jump {
  target: string;
  node: object;
  field: string;
  /** How the jump reads in a message: `on_failure`, `goto of outcome "approve"`. */
  label: string;
}

/** Every jump a step writes, in written order. */
export function jumpsOf(step: ProcessStep): Jump[] {
  const jumps: Jump[] = [];
  addJump(jumps, step.on_success, step, 'on_success');
  if (step.kind === 'condition') {
    addJump(jumps, step.on_true, step, 'on_true');
    addJump(jumps, step.on_false, step, 'on_false');
  }
  if (step.kind === 'human_task') {
    for (const outcome of step.human_task?.outcomes ?? []) {
      addJump(jumps, outcome.goto, outcome, 'goto', `goto of outcome "${outcome.name}"`);
    }
  }
  addJump(jumps, step.on_failure, step, 'on_failure');
  return jumps;
}

function addJump(
  jumps: Jump[],
  target: string | undefined,
  node: object,
  field: string,
  label = field,
): void {
  if (target !== undefined && target !== '') jumps.push({ target, node, field, label });
}

/** The names a step of `scope` can continue with (see `successorNames`). */
export const successorsOf = (step: ProcessStep, scope: StepScope, index: number): string[] =>
  successorNames(step, scope.kind === 'parallel' ? undefined : scope.steps[index + 1]?.name);

/** Successor edges between the steps of one scope (jumps to unknown names and terminals dropped). */
export function flowGraph(scope: StepScope): Map<ProcessStep, ProcessStep[]> {
  const graph = new Map<ProcessStep, ProcessStep[]>();
  // One name index per scope, not per step (every step of a non-parallel scope reaches the same
  // steps; a parallel branch reaches only itself).
  const byName = scope.kind === 'parallel' ? undefined : new Map(scope.steps.map((s) => [s.name, s]));
  scope.steps.forEach((step, index) => {
    const targets: ProcessStep[] = [];
    for (const name of successorsOf(step, scope, index)) {
      const target = byName ? byName.get(name) : name === step.name ? step : undefined;
      if (target !== undefined && !targets.includes(target)) targets.push(target);
    }
    graph.set(step, targets);
  });
  return graph;
}

/**
 * The strongly connected components of `graph` that hold a cycle (more than one node, or one node
 * with an edge to itself), each in first-visit order (Tarjan's algorithm).
 */
export function cyclesOf<T>(graph: ReadonlyMap<T, readonly T[]>): T[][] {
  const search = new CycleSearch(graph);
  for (const node of graph.keys()) if (!search.index.has(node)) search.connect(node);
  return search.cycles;
}

/** Tarjan's state (a class rather than closures: it runs for every scope of every workflow). */
class CycleSearch<T> {
  readonly index = new Map<T, number>();
  readonly cycles: T[][] = [];
  private readonly low = new Map<T, number>();
  private readonly stack: T[] = [];
  private readonly onStack = new Set<T>();

  constructor(private readonly graph: ReadonlyMap<T, readonly T[]>) {}

  connect(node: T): void {
    const { index, low, stack, onStack, graph } = this;
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        this.connect(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: T[] = [];
    let member: T;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.unshift(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) this.cycles.push(component);
  }
}
