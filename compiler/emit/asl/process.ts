import { PLACEHOLDER } from '../../contracts/runtime.ts';
import type { Diagnostic, Location } from '../../diagnostics/diagnostic.ts';
import type { SourceMap } from '../../ir/locations.ts';
import type { OverlapPolicy, ProcessInputField } from '../../ir/types.ts';
import type { FlowPlan } from '../../plan/index.ts';
import { emitCompensationRun } from './compensation.ts';
import { collectStepNames, WorkflowExpressions } from './expressions.ts';
import { IamCollector, type IamStatement } from './iam.ts';
import { emitLockAcquire, emitLockRelease } from './lock.ts';
import { StateNames } from './names.ts';
import { stateNames, withoutUnreachable } from './reachable.ts';
import { transientRetry } from './retry.ts';
import { attemptVariable, type EmitEnv, isLinear, Scope } from './scope.ts';
import { emitScopeSteps } from './steps/index.ts';
import { EVENTS_TRANSIENT_ERRORS } from './steps/send.ts';
import { EXECUTION_REF, RESOURCE } from './task.ts';
import {
  type JsonObject,
  type JsonValue,
  jsonata,
  lit,
  type State,
  type StateMachineDefinition,
  type SucceedState,
  str,
  text,
} from './types.ts';
import { FRAME, StepVariables } from './variables.ts';

export interface EmittedMachine {
  readonly definition: StateMachineDefinition;
  readonly iam: IamStatement[];
  readonly diagnostics: Diagnostic[];
}

/** Fixed names of the process-level states (they contain a space, so no step can take them). */
const N = {
  checkInput: 'Start check input',
  invalidInput: 'Start invalid input',
  init: 'Start init',
  emitStarted: 'Emit started',
  successRelease: 'Success release lock',
  emitCompleted: 'Emit completed',
  succeeded: 'Process succeeded',
  compensate: 'Failure compensate',
  failureRelease: 'Failure release lock',
  emitFailed: 'Emit failed',
  failed: 'Process failed',
} as const;

/** The execution input, `{input, trigger}`, as every state can read it. */
const EXECUTION_INPUT = '$states.context.Execution.Input';

/**
 * One workflow's state machine, with as few states on its happy path as the process allows: steps
 * entered + declared emits + declared lock + 1 state transitions (AWS bills every state entered):
 *   start: `Lock acquire` when a lock is declared (it checks the required inputs and sets the
 *          variables when it takes the lock), else `Start check input` (a Choice that sets them on
 *          its Default; a Choice rule and the Choice state may `Assign`, "Choice workflow state",
 *          Step Functions developer guide) when inputs are required, else `Start init` (a Pass)
 *          → [Emit started] → steps…
 *   success: [Success release lock] → [Emit completed] → Process succeeded; the last of these, or
 *          the last step itself, ends the run with the process output (`End` + `Output`), so the
 *          Succeed state remains only where a Choice or a Catch completes the process.
 *   failure: [Failure compensate] → [Failure release lock] → [Emit failed] → Process failed
 * (bracketed states only when the process needs them; states nothing reaches are left out).
 */
