import type { Branch, State } from './types.ts';

/** The states a state can go to next: Next, Choice rules and Default, Catch targets. */
export function successors(state: State): string[] {
  const out: string[] = [];
  if ('Next' in state && state.Next !== undefined) out.push(state.Next);
  if (state.Type === 'Choice') {
    for (const rule of state.Choices) out.push(rule.Next);
    if (state.Default !== undefined) out.push(state.Default);
  }
  if ('Catch' in state && state.Catch) for (const c of state.Catch) out.push(c.Next);
  return out;
}

/**
 * The block (`{StartAt, States}`) without the states that cannot be reached from StartAt, at every
 * depth. The frame emits its shared states (failure path, release, Succeed) for any process, and a
 * process may never use some of them — one with no Task has no Catch into the failure path — while
 * Step Functions rejects a definition with an unreachable state ("MISSING_TRANSITION_TARGET: State
 * … is not reachable", CreateStateMachine). Emission order is kept.
 */
export function withoutUnreachable<B extends Branch>(block: B): B {
  const seen = new Set<string>();
  const stack = [block.StartAt];
  while (stack.length > 0) {
    const name = stack.pop() as string;
    if (seen.has(name) || !(name in block.States)) continue;
    seen.add(name);
    stack.push(...successors(block.States[name]));
  }
  const states: Record<string, State> = {};
  let changed = false;
  for (const [name, state] of Object.entries(block.States)) {
    if (!seen.has(name)) {
      changed = true;
      continue;
    }
    const kept = nested(state);
    if (kept !== state) changed = true;
    states[name] = kept;
  }
  return changed ? { ...block, States: states } : block;
}

function nested(state: State): State {
  if (state.Type === 'Parallel') {
    const branches = state.Branches.map(withoutUnreachable);
    return branches.every((b, i) => b === state.Branches[i]) ? state : { ...state, Branches: branches };
  }
  if (state.Type === 'Map') {
    const processor = withoutUnreachable(state.ItemProcessor);
    return processor === state.ItemProcessor ? state : { ...state, ItemProcessor: processor };
  }
  return state;
}

/** The names of every state of a block, nested ones included. */
export function stateNames(block: Branch, into: Set<string> = new Set()): Set<string> {
  for (const [name, state] of Object.entries(block.States)) {
    into.add(name);
    if (state.Type === 'Parallel') for (const b of state.Branches) stateNames(b, into);
    if (state.Type === 'Map') stateNames(state.ItemProcessor, into);
  }
  return into;
}
