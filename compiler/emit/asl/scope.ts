import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { RetryConfig, StepKind } from '../../ir/types.ts';
import type {
  CompensationPlan,
  FlowPlan,
  FlowTarget,
  ScopePlan,
  StepPlan,
  WorkflowDef,
} from '../../plan/index.ts';
import { EXITS_FIELD } from './exits.ts';
import type { WorkflowExpressions } from './expressions.ts';
import type { IamCollector } from './iam.ts';
import type { StateNames } from './names.ts';
import { type Catcher, type JsonObject, type JsonValue, jsonata, type State, str } from './types.ts';
import type { StepVariables } from './variables.ts';

export interface RecordOptions {
  /** Nested scopes only: JSONata stored as `branches` in the context (the top level sets Output). */
  readonly extraOutput?: string;
  /** JSONata for saga records of nested scopes to append (before the step's own). */
  readonly childRecords?: string;
  /** Nested scopes only: record the process exits of the results as `exits` (see exits.ts). */
  readonly exits?: boolean;
}

/** Everything the emitters of one workflow share. */
export interface EmitEnv {
  readonly workflow: WorkflowDef;
  readonly plan: FlowPlan;
  readonly names: StateNames;
  readonly expr: WorkflowExpressions;
  readonly iam: IamCollector;
  readonly diagnostics: Diagnostic[];
  /** The variable of each step's output (top level). */
  readonly vars: StepVariables;
  /** Top-level state that ends the process successfully (lock release, emits, Succeed). */
  readonly successEntry: string;
  /** Top-level state that starts the failure path (compensations, lock release, emits, Fail). */
  readonly failureEntry: string;
  /** Emits the steps of a nested scope (parallel branch, foreach body) into it. */
  readonly emitNested: (scope: Scope) => void;
}

/** Whether a JSONata body reads each variable (compiled once: `bind` runs for every nested expression). */
const USES = {
  input: /\$input\b/,
  trigger: /\$trigger\b/,
  item: /\$item\b/,
  itemIndex: /\$item_index\b/,
} as const;

/**
 * Where step data lives.
 *
 * At the top level, step outputs, the saga's completed-step list and the failure are workflow
 * variables (`Assign`): `$input`, `$trigger`, one `$step_<name>` per step (variables.ts: no variable
 * accumulates outputs, so each stays inside AWS's size limits), `$completed`, `$failure`; the
 * process output is read from the step variables at the end (process.ts `outputsOf`).
 *
 * Inside a parallel branch or a foreach iteration they cannot be: a nested state may not assign a
 * variable of an outer scope, and a DISTRIBUTED Map cannot even read one. There the same data is a
 * context object carried as the state input (`Output`), `{input, trigger, outer, steps, completed,
 * item?, item_index?, failure?, attempts?}` (`steps` = the scope's own step outputs by name, `outer`
 * = the outputs of the enclosing scopes' steps that the scope reads, and only those), and every
 * expression starts by binding the variables the expression compiler reads to it
 * (`($step_a := $states.input.outer.a; …)`), so compiled expressions are the same in both places. A branch or iteration returns only its result (`scopeResult`), never its
 * context, so a Parallel's or Map's result does not repeat the input, trigger and outer step outputs
 * once per branch or item (256 KiB payload limit). A `complete` / `fail` written inside ends the
 * scope with an `exit` marker (exits.ts).
 */
export class Scope {
  readonly states: Record<string, State> = {};
  /** Steps of enclosing scopes whose outputs this scope's expressions read (from `outer`). */
  readonly outerReads = new Set<string>();
  private readonly ownSteps: ReadonlySet<string>;
  private completeState?: string;
  private failState?: string;
  private readonly exitStates: { complete?: string; fail?: string } = {};

  constructor(
    readonly env: EmitEnv,
    readonly plan: ScopePlan,
    /** The scope's own name (a step name, or `<parallel>[i]`), for its terminal states. */
    readonly label: string,
    readonly inForeach: boolean,
    /** wait_all / rollback branches: a failure marks the context and ends the branch. */
    readonly markFailures: boolean,
  ) {
    this.ownSteps = new Set(plan.steps.map((s) => s.step.name));
  }

  get top(): boolean {
    return this.plan.depth === 0;
  }

  add(name: string, state: State): string {
    if (!this.env.names.claim(name)) throw new Error(`state name emitted twice: ${name}`);
    this.states[name] = this.top ? state : endOfScope(state, this.markFailures);
    return name;
  }

