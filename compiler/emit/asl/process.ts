import { PLACEHOLDER } from '../../contracts/runtime.ts';
import type { Diagnostic, Location } from '../../diagnostics/diagnostic.ts';
import type { SourceMap } from '../../ir/locations.ts';
import type { ProcessInputField } from '../../ir/types.ts';
import type { FlowPlan } from '../../plan/index.ts';
import { emitCompensationRun } from './compensation.ts';
import { WorkflowExpressions } from './expressions.ts';
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
  type StateMachineDefinition,
  str,
  text,
} from './types.ts';

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

/**
 * One workflow's state machine:
 *   [Start check input] → Start init → [Lock acquire …] → [Emit started] → steps…
 *   success: [Success release lock] → [Emit completed] → Process succeeded
 *   failure: [Failure compensate] → [Failure release lock] → [Emit failed] → Process failed
 * (bracketed states only when the process needs them).
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
  const env: EmitEnv = {
    workflow,
    plan,
    names,
    expr: new WorkflowExpressions(workflow, sourceMap, fallback, diagnostics),
    iam: new IamCollector(),
    diagnostics,
    successEntry,
    failureEntry,
    emitNested: emitScopeSteps,
  };
  const scope = new Scope(env, plan.root, workflow.name, false, false);
  const firstStep = plan.root.steps[0] ? names.step(plan.root.steps[0].step.name) : successEntry;

  // Start.
  const afterLock = events.on_start ? N.emitStarted : firstStep;
  const required = workflow.inputs.filter((i) => i.required).map((i) => i.name);
  if (required.length > 0) {
    const missing = `[${required.map(str).join(', ')}][($v := $lookup($states.input.input, $); $not($exists($v)) or $type($v) = 'null')]`;
    scope.add(N.checkInput, {
      Type: 'Choice',
      Choices: [{ Condition: jsonata(`$count(${missing}) > 0`), Next: N.invalidInput }],
      Default: N.init,
    });
    scope.add(N.invalidInput, {
      Type: 'Fail',
      Error: 'Process.InvalidInput',
      Cause: jsonata(`'missing required input: ' & $join(${missing}, ', ')`),
    });
  }
  const initNext = locked ? names.aux('', 'Lock acquire') : afterLock;
  scope.add(N.init, { Type: 'Pass', Assign: initialVariables(plan), Next: initNext });
  if (workflow.overlap !== 'allow')
    emitLockAcquire(scope, workflow.overlap, afterLock, workflow.timeoutSeconds);
  if (events.on_start) {
    emitEvent(
      scope,
      N.emitStarted,
      events.on_start,
      "'started', 'input': $input, 'trigger': $trigger",
      firstStep,
    );
  }

  emitScopeSteps(scope);

  // Success.
  const output = workflow.outputs.length > 0 ? '$outputs' : '$steps';
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
  scope.add(N.succeeded, { Type: 'Succeed', Output: jsonata(output) });

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

  const startAt = required.length > 0 ? N.checkInput : N.init;
  const body = withoutUnreachable({ StartAt: startAt, States: orderStates(scope.states, startAt) });
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
  const kept = stateNames(body);
  return { definition, iam: env.iam.list().filter((s) => kept.has(s.state)), diagnostics };
}

/** The variables every execution starts with. */
function initialVariables(plan: FlowPlan): JsonObject {
  const workflow = plan.workflow;
  const defaults = Object.fromEntries(
    workflow.inputs.filter((i) => i.default !== undefined).map((i) => [i.name, typedDefault(i)]),
  );
  const assign: JsonObject = {
    input: jsonata(
      `$merge([${lit(defaults)}, $type($states.input.input) = 'object' ? $states.input.input : {}])`,
    ),
    trigger: jsonata("$type($states.input.trigger) = 'object' ? $states.input.trigger : {}"),
    steps: {},
    completed: [],
    outputs: {},
    failure: null,
  };
  if (plan.compensations.length > 0) assign.compensations = [];
  for (const s of plan.root.steps) if (isLinear(s.step.retry)) assign[attemptVariable(s.step.name)] = 0;
  return assign;
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

/** Start states first, then in emission order (already deterministic); StartAt leads. */
function orderStates<T>(states: Record<string, T>, startAt: string): Record<string, T> {
  // StartAt is the first state emitted, so the states are normally in order already: no copy.
  for (const first in states) {
    if (first === startAt) return states;
    break;
  }
  const ordered: Record<string, T> = {};
  if (startAt in states) ordered[startAt] = states[startAt];
  for (const [k, v] of Object.entries(states)) if (!(k in ordered)) ordered[k] = v;
  return ordered;
}
