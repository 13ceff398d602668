import { PLACEHOLDER } from '../../contracts/runtime.ts';
import { DEFAULTS } from '../../ir/types.ts';
import type { CompensationPlan } from '../../plan/index.ts';
import { LAMBDA_TRANSIENT_ERRORS, retriers } from './retry.ts';
import { isLinear, type Scope } from './scope.ts';
import { EXECUTION_REF, lambdaArgs, RESOURCE } from './task.ts';
import {
  type Catcher,
  type JsonObject,
  type JsonValue,
  jsonata,
  type MapState,
  type State,
  str,
} from './types.ts';

/**
 * Runs saga compensations: a Map with MaxConcurrency 1 over the records (already in the order to
 * run them), each record `{compensation, step, input}` calling its compensation's service with its
 * own timeout and retry. A compensation that still fails is recorded (`status: failed`) and the
 * rest still run; the Map's result is the list of `{compensation, step, status, error?, cause?}`.
 */
export function emitCompensationRun(
  scope: Scope,
  name: string,
  items: string,
  compensations: readonly CompensationPlan[],
  after: { Next: string } | { End: true },
  fields: { Assign?: JsonObject; Output?: JsonValue },
): string {
  const names = scope.env.names;
  const states: Record<string, State> = {};
  const add = (state: string, value: State): string => {
    if (!names.claim(state)) throw new Error(`state name emitted twice: ${state}`);
    states[state] = value;
    return state;
  };
  const entries = compensations.map((c) => emitOne(scope, name, c, add));
  let startAt = entries[0];
  if (compensations.length > 1) {
    // Two words: a compensation name (one identifier) cannot produce it.
    startAt = add(names.aux(name, 'by compensation'), {
      Type: 'Choice',
      Choices: compensations.map((c, i) => ({
        Condition: jsonata(`$states.input.record.compensation = ${str(c.name)}`),
        Next: entries[i],
      })),
      Default: entries[0],
    });
  }
  const map: MapState = {
    Type: 'Map',
    Items: scope.t(items),
    ItemSelector: {
      record: jsonata('$states.context.Map.Item.Value'),
      context: scope.t(scope.contextBody()),
    },
    MaxConcurrency: 1,
    ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: startAt, States: states },
    ...fields,
    Catch: [{ ErrorEquals: ['States.ALL'], ...nextOf(after), Output: jsonata('$states.input') } as Catcher],
    ...after,
  };
  return scope.add(name, map);
}

function nextOf(after: { Next: string } | { End: true }): { Next: string } {
  // A Catch needs a state; compensation runs always have a following state.
  if ('Next' in after) return after;
  throw new Error('compensation run must be followed by a state');
}

function emitOne(
  scope: Scope,
  run: string,
  c: CompensationPlan,
  add: (name: string, state: State) => string,
): string {
  const names = scope.env.names;
  const task = names.aux(run, c.name);
  const failed = names.aux(run, `${c.name} failed`);
  const fn = PLACEHOLDER.serviceFunction(c.service);
  const retry = c.retry ?? DEFAULTS.retry;
  const payload = `{'process': ${str(scope.env.workflow.name)}, 'step': $states.input.record.step, 'execution': ${EXECUTION_REF}, 'input': $states.input.record.input, 'context': $states.input.context}`;
  const base = `'compensation': ${str(c.name)}, 'step': $states.input.record.step`;
  const linear = isLinear(retry);
  add(task, {
    Type: 'Task',
    Resource: RESOURCE.lambdaInvoke,
    Arguments: lambdaArgs(fn, jsonata(payload)),
    TimeoutSeconds: c.timeoutSeconds,
    Output: jsonata(`{${base}, 'status': 'compensated'}`),
    ...(linear ? {} : { Retry: retriers(retry, LAMBDA_TRANSIENT_ERRORS) }),
    Catch: [
      {
        ErrorEquals: ['States.ALL'],
        Next: linear ? names.aux(run, `${c.name} retry`) : failed,
        Output: jsonata(
          `$merge([$states.input, {'error': $states.errorOutput.Error, 'cause': $states.errorOutput.Cause, 'attempt': ($exists($states.input.attempt) ? $states.input.attempt : 0) + 1}])`,
        ),
      },
    ],
    End: true,
  });
  if (linear) {
    // Same loop as a step's linear retry (see retry.ts), counting in the item's `attempt`.
    const wait = names.aux(run, `${c.name} retry wait`);
    const interval = Math.max(1, Math.round(retry.initial_interval_seconds));
    const cap = Math.max(interval, Math.round(retry.max_interval_seconds));
    add(names.aux(run, `${c.name} retry`), {
      Type: 'Choice',
      Choices: [{ Condition: jsonata(`$states.input.attempt >= ${retry.max_attempts}`), Next: failed }],
      Default: wait,
    });
    add(wait, {
      Type: 'Wait',
      Seconds: jsonata(`$min([${interval} * $states.input.attempt, ${cap}])`),
      Next: task,
    });
  }
  add(failed, {
    Type: 'Pass',
    Output: jsonata(
      `{${base}, 'status': 'failed', 'error': $states.input.error, 'cause': $states.input.cause}`,
    ),
    End: true,
  });
  scope.env.iam.invokeLambda(task, fn);
  return task;
}