  /** `{% body %}`, binding the expression variables first in a nested scope. */
  t(body: string): string {
    return jsonata(this.bind(body));
  }

  /** The body with the nested-scope bindings the body reads. */
  bind(body: string): string {
    if (this.top) return body;
    const bindings: string[] = [];
    if (USES.input.test(body)) bindings.push('$input := $states.input.input');
    if (USES.trigger.test(body)) bindings.push('$trigger := $states.input.trigger');
    for (const step of this.env.vars.readBy(body)) {
      const own = this.ownSteps.has(step);
      if (!own) this.outerReads.add(step);
      bindings.push(`$${this.env.vars.of(step)} := $states.input.${own ? 'steps' : 'outer'}.${field(step)}`);
    }
    if (this.inForeach && USES.item.test(body)) bindings.push('$item := $states.input.item');
    if (this.inForeach && USES.itemIndex.test(body)) {
      bindings.push('$item_index := $states.input.item_index');
    }
    return bindings.length === 0 ? body : `(${bindings.join('; ')}; ${body})`;
  }

  /**
   * JSONata (unbound) for the step context `{input, trigger[, item, item_index]}` a service or a
   * compensation gets beside its mapped inputs. No step outputs: a step reads those through its
   * input mappings, so its payload is bounded by what it maps and the execution input, however
   * many steps ran before it (256 KiB payload limit).
   */
  contextBody(): string {
    const item = this.inForeach ? `, 'item': $item, 'item_index': $item_index` : '';
    return `{'input': $input, 'trigger': $trigger${item}}`;
  }

  /** JSONata (unbound) for `{<step>: <its output>, …}` of `steps`. */
  stepsObject(steps: readonly string[]): string {
    return `{${steps.map((s) => `${str(s)}: ${this.stepRef(s)}`).join(', ')}}`;
  }

  /** JSONata (unbound) reading a step's output: its variable (`bind` finds it in a nested scope). */
  stepRef(step: string): string {
    return `$${this.env.vars.of(step)}`;
  }

  /**
   * The context object a nested scope (branch, iteration) starts with, as an ASL template object
   * (Parallel `Arguments`, Map `ItemSelector`), once the `children`'s states are emitted: its
   * `outer` holds the outputs they read of steps outside them. A foreach iteration passes `mapItem`.
   */
  childContext(mapItem: boolean, children: readonly Scope[]): JsonObject {
    const reads = [...new Set(children.flatMap((c) => [...c.outerReads]))];
    const context: JsonObject = {
      input: this.t('$input'),
      trigger: this.t('$trigger'),
      outer: reads.length === 0 ? {} : this.t(this.stepsObject(reads)),
      steps: {},
      completed: [],
    };
    if (mapItem) {
      context.item = jsonata('$states.context.Map.Item.Value');
      context.item_index = jsonata('$states.context.Map.Item.Index');
    } else if (this.inForeach) {
      context.item = this.t('$item');
      context.item_index = this.t('$item_index');
    }
    return context;
  }

  /** JSONata for this scope's record of a step's output (inside the state after the step). */
  ownOutput(step: string): string {
    return this.top ? this.stepRef(step) : `$states.input.steps.${field(step)}`;
  }

  /** JSONata for the saga records this scope holds. */
  completedBody(): string {
    return this.top ? '$completed' : '$states.input.completed';
  }

  /** `Next` / `End` for a target. */
  flow(target: FlowTarget): { Next: string } | { End: true } {
    if (!this.top && target.kind === 'complete' && !target.exit) return { End: true };
    return { Next: this.target(target) };
  }

  /** The state a target names (for `Next`, `Default`, a Catch). */
  target(target: FlowTarget): string {
    switch (target.kind) {
      case 'step':
        return this.env.names.step(target.step);
      case 'complete':
        if (this.top) return this.env.successEntry;
        return target.exit ? this.exitEnd('complete') : this.completeEnd();
      case 'fail':
        if (this.top) return this.env.failureEntry;
        return target.exit ? this.exitEnd('fail') : this.failEnd();
      default: {
        const never: never = target;
        return never;
      }
    }
  }