export function emitStateMachine(
  plan: FlowPlan,
  sourceMap: SourceMap | undefined,
  fallback: Location,
): EmittedMachine {
  const workflow = plan.workflow;
  const diagnostics: Diagnostic[] = [];
  const locked = workflow.overlap !== 'allow';
  const events = workflow.events;
  const hasCompensations = plan.compensations.length > 0;
  const successEntry = locked ? N.successRelease : events.on_complete ? N.emitCompleted : N.succeeded;
  const afterCompensation = locked ? N.failureRelease : events.on_failure ? N.emitFailed : N.failed;
  const failureEntry = hasCompensations ? N.compensate : afterCompensation;
  const names = new StateNames();
  const vars = new StepVariables(collectStepNames(workflow.steps));
  const env: EmitEnv = {
    workflow,
    plan,
    names,
    vars,
    expr: new WorkflowExpressions(workflow, sourceMap, fallback, diagnostics, (s) => vars.of(s)),
    iam: new IamCollector(),
    diagnostics,
    successEntry,
    failureEntry,
    emitNested: emitScopeSteps,
  };
  const scope = new Scope(env, plan.root, workflow.name, false, false);
  const firstStep = plan.root.steps[0] ? names.step(plan.root.steps[0].step.name) : successEntry;

  // The steps first: the start sets every step variable they read (see initialVariables).
  emitScopeSteps(scope);
  const emitted = new Set(Object.keys(scope.states));

  // Start.
  const afterStart = events.on_start ? N.emitStarted : firstStep;
  const init = initialVariables(plan, vars, vars.readBy(topLevelText(scope.states)));
  const required = workflow.inputs.filter((i) => i.required).map((i) => i.name);
  const missing = `[${required.map(str).join(', ')}][($v := $lookup(${EXECUTION_INPUT}.input, $); $not($exists($v)) or $type($v) = 'null')]`;
  const missingCause = `'missing required input: ' & $join(${missing}, ', ')`;
  let startAt: string;
  if (locked) {
    startAt = emitLockAcquire(scope, workflow.overlap as Exclude<OverlapPolicy, 'allow'>, afterStart, {
      lease: workflow.timeoutSeconds,
      variables: init,
      check:
        required.length > 0
          ? { condition: `$count(${missing}) = 0`, cause: missingCause, invalid: N.invalidInput }
          : undefined,
    });
  } else if (required.length > 0) {
    startAt = scope.add(N.checkInput, {
      Type: 'Choice',
      Choices: [{ Condition: jsonata(`$count(${missing}) > 0`), Next: N.invalidInput }],
      Default: afterStart,
      // The state-level Assign: set on the way to the first step (the Fail reads no variable).
      Assign: init,
    });
  } else {
    startAt = scope.add(N.init, { Type: 'Pass', Assign: init, Next: afterStart });
  }
  if (required.length > 0) {
    scope.add(N.invalidInput, {
      Type: 'Fail',
      Error: 'Process.InvalidInput',
      Cause: jsonata(missingCause),
    });
  }
  if (events.on_start) {
    emitEvent(
      scope,
      N.emitStarted,
      events.on_start,
      "'started', 'input': $input, 'trigger': $trigger",
      firstStep,
    );
  }
  const start = Object.keys(scope.states).filter((n) => !emitted.has(n));

  // Success: the declared outputs and nothing else (`{}` when it declares none).
  const output = outputsOf(plan, vars);
  if (locked) emitLockRelease(scope, N.successRelease, events.on_complete ? N.emitCompleted : N.succeeded);
  if (events.on_complete) {
    // The inputs travel with the output so a `process P completed` trigger can hand both on.
    emitEvent(
      scope,
      N.emitCompleted,
      events.on_complete,
      `'completed', 'input': $input, 'output': ${output}`,
      N.succeeded,
    );
  }
  scope.add(N.succeeded, { Type: 'Succeed', Output: workflow.outputs.length > 0 ? jsonata(output) : {} });
  endInPlace(scope.states, N.succeeded, output, vars);
  // Failure.
  if (hasCompensations) {
    emitCompensationRun(
      scope,
      N.compensate,
      '$reverse($completed)',
      plan.compensations,
      { Next: afterCompensation },
      {
        Assign: { compensations: jsonata('$states.result') },
      },
    );
  }
  if (locked) emitLockRelease(scope, N.failureRelease, events.on_failure ? N.emitFailed : N.failed);
  if (events.on_failure) {
    const compensations = hasCompensations ? ", 'compensations': $compensations" : '';
    emitEvent(
      scope,
      N.emitFailed,
      events.on_failure,
      `'failed', 'step': $failure.step, 'error': $failure.error, 'cause': $failure.cause${compensations}`,
      N.failed,
    );
  }
  scope.add(N.failed, {
    Type: 'Fail',
    Error: jsonata("$exists($failure.error) ? $string($failure.error) : 'Process.Failed'"),
    Cause: jsonata("$exists($failure.cause) ? $string($failure.cause) : ''"),
  });

  const body = withoutUnreachable({ StartAt: startAt, States: orderStates(scope.states, start) });
  const machine: StateMachineDefinition = {
    QueryLanguage: 'JSONata',
    StartAt: startAt,
    States: body.States,
    TimeoutSeconds: workflow.timeoutSeconds,
  };
  // Not `{ ...(title ? { Comment } : {}), … }`: V8 builds an object that starts with a
  // conditional spread on a slow path (microseconds each).
  const definition: StateMachineDefinition = workflow.title
    ? { Comment: workflow.title, ...machine }
    : machine;
  // IAM needs in the order of the states (the start states were emitted after the steps).
  const order = new Map([...stateNames(body)].map((name, i) => [name, i]));
  const iam = env.iam
    .list()
    .filter((s) => order.has(s.state))
    .sort((a, b) => (order.get(a.state) ?? 0) - (order.get(b.state) ?? 0));
  return { definition, iam, diagnostics };
}

/**
 * The variables every execution starts with, read from the execution input (the start state may be
 * entered again: the lock's queue loop). The variables of the steps in the definition, and of any
 * step an expression reads, start as null: an output not there yet reads as missing (variables.ts).
 */
function initialVariables(plan: FlowPlan, vars: StepVariables, read: readonly string[]): JsonObject {
  const workflow = plan.workflow;
  const defaults = Object.fromEntries(
    workflow.inputs.filter((i) => i.default !== undefined).map((i) => [i.name, typedDefault(i)]),
  );
  const assign: JsonObject = {
    [FRAME.input]: jsonata(
      `$merge([${lit(defaults)}, $type(${EXECUTION_INPUT}.input) = 'object' ? ${EXECUTION_INPUT}.input : {}])`,
    ),
    [FRAME.trigger]: jsonata(
      `$type(${EXECUTION_INPUT}.trigger) = 'object' ? ${EXECUTION_INPUT}.trigger : {}`,
    ),
    [FRAME.completed]: [],
    [FRAME.failure]: null,
  };
  if (plan.compensations.length > 0) assign[FRAME.compensations] = [];
  for (const s of plan.root.steps) if (isLinear(s.step.retry)) assign[attemptVariable(s.step.name)] = 0;
  for (const s of plan.root.steps) assign[vars.of(s.step.name)] = null;
  for (const step of read) assign[vars.of(step)] = null;
  return assign;
}

