import type { Branch, MapState, Retrier, State, StateMachineDefinition } from '../emit/asl/types.ts';

/**
 * Walks a compiled definition to find what one run costs, counting as AWS bills Standard
 * workflows (and as the local interpreter counts): one transition per state entered, states inside
 * Parallel branches and Map iterations included, plus one per retry.
 *
 * - happy path: the most expensive run that succeeds with no error, no retry and no Catch taken;
 *   at a Choice every rule is followed, so it is the costliest clean branch.
 * - worst path: the most expensive run to any end (success or failure), where every Task exhausts
 *   its retries (the sum of its retriers' MaxAttempts) and Catch edges are followed.
 *
 * Loops (a goto back to an earlier step, the lock's queue wait, linear-retry emulation) are taken
 * at most once: back edges found by a depth-first walk from StartAt are dropped, so the rest is a
 * DAG and the longest path is exact on it.
 */

export type PathMode = 'happy' | 'worst';

export interface PathOptions {
  /** Iterations per Map (foreach) state. @default 1 */
  readonly mapItems?: number;
}

export interface PathCost {
  /** Billed state transitions. */
  transitions: number;
  /** Lambda invocations (`lambda:invoke`, with or without a task token), retries included. */
  lambdaInvocations: number;
  /** `events:putEvents` calls. */
  eventsPublished: number;
  /** DynamoDB calls (locks, entity store). */
  dynamodbCalls: number;
  /** Child executions started (`states:startExecution`). */
  childExecutions: number;
  /** Time spent in Wait states and retry back-off, in seconds. */
  waitSeconds: number;
  /** The top-level states in order. */
  states: string[];
}

const LAMBDA = 'arn:aws:states:::lambda:invoke';
const EVENTS = 'arn:aws:states:::events:putEvents';
const DYNAMODB = 'arn:aws:states:::dynamodb:';
const START_EXECUTION = 'arn:aws:states:::states:startExecution';

/** ASL's default MaxAttempts, IntervalSeconds and BackoffRate. */
const RETRY_DEFAULTS = { maxAttempts: 3, interval: 1, backoff: 2 };

/** A path that costs nothing. */
export const emptyPath = (): PathCost => ({
  transitions: 0,
  lambdaInvocations: 0,
  eventsPublished: 0,
  dynamodbCalls: 0,
  childExecutions: 0,
  waitSeconds: 0,
  states: [],
});

function add(a: PathCost, b: PathCost, times = 1): PathCost {
  return {
    transitions: a.transitions + b.transitions * times,
    lambdaInvocations: a.lambdaInvocations + b.lambdaInvocations * times,
    eventsPublished: a.eventsPublished + b.eventsPublished * times,
    dynamodbCalls: a.dynamodbCalls + b.dynamodbCalls * times,
    childExecutions: a.childExecutions + b.childExecutions * times,
    waitSeconds: a.waitSeconds + b.waitSeconds * times,
    states: a.states,
  };
}

/** The costlier of two paths: more transitions, then more Lambda calls, then longer waits. */
const costlier = (a: PathCost, b: PathCost): boolean =>
  a.transitions !== b.transitions
    ? a.transitions > b.transitions
    : a.lambdaInvocations !== b.lambdaInvocations
      ? a.lambdaInvocations > b.lambdaInvocations
      : a.waitSeconds > b.waitSeconds;

/** The costliest path of `mode` through a definition, or undefined when none exists. */
export function costliestPath(
  definition: StateMachineDefinition | Branch,
  mode: PathMode,
  options: PathOptions = {},
): PathCost | undefined {
  return new PathFinder(definition, mode, options).run();
}

class PathFinder {
  private readonly back = new Set<string>();
  private readonly memo = new Map<string, PathCost | null>();

  constructor(
    private readonly block: Branch,
    private readonly mode: PathMode,
    private readonly options: PathOptions,
  ) {}

  run(): PathCost | undefined {
    this.findBackEdges();
    return this.best(this.block.StartAt) ?? undefined;
  }

  /** Edges of one state in this mode (Catch edges only on the worst path). */
  private edges(state: State): string[] {
    const out: string[] = [];
    if (state.Type === 'Choice') {
      out.push(...state.Choices.map((c) => c.Next));
      if (state.Default) out.push(state.Default);
      return out;
    }
    if (state.Type === 'Succeed' || state.Type === 'Fail') return out;
    if (state.Next) out.push(state.Next);
    if (this.mode === 'worst' && 'Catch' in state && state.Catch) out.push(...state.Catch.map((c) => c.Next));
    return out;
  }