  /**
   * The fields that record a completed step: its output under its name (and its `output:` alias),
   * its saga record, a reset linear-retry counter. `result` is JSONata for the
   * output, evaluated in the state that completes the step.
   */
  record<K extends StepKind>(
    plan: StepPlan<K>,
    result: string,
    options: RecordOptions = {},
  ): { Assign?: JsonObject; Output?: JsonValue } {
    const step = plan.step;
    const { extraOutput, childRecords } = options;
    const saga = plan.compensation ? this.sagaRecord(plan, plan.compensation) : undefined;
    const records = [...(childRecords ? [childRecords] : []), ...(saga ? [`[${saga}]`] : [])];
    const linear = isLinear(step.retry);
    if (this.top) {
      // The output under its step's variable only: an `output:` alias names the same variable.
      const assign: JsonObject = { [this.env.vars.of(step.name)]: this.t(result) };
      if (records.length > 0) {
        const appended = records.reduce((acc, r) => `$append(${acc}, ${r})`, '$completed');
        assign.completed = this.t(`($r := ${result}; ${appended})`);
      }
      if (linear) assign[attemptVariable(step.name)] = 0;
      if (plan.next.kind === 'fail') assign.failure = jsonata(routedToFail(step.name));
      return { Assign: assign };
    }
    const entries = [`${str(step.name)}: $r`];
    if (step.output_mapping) entries.push(`${str(step.output_mapping)}: $r`);
    const parts = [`'steps': $merge([$states.input.steps, {${entries.join(', ')}}])`];
    if (records.length > 0) {
      parts.push(
        `'completed': ${records.reduce((acc, r) => `$append(${acc}, ${r})`, '$states.input.completed')}`,
      );
    }
    if (linear) parts.push(`'attempts': $merge([$states.input.attempts, {${str(step.name)}: 0}])`);
    if (extraOutput) parts.push(`'branches': ${extraOutput}`);
    if (options.exits) parts.push(`'exits': ${EXITS_FIELD}`);
    if (plan.next.kind === 'fail') parts.push(`'failure': ${routedToFail(step.name)}`);
    return { Output: this.t(`($r := ${result}; $merge([$states.input, {${parts.join(', ')}}]))`) };
  }

  /** Catchers sending every error, after retries, to the step's failure target. */
  catchers<K extends StepKind>(plan: StepPlan<K>): Catcher[] {
    const step = plan.step;
    const failure = `{'step': ${str(step.name)}, 'error': $states.errorOutput.Error, 'cause': $states.errorOutput.Cause}`;
    const linear = isLinear(step.retry);
    const next = linear ? this.env.names.aux(step.name, 'retry') : this.target(plan.onFailure);
    const onStep = !linear && plan.onFailure.kind === 'step';
    if (this.top) {
      const assign: JsonObject = { failure: jsonata(failure) };
      if (onStep) assign[this.env.vars.of(step.name)] = jsonata(failure);
      if (linear) assign[attemptVariable(step.name)] = jsonata(`$${attemptVariable(step.name)} + 1`);
      return [{ ErrorEquals: ['States.ALL'], Next: next, Assign: assign }];
    }
    const parts = [`'failure': ${failure}`];
    if (onStep) parts.push(`'steps': $merge([$states.input.steps, {${str(step.name)}: ${failure}}])`);
    if (linear)
      parts.push(
        `'attempts': $merge([$states.input.attempts, {${str(step.name)}: ${this.attemptBody(step.name)} + 1}])`,
      );
    return [
      {
        ErrorEquals: ['States.ALL'],
        Next: next,
        Output: jsonata(`$merge([$states.input, {${parts.join(', ')}}])`),
      },
    ];
  }

  /** JSONata for the linear-retry attempt counter of a step (failed attempts so far). */
  attemptBody(step: string): string {
    if (this.top) return `$${attemptVariable(step)}`;
    return `($a := $lookup($states.input.attempts, ${str(step)}); $exists($a) ? $a : 0)`;
  }

  /**
   * A Pass that records a failure the step itself decides on (a failed condition branch, a failed
   * branch, an outcome that goes to `fail`) and goes to `target`. `error` and `cause` are JSONata.
   */
  failWith(name: string, step: string, error: string, cause: string, target: FlowTarget): string {
    const failure = `{'step': ${str(step)}, 'error': ${error}, 'cause': ${cause}}`;
    if (this.top)
      return this.add(name, { Type: 'Pass', Assign: { failure: this.t(failure) }, ...this.flow(target) });
    // A process `fail` ends the scope here with its marker (no second Pass).
    const exit = target.kind === 'fail' && target.exit === true;
    const marker = exit ? `, 'exit': 'fail'` : '';
    return this.add(name, {
      Type: 'Pass',
      Output: this.t(`$merge([$states.input, {'failure': ${failure}${marker}}])`),
      ...(exit ? { End: true } : this.flow(target)),
    });
  }