/** The JSON of the top-level states without their nested ones (what the top level reads). */
function topLevelText(states: Record<string, State>): string {
  return JSON.stringify(states, (key, value) =>
    key === 'Branches' || key === 'ItemProcessor' ? undefined : value,
  );
}

/**
 * The process output: the declared outputs and nothing else (`{}` when it declares none), read at
 * the end from the steps' variables in the order of the steps — the fields of each step's output
 * that the process declares, and the whole output under its `output:` name when that is declared.
 * Not a variable updated by each step: that would hold a second copy of a step's output in the
 * step's `Assign`, which AWS caps at 256 KiB together (variables.ts).
 */
function outputsOf(plan: FlowPlan, vars: StepVariables): string {
  const declared = plan.workflow.outputs.map((o) => o.name);
  if (declared.length === 0) return '{}';
  const parts: string[] = [];
  for (const { step } of plan.root.steps) {
    const v = `$${vars.of(step.name)}`;
    parts.push(`$pick(${v})`);
    if (step.output_mapping && declared.includes(step.output_mapping)) {
      parts.push(`($type(${v}) = 'null' or $not($exists(${v})) ? {} : {${str(step.output_mapping)}: ${v}})`);
    }
  }
  const names = `[${declared.map(str).join(', ')}]`;
  const pick = `function($v) { $type($v) = 'object' ? $sift($v, function($x, $k) { $k in ${names} }) : {} }`;
  return `($pick := ${pick}; $merge([${parts.join(', ')}]))`;
}

/**
 * The states that would go on to the Succeed state end the run themselves, with the process output
 * (one state transition fewer): every state that has a `Next` may instead `End` with an `Output`.
 * A state's `Output` sees the variables as they were on entry, so a state that assigns a step's
 * variable ends with the output read with that step's new value bound first. Choice rules and
 * Catch targets keep the Succeed state (a Choice cannot end a run).
 */
function endInPlace(
  states: Record<string, State>,
  succeeded: string,
  output: string,
  vars: StepVariables,
): void {
  const fixed = (states[succeeded] as SucceedState).Output ?? {};
  for (const state of Object.values(states)) {
    if (!('Next' in state) || state.Next !== succeeded || state.Output !== undefined) continue;
    const rebound = Object.entries(state.Assign ?? {})
      .filter(([name, value]) => vars.stepOf(name) !== undefined && typeof value === 'string')
      .map(([name, value]) => `$${name} := (${templateBody(value as string)})`);
    delete state.Next;
    state.End = true;
    state.Output =
      rebound.length > 0 && output !== '{}' ? jsonata(`(${rebound.join('; ')}; ${output})`) : fixed;
  }
}

/** The JSONata of a `{% … %}` value, or the value as a JSON literal. */
function templateBody(value: string): string {
  const m = /^\{%([\s\S]*)%\}$/.exec(value);
  return m ? m[1].trim() : JSON.stringify(value);
}

const NUMERIC_TYPES = /^(int|integer|float|decimal|number|money)\b/i;
const BOOLEAN_TYPES = /^(bool|boolean)\b/i;

/** A default as written, typed by the input's type (numbers and booleans), else a string. */
function typedDefault(input: ProcessInputField): JsonValue {
  const raw = input.default ?? '';
  if (NUMERIC_TYPES.test(input.type) && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw);
  if (BOOLEAN_TYPES.test(input.type) && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

/** A best-effort `emits` event (retried; a failure to publish does not change the outcome). */
function emitEvent(scope: Scope, name: string, detailType: string, fields: string, next: string): void {
  const detail = `{'process': ${str(scope.env.workflow.name)}, 'execution': ${EXECUTION_REF}, 'status': ${fields}}`;
  scope.add(name, {
    Type: 'Task',
    Resource: RESOURCE.putEvents,
    Arguments: {
      Entries: [
        {
          Source: PLACEHOLDER.eventSource,
          EventBusName: PLACEHOLDER.eventBusName,
          DetailType: text(detailType),
          Detail: jsonata(detail),
        },
      ],
    },
    Retry: transientRetry(EVENTS_TRANSIENT_ERRORS),
    Catch: [{ ErrorEquals: ['States.ALL'], Next: next }],
    Next: next,
  });
  scope.env.iam.putEvents(name);
}

/** The start states first (StartAt leading), then the rest in emission order (deterministic). */
function orderStates<T>(states: Record<string, T>, start: readonly string[]): Record<string, T> {
  const ordered: Record<string, T> = {};
  for (const name of start) ordered[name] = states[name];
  for (const [name, state] of Object.entries(states)) if (!(name in ordered)) ordered[name] = state;
  return ordered;
}