  private findBackEdges(): void {
    const onStack = new Set<string>();
    const done = new Set<string>();
    const visit = (name: string) => {
      onStack.add(name);
      const state = this.block.States[name];
      for (const next of state ? this.edges(state) : []) {
        if (onStack.has(next)) this.back.add(`${name}\u0000${next}`);
        else if (!done.has(next)) visit(next);
      }
      onStack.delete(name);
      done.add(name);
    };
    visit(this.block.StartAt);
  }

  /** The costliest acceptable path starting at `name` (null: none ends acceptably). */
  private best(name: string): PathCost | null {
    const cached = this.memo.get(name);
    if (cached !== undefined) return cached;
    const state = this.block.States[name];
    let result: PathCost | null = null;
    if (state) {
      const own = this.stateCost(state);
      const terminal =
        state.Type === 'Succeed' || state.Type === 'Fail' || ('End' in state && state.End === true);
      if (terminal && (this.mode === 'worst' || state.Type !== 'Fail')) {
        result = { ...own, states: [name] };
      }
      for (const next of this.edges(state)) {
        if (this.back.has(`${name}\u0000${next}`)) continue;
        const rest = this.best(next);
        if (!rest) continue;
        const candidate = { ...add(own, rest), states: [name, ...rest.states] };
        if (!result || costlier(candidate, result)) result = candidate;
      }
    }
    this.memo.set(name, result);
    return result;
  }

  /** One visit of a state: its transition, its retries (worst path) and what it calls. */
  private stateCost(state: State): PathCost {
    const retries = this.mode === 'worst' && 'Retry' in state ? retryAttempts(state.Retry) : 0;
    const cost = emptyPath();
    cost.transitions = 1 + retries;
    if (this.mode === 'worst' && 'Retry' in state) cost.waitSeconds += retryDelaySeconds(state.Retry);
    switch (state.Type) {
      case 'Task': {
        const calls = 1 + retries;
        const r = state.Resource;
        if (r.startsWith(LAMBDA)) cost.lambdaInvocations += calls;
        else if (r.startsWith(EVENTS)) cost.eventsPublished += calls;
        else if (r.startsWith(DYNAMODB)) cost.dynamodbCalls += calls;
        else if (r.startsWith(START_EXECUTION)) cost.childExecutions += calls;
        return cost;
      }
      case 'Wait':
        if (typeof state.Seconds === 'number') cost.waitSeconds += state.Seconds;
        return cost;
      case 'Parallel': {
        const inner = state.Branches.reduce((sum, b) => add(sum, this.nested(b)), emptyPath());
        return add(cost, inner, 1 + retries);
      }
      case 'Map':
        return add(cost, this.nested(state.ItemProcessor), this.iterations(state) * (1 + retries));
      case 'Pass':
      case 'Choice':
      case 'Succeed':
      case 'Fail':
        return cost;
      default: {
        const never: never = state;
        return never;
      }
    }
  }

  private nested(branch: Branch): PathCost {
    return costliestPath(branch, this.mode, this.options) ?? emptyPath();
  }

  /**
   * Iterations of a Map: the saga's compensation run (its items are the completed steps) runs
   * once per compensation; any other Map runs `mapItems` times.
   */
  private iterations(state: MapState): number {
    if (typeof state.Items === 'string' && state.Items.includes('$completed')) {
      return Object.values(state.ItemProcessor.States).filter((s) => s.Type === 'Task').length;
    }
    return this.options.mapItems ?? 1;
  }
}

function retryAttempts(retriers: readonly Retrier[] | undefined): number {
  return (retriers ?? []).reduce((sum, r) => sum + (r.MaxAttempts ?? RETRY_DEFAULTS.maxAttempts), 0);
}

/** Back-off of every retry: interval · rate^k, capped by MaxDelaySeconds. */
function retryDelaySeconds(retriers: readonly Retrier[] | undefined): number {
  let total = 0;
  for (const r of retriers ?? []) {
    const interval = r.IntervalSeconds ?? RETRY_DEFAULTS.interval;
    const rate = r.BackoffRate ?? RETRY_DEFAULTS.backoff;
    for (let k = 0; k < (r.MaxAttempts ?? RETRY_DEFAULTS.maxAttempts); k++) {
      const delay = interval * rate ** k;
      total += r.MaxDelaySeconds !== undefined ? Math.min(delay, r.MaxDelaySeconds) : delay;
    }
  }
  return total;
}

/** Every state of a definition by type, nested ones included. */
export function countStates(block: Branch): Record<string, number> {
  const counts: Record<string, number> = {};
  const visit = (b: Branch) => {
    for (const state of Object.values(b.States)) {
      counts[state.Type] = (counts[state.Type] ?? 0) + 1;
      if (state.Type === 'Parallel') state.Branches.forEach(visit);
      if (state.Type === 'Map') visit(state.ItemProcessor);
    }
  };
  visit(block);
  return counts;
}