  private sagaRecord<K extends StepKind>(plan: StepPlan<K>, compensation: CompensationPlan): string {
    const inputs = compensation.inputs
      .map((m) => `${str(m.target)}: ${this.env.expr.path(m.source, this.inForeach, m, 'source')}`)
      .join(', ');
    // The mapped inputs may read the step's own output, which is `$r` here (not yet assigned).
    const mapped = `(${this.stepRef(plan.step.name)} := $r; {${inputs}})`;
    return `{'compensation': ${str(compensation.name)}, 'step': ${str(plan.step.name)}, 'input': ${mapped}}`;
  }

  /** The Pass that ends a nested scope with a process exit marker (`exit`: complete or fail). */
  private exitEnd(exit: 'complete' | 'fail'): string {
    const existing = this.exitStates[exit];
    if (existing) return existing;
    const name = this.add(this.env.names.aux(this.label, `exit ${exit}`), {
      Type: 'Pass',
      Output: jsonata(`$merge([$states.input, {'exit': ${str(exit)}}])`),
      End: true,
    });
    this.exitStates[exit] = name;
    return name;
  }

  private completeEnd(): string {
    this.completeState ??= this.add(this.env.names.aux(this.label, 'done'), { Type: 'Succeed' });
    return this.completeState;
  }

  private failEnd(): string {
    if (this.failState) return this.failState;
    const name = this.env.names.aux(this.label, 'failed');
    this.failState = this.markFailures
      ? this.add(name, {
          Type: 'Pass',
          Output: jsonata(`$merge([$states.input, {'failed': true}])`),
          End: true,
        })
      : this.add(name, {
          Type: 'Fail',
          Error: jsonata(
            `$exists($states.input.failure.error) ? $string($states.input.failure.error) : 'Process.Failed'`,
          ),
          Cause: jsonata(`$exists($states.input.failure.cause) ? $string($states.input.failure.cause) : ''`),
        });
    return this.failState;
  }
}

/**
 * JSONata for what a branch or iteration returns, from its context `c`: what the Parallel or Map
 * and the states after it read — its step outputs (merged into the enclosing scope's), its saga
 * records (the enclosing scope's, or a rollback's), the `exit` marker and, when it exits with `fail`
 * or (wait_all / rollback) failed, its failure and the `failed` flag.
 */
export function scopeResult(c: string, markFailures: boolean): string {
  const common = `'steps': ${c}.steps, 'completed': ${c}.completed, 'exit': ${c}.exit`;
  if (!markFailures) return `{${common}, 'failure': (${c}.exit = 'fail' ? ${c}.failure)}`;
  return `{${common}, 'failed': ${c}.failed, 'failure': (${c}.exit = 'fail' or ${c}.failed ? ${c}.failure)}`;
}

const JSONATA_BODY = /^\{% ([\s\S]*) %\}$/;

/** A state of a nested scope, with its output reduced to the scope result when it ends the scope. */
function endOfScope(state: State, markFailures: boolean): State {
  if (state.Type === 'Fail') return state;
  const ends = state.Type === 'Succeed' || ('End' in state && state.End === true);
  if (!ends) return state;
  const output = state.Output;
  const body =
    output === undefined
      ? '$states.input'
      : typeof output === 'string'
        ? JSONATA_BODY.exec(output)?.[1]
        : undefined;
  if (body === undefined) throw new Error('a branch or iteration must end with a JSONata Output');
  return { ...state, Output: jsonata(`($context := (${body}); ${scopeResult('$context', markFailures)})`) };
}

/** The failure recorded when a step's own flow (not an error) goes to `fail`. */
export const routedToFail = (step: string): string =>
  `{'step': ${str(step)}, 'error': 'Process.Failed', 'cause': ${str(`step '${step}' goes to fail`)}}`;

export const isLinear = (retry: RetryConfig | undefined): retry is RetryConfig =>
  retry !== undefined && retry.backoff === 'linear' && retry.max_attempts > 1;

/** The top-level variable counting a linear-retry step's failed attempts. */
export const attemptVariable = (step: string): string => `attempts_${step}`;

const PLAIN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED = new Set(['and', 'or', 'in', 'true', 'false', 'null', 'function']);
/** A JSONata field name. */
export const field = (name: string): string =>
  PLAIN.test(name) && !RESERVED.has(name) ? name : `\`${name}\``;
