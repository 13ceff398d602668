import type { ProcessStep } from '../ir/types.ts';
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
  const add = (target: string | undefined, node: object, field: string, label = field) => {
    if (target !== undefined && target !== '') jumps.push({ target, node, field, label });
  };
  add(step.on_success, step, 'on_success');
  if (step.kind === 'condition') {
    add(step.on_true, step, 'on_true');
    add(step.on_false, step, 'on_false');
  }
  if (step.kind === 'human_task') {
    for (const outcome of step.human_task?.outcomes ?? []) {
      add(outcome.goto, outcome, 'goto', `goto of outcome "${outcome.name}"`);
    }
  }
  add(step.on_failure, step, 'on_failure');
  return jumps;
}

/**
 * The names a step can continue with, in order (step names or terminals). A step continues with
 * its `on_success`, else the next step of its scope (none in a parallel: each child is a branch);
 * a condition with `on_true`/`on_false`, a missing one meaning the next step; a human task with
 * outcomes with their gotos (an outcome without `goto` completes the process); any step with its
 * `on_failure` too.
 */
export function successorsOf(step: ProcessStep, scope: StepScope, index: number): string[] {
  const next = scope.kind === 'parallel' ? undefined : scope.steps[index + 1]?.name;
  const onward = (target: string | undefined) => target ?? next ?? 'complete';
  const names: string[] = [];
  if (step.kind === 'condition') {
    names.push(onward(step.on_true), onward(step.on_false));
  } else if (step.kind === 'human_task' && (step.human_task?.outcomes ?? []).length > 0) {
    names.push(...step.human_task!.outcomes.map((outcome) => outcome.goto || 'complete'));
  } else {
    names.push(onward(step.on_success));
  }
  if (step.on_failure) names.push(step.on_failure);
  return names;
}

/** The steps a scope starts with: the first step, or every branch of a parallel. */
export const entriesOf = (scope: StepScope): readonly ProcessStep[] =>
  scope.kind === 'parallel' ? scope.steps : scope.steps.slice(0, 1);

/**
 * The steps a step of `scope` can jump to: the steps of its scope — but a child of a parallel is a
 * branch of its own, so it reaches only itself.
 */
export const reachableByJump = (step: ProcessStep, scope: StepScope): readonly ProcessStep[] =>
  scope.kind === 'parallel' ? [step] : scope.steps;

/** Successor edges between the steps of one scope (jumps to unknown names and terminals dropped). */
export function flowGraph(scope: StepScope): Map<ProcessStep, ProcessStep[]> {
  const graph = new Map<ProcessStep, ProcessStep[]>();
  scope.steps.forEach((step, index) => {
    const byName = new Map(reachableByJump(step, scope).map((target) => [target.name, target]));
    const targets = successorsOf(step, scope, index)
      .map((name) => byName.get(name))
      .filter((target): target is ProcessStep => target !== undefined);
    graph.set(step, [...new Set(targets)]);
  });
  return graph;
}

/**
 * The strongly connected components of `graph` that hold a cycle (more than one node, or one node
 * with an edge to itself), each in first-visit order (Tarjan's algorithm).
 */
export function cyclesOf<T>(graph: ReadonlyMap<T, readonly T[]>): T[][] {
  const index = new Map<T, number>();
  const low = new Map<T, number>();
  const stack: T[] = [];
  const onStack = new Set<T>();
  const cycles: T[][] = [];
  const connect = (node: T) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        connect(next);
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
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component);
  };
  for (const node of graph.keys()) if (!index.has(node)) connect(node);
  return cycles;
}
