/**
 * The Map state: INLINE iterations in child variable scopes; DISTRIBUTED iterations as child
 * executions (no outer variables), with ToleratedFailureCount / ToleratedFailurePercentage.
 */
import { EvaluationError, STATES_ERRORS, StatesError } from './errors.ts';
import type { Thread } from './history.ts';
import { childController, Interrupt } from './interrupt.ts';
import type { MapState } from './machine.ts';
import { Scope } from './scope.ts';
import type { Visit } from './state-runner.ts';
import { integerField, type StateRunner, type StatesVar } from './state-runner.ts';
import { evaluateTemplate } from './template.ts';

export async function runMapState(
  r: StateRunner,
  state: MapState,
  visit: Visit,
  context: StatesVar,
): Promise<unknown> {
  const { input, scope, thread, signal } = visit;
  const bindings = r.bindings(scope, { input, context });
  let items: unknown[];
  let maxConcurrency: number;
  let tolerance: { percentage: number; count: number };
  try {
    items = await mapItems(state, bindings, input);
    maxConcurrency = state.maxConcurrency
      ? await integerField(state.maxConcurrency, bindings, 'MaxConcurrency', 0)
      : 0;
    tolerance = await toleratedFailures(state, bindings);
  } catch (error) {
    // AWS: EvaluationFailed, then MapStateFailed, though the Map never started (recorded in
    // test/local/asl/aws-recorded, test_map_state_items_eval_jsonata_fail).
    const failed = r.evaluationFailed(error, state.name, visit);
    r.exec.history.add(thread, 'MapStateFailed');
    throw failed;
  }
  r.exec.history.add(thread, 'MapStateStarted', { length: items.length });
  const results: unknown[] = new Array(items.length).fill(null);
  const { controller, dispose } = childController(signal);
  let failure: unknown;
  let failed = 0;
  let next = 0;
  const worker = async () => {
    while (next < items.length && !controller.signal.aborted) {
      const index = next++;
      try {
        results[index] = await iteration(
          r,
          state,
          index,
          items[index],
          input,
          context,
          scope,
          thread,
          controller.signal,
        );
      } catch (caught) {
        let e = caught;
        if (state.mode === 'DISTRIBUTED' && e instanceof StatesError) {
          failed++;
          results[index] = e.toErrorOutput();
          if (failed <= tolerance.count && (failed / items.length) * 100 <= tolerance.percentage) continue;
          e = new StatesError(
            STATES_ERRORS.exceedToleratedFailureThreshold,
            `The number of failed items (${failed} of ${items.length}) exceeds the tolerated failure threshold of Map state '${state.name}'`,
          );
        }
        if (failure === undefined) failure = e;
        if (!controller.signal.aborted) controller.abort(Interrupt.siblingFailed);
        return;
      }
    }
  };
  const workers = maxConcurrency > 0 ? Math.min(maxConcurrency, items.length) : items.length;
  try {
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    dispose();
  }
  if (signal.aborted) throw signal.reason;
  if (failure !== undefined) {
    r.exec.history.add(thread, 'MapStateFailed');
    throw failure;
  }
  r.exec.history.add(thread, 'MapStateSucceeded');
  return results;
}

/** The items to iterate, with AWS's wording when they are not an array. */
async function mapItems(
  state: MapState,
  bindings: Record<string, unknown>,
  input: unknown,
): Promise<unknown[]> {
  if (!state.items) {
    if (!Array.isArray(input)) {
      throw new EvaluationError(`Map state input must be an array but was: ${JSON.stringify(input)}`);
    }
    return input;
  }
  const items = await evaluateTemplate(state.items, bindings, 'Items');
  if (!Array.isArray(items)) {
    const source = state.items.kind === 'expr' ? state.items.source : JSON.stringify(items);
    const type = items === null ? 'null' : typeof items;
    throw new EvaluationError(
      `The JSONata expression '${source}' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '${type}' for value: ${JSON.stringify(items)}`,
      'Items',
    );
  }
  return items;
}

async function toleratedFailures(state: MapState, bindings: Record<string, unknown>) {
  const percentage = state.toleratedFailurePercentage
    ? Number(await evaluateTemplate(state.toleratedFailurePercentage, bindings, 'ToleratedFailurePercentage'))
    : 0;
  const count = state.toleratedFailureCount
    ? Number(await evaluateTemplate(state.toleratedFailureCount, bindings, 'ToleratedFailureCount'))
    : 0;
  if (!(percentage >= 0 && percentage <= 100) || !(count >= 0)) {
    throw new StatesError(
      STATES_ERRORS.queryEvaluationError,
      `Map state '${state.name}': ToleratedFailurePercentage must be 0–100 and ToleratedFailureCount ≥ 0`,
    );
  }
  // With only one of the two set, the other does not limit.
  const both = state.toleratedFailurePercentage !== undefined || state.toleratedFailureCount !== undefined;
  return {
    percentage: state.toleratedFailurePercentage === undefined && both ? 100 : percentage,
    count: state.toleratedFailureCount === undefined && both ? Number.POSITIVE_INFINITY : count,
  };
}

async function iteration(
  r: StateRunner,
  state: MapState,
  index: number,
  value: unknown,
  mapInput: unknown,
  context: StatesVar,
  scope: Scope,
  thread: Thread,
  signal: AbortSignal,
): Promise<unknown> {
  const itemInput = state.itemSelector
    ? await evaluateTemplate(
        state.itemSelector,
        r.bindings(scope, {
          input: mapInput,
          context: { ...context, Map: { Item: { Index: index, Value: value } } },
        }),
        'ItemSelector',
      )
    : value;
  const t = { last: thread.last };
  r.exec.history.add(t, 'MapIterationStarted', { name: state.name, index });
  try {
    const output =
      state.mode === 'INLINE'
        ? await r.runBlock(state.processor, itemInput, new Scope(scope), t, signal)
        : await r.host.runMapIteration(r.exec, state, index, itemInput, signal);
    r.exec.history.add(t, 'MapIterationSucceeded', { name: state.name, index });
    return output;
  } catch (e) {
    r.exec.history.add(t, e instanceof Interrupt ? 'MapIterationAborted' : 'MapIterationFailed', {
      name: state.name,
      index,
    });
    throw e;
  }
}
