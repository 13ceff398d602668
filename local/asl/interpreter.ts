/**
 * Runs the states of one execution: the state loop, each state type, Retry/Catch, Assign/Output.
 * Transitions are counted as AWS bills Standard workflows: "Step Functions counts a state
 * transition each time a step of your workflow is executed ... including retries"
 * (https://aws.amazon.com/step-functions/pricing/; also "Retries are treated as state transitions"
 * in https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html). So: one
 * per state entered (states inside Parallel branches and Map iterations included) plus one per retry.
 */
import { parseRfc3339 } from '../../compiler/asl/rfc3339.ts';
import { EvaluationError, STATES_ERRORS, StatesError } from './errors.ts';
import type { HistoryEventType, Thread } from './history.ts';
import { assignVariables } from './limits.ts';
import type {
  Catcher,
  ChoiceState,
  CompiledMachine,
  CompiledState,
  FailState,
  MapState,
  ParallelState,
  Retrier,
  StateType,
  TaskState,
  WaitState,
} from './machine.ts';
import { runMapState } from './map-state.ts';
import { runParallelState } from './parallel-state.ts';
import { seedOf } from './random.ts';
import { errorMatches, retryDelayMs } from './retry.ts';
import type { Scope } from './scope.ts';
import type { Position } from './snapshot.ts';
import {
  checkPayloadSize,
  type InterpreterHost,
  integerField,
  type RunningExecution,
  type StateRunner,
  type StatesVar,
  type Step,
  stringField,
  type Visit,
} from './state-runner.ts';
import { runTaskState } from './task-state.ts';
import { evaluateTemplate, type Template } from './template.ts';

export type { InterpreterHost, RunningExecution } from './state-runner.ts';

export { MAX_PAYLOAD_BYTES } from './state-runner.ts';

/** The clock's time as ISO 8601; the last one is kept (the clock reads the same over many states). */
let lastIso: { ms: number; text: string } = { ms: Number.NaN, text: '' };
function isoTime(ms: number): string {
  if (lastIso.ms !== ms) lastIso = { ms, text: new Date(ms).toISOString() };
  return lastIso.text;
}

/** The event types, as constants: a type built per event was one more string each event kept. */
const ENTERED = {
  Task: 'TaskStateEntered',
  Pass: 'PassStateEntered',
  Choice: 'ChoiceStateEntered',
  Wait: 'WaitStateEntered',
  Parallel: 'ParallelStateEntered',
  Map: 'MapStateEntered',
  Succeed: 'SucceedStateEntered',
  Fail: 'FailStateEntered',
} as const satisfies Record<StateType, HistoryEventType>;
const EXITED = {
  Task: 'TaskStateExited',
  Pass: 'PassStateExited',
  Choice: 'ChoiceStateExited',
  Wait: 'WaitStateExited',
  Parallel: 'ParallelStateExited',
  Map: 'MapStateExited',
  Succeed: 'SucceedStateExited',
  Fail: 'FailStateExited',
} as const satisfies Record<StateType, HistoryEventType>;

export class Interpreter implements StateRunner {
  private readonly executionContext: Record<string, unknown>;
  private readonly stateMachineContext: Record<string, unknown>;
  readonly execution: { arn: string; name: string; stateMachineArn: string };
  readonly arnSeed: number;
  /** The last Task result whose payload size was checked. */
  private sized: unknown;

  constructor(
    readonly host: InterpreterHost,
    readonly exec: RunningExecution,
  ) {
    this.executionContext = {
      Id: exec.arn,
      Input: exec.input,
      Name: exec.name,
      RoleArn: exec.roleArn,
      StartTime: isoTime(exec.startTime),
      RedriveCount: exec.redriveCount ?? 0,
    };
    this.stateMachineContext = { Id: exec.stateMachineArn, Name: exec.stateMachineName };
    this.execution = { arn: exec.arn, name: exec.name, stateMachineArn: exec.stateMachineArn };
    this.arnSeed = seedOf(exec.arn);
  }

  /**
   * Runs a `{StartAt, States}` block to its end; throws `StatesError` or `Interrupt`. `resume`
   * carries on from a saved position (snapshot.ts) instead: that state is not entered again.
   * `from` starts at another state than StartAt, entering it with `from.input` (a redrive).
   */
  async runBlock(
    machine: CompiledMachine,
    input: unknown,
    scope: Scope,
    thread: Thread,
    signal: AbortSignal,
    resume?: Position,
    from?: { state: string; input: unknown },
  ): Promise<unknown> {
    let name = resume?.state ?? from?.state ?? machine.startAt;
    let value = resume ? resume.input : from ? from.input : input;
    let resuming = resume;
    for (;;) {
      if (signal.aborted) throw signal.reason;
      const state = machine.states.get(name);
      if (!state) throw new StatesError(STATES_ERRORS.runtime, `no state named "${name}"`);
      let entered: number;
      let enteredEventId: number;
      if (resuming) {
        entered = resuming.entered;
        enteredEventId = resuming.enteredEventId ?? 0;
      } else {
        this.exec.transitions++;
        entered = this.host.clock.now();
        enteredEventId = this.exec.history.add(thread, ENTERED[state.type], { name, input: value });
      }
      thread.at = { state: name, input: value, entered, enteredEventId };
      const visit: Visit = { input: value, scope, thread, signal, entered, enteredEventId, resume: resuming };
      resuming = undefined;
      let step: Step;
      try {
        const running = this.runState(state, visit);
        step = running instanceof Promise ? await running : running;
      } catch (error) {
        throw this.evaluationFailed(error, name, visit);
      }
      // The output of the state before, or a Task's result, was measured already (values are
      // never changed); a block's own input (a Map item, a branch's input) may not have been.
      if (!(step.output === value && value !== input) && step.output !== this.sized)
        checkPayloadSize(step.output, 'the output of state', name);
      this.exec.history.add(thread, EXITED[state.type], { name, output: step.output });
      if (step.next === undefined) return step.output;
      name = step.next;
      value = step.output;
    }
  }

  private runState(state: CompiledState, v: Visit): Step | Promise<Step> {
    const { input, scope, entered } = v;
    switch (state.type) {
      case 'Pass':
      case 'Succeed':
        return this.finish(state, scope, { input, context: this.context(state.name, entered, 0) }, input);
      case 'Choice':
        return this.choice(state, v);
      case 'Wait':
        return this.wait(state, v);
      case 'Fail':
        return this.fail(state, v);
      case 'Task':
      case 'Parallel':
      case 'Map':
        return this.withRetry(state, v);
      default: {
        const never: never = state;
        return never;
      }
    }
  }

  private context(name: string, entered: number, retryCount: number): StatesVar {
    return {
      Execution: this.executionContext,
      State: { EnteredTime: isoTime(entered), Name: name, RetryCount: retryCount },
      StateMachine: this.stateMachineContext,
    };
  }

  evaluationFailed(error: unknown, stateName: string, visit: Visit): unknown {
    if (!(error instanceof EvaluationError)) return error;
    const cause = `An error occurred while executing the state '${stateName}' (entered at the event id #${visit.enteredEventId}). ${error.cause}`;
    this.exec.history.add(visit.thread, 'EvaluationFailed', {
      error: error.error,
      cause,
      location: error.location,
      state: stateName,
    });
    return new StatesError(error.error, cause);
  }

  /** Variables and `$states`; the AWS functions are bound into the expressions at compile time. */
  bindings(scope: Scope, states: StatesVar): Record<string, unknown> {
    // A copy of a cached object that has the `states` key already: one map for every copy (a
    // spread followed by a new key gave each copy a map of its own in V8).
    const bindings = { ...scope.bindingsBase() };
    bindings.states = states;
    return bindings;
  }

  /**
   * Evaluates Output and Assign against the same (pre-state) variables, then applies the
   * assignments: new values are visible from the next state on.
   */
  private finish(
    fields: { output?: Template; assign?: Template; next?: string },
    scope: Scope,
    states: StatesVar,
    defaultOutput: unknown,
    next: string | undefined = fields.next,
    /** Where the fields sit when not on the state itself, e.g. `Choices[1]/`. */
    at = '',
  ): Step | Promise<Step> {
    if (!fields.output && !fields.assign) return { output: defaultOutput, next };
    const bindings = this.bindings(scope, states);
    // Synchronous unless jsonata evaluates (each await is a turn of the microtask queue); Output
    // is evaluated before Assign, as before ($uuid() and $random() draw in that order).
    const output = fields.output ? evaluateTemplate(fields.output, bindings, `${at}Output`) : defaultOutput;
    if (output instanceof Promise)
      return output.then((o) => this.assign(fields, scope, states, bindings, o, next, at));
    return this.assign(fields, scope, states, bindings, output, next, at);
  }

  private assign(
    fields: { assign?: Template },
    scope: Scope,
    states: StatesVar,
    bindings: Record<string, unknown>,
    output: unknown,
    next: string | undefined,
    at: string,
  ): Step | Promise<Step> {
    const values = fields.assign ? evaluateTemplate(fields.assign, bindings, `${at}Assign`) : undefined;
    if (values instanceof Promise)
      return values.then((v) => this.assigned(fields, scope, states, output, v, next));
    return this.assigned(fields, scope, states, output, values, next);
  }

  private assigned(
    fields: { assign?: Template },
    scope: Scope,
    states: StatesVar,
    output: unknown,
    values: unknown,
    next: string | undefined,
  ): Step {
    if (fields.assign) {
      assignVariables(
        scope,
        values as StatesVar,
        (states.context as { State?: { Name?: string } }).State?.Name ?? '?',
      );
    }
    return { output, next };
  }

  /** Synchronous while the conditions need no jsonata evaluation (then `choiceFrom` awaits). */
  private choice(state: ChoiceState, { input, scope, entered }: Visit): Step | Promise<Step> {
    const states = { input, context: this.context(state.name, entered, 0) };
    const bindings = this.bindings(scope, states);
    return this.choiceFrom(state, 0, input, scope, states, bindings);
  }

  private choiceFrom(
    state: ChoiceState,
    from: number,
    input: unknown,
    scope: Scope,
    states: StatesVar,
    bindings: Record<string, unknown>,
  ): Step | Promise<Step> {
    for (let i = from; i < state.choices.length; i++) {
      const rule = state.choices[i];
      const where = `Choices[${i}]/Condition`;
      const matched = evaluateTemplate(rule.condition, bindings, where);
      if (matched instanceof Promise) {
        return matched.then(
          (m) =>
            this.chosen(state, i, m, where, input, scope, states) ??
            this.choiceFrom(state, i + 1, input, scope, states, bindings),
        );
      }
      const step = this.chosen(state, i, matched, where, input, scope, states);
      if (step) return step;
    }
    if (state.default !== undefined) return this.finish(state, scope, states, input, state.default);
    throw new StatesError(
      STATES_ERRORS.noChoiceMatched,
      `No choice rule matched and state '${state.name}' has no Default`,
    );
  }

  /** The rule's step when its condition matched; undefined when it did not. */
  private chosen(
    state: ChoiceState,
    i: number,
    matched: unknown,
    where: string,
    input: unknown,
    scope: Scope,
    states: StatesVar,
  ): Step | Promise<Step> | undefined {
    if (typeof matched !== 'boolean') {
      throw new EvaluationError(
        `The Condition of a choice rule in state '${state.name}' must evaluate to a boolean, got ${JSON.stringify(matched)}`,
        where,
      );
    }
    if (!matched) return undefined;
    const rule = state.choices[i];
    // A rule's own Output/Assign replace the state's (floci's AWS measurements name them
    // `Choices[i]/Output/…`, https://github.com/floci-io/floci/pull/2689).
    const fields = { output: rule.output ?? state.output, assign: rule.assign ?? state.assign };
    const at = rule.output || rule.assign ? `Choices[${i}]/` : '';
    return this.finish(fields, scope, states, input, rule.next, at);
  }

  private async wait(
    state: WaitState,
    { input, scope, thread, signal, entered, resume }: Visit,
  ): Promise<Step> {
    const states = { input, context: this.context(state.name, entered, 0) };
    const bindings = this.bindings(scope, states);
    let ms: number;
    if (resume?.wait) {
      ms = Math.max(0, resume.wait.until - this.host.clock.now());
    } else if (state.seconds) {
      ms = (await integerField(state.seconds, bindings, 'Seconds', 0)) * 1000;
    } else {
      const ts = state.timestamp ? await evaluateTemplate(state.timestamp, bindings, 'Timestamp') : undefined;
      const at = typeof ts === 'string' ? parseRfc3339(ts) : undefined;
      if (at === undefined) {
        throw new EvaluationError(
          `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${typeof ts === 'string' ? ts : JSON.stringify(ts)}`,
          'Timestamp',
        );
      }
      ms = Math.max(0, at - this.host.clock.now());
    }
    if (thread.at) thread.at.wait = { until: this.host.clock.now() + ms };
    await this.host.clock.sleep(ms, signal);
    return this.finish(state, scope, states, input);
  }

  private async fail(state: FailState, { input, scope, entered }: Visit): Promise<never> {
    const bindings = this.bindings(scope, { input, context: this.context(state.name, entered, 0) });
    const error = state.error ? await stringField(state.error, bindings, 'Error') : '';
    const cause = state.cause ? await stringField(state.cause, bindings, 'Cause') : undefined;
    throw new StatesError(error, cause);
  }

  /**
   * Runs the state's `work` under its retriers and catchers. The first attempt has no async frame of
   * its own (most visits succeed at once); an error goes on in `retried`.
   */
  private withRetry(state: TaskState | ParallelState | MapState, visit: Visit): Promise<Step> {
    const context = this.context(state.name, visit.entered, 0);
    let first: Promise<unknown>;
    try {
      first = this.work(state, visit, context);
    } catch (error) {
      return this.retried(state, visit, error, context);
    }
    return first.then(
      (result) => this.attempted(state, visit, result, context),
      (error: unknown) => this.retried(state, visit, error, context),
    );
  }

  /**
   * One attempt of the state's work (a method, not a closure per visit). A resumed task
   * (snapshot.ts) waits for its saved answer on the first attempt only; a retry calls the
   * integration again.
   */
  private work(
    state: TaskState | ParallelState | MapState,
    visit: Visit,
    context: StatesVar,
    retry = false,
  ): Promise<unknown> {
    switch (state.type) {
      case 'Task':
        return runTaskState(
          this,
          state,
          retry && visit.resume ? { ...visit, resume: undefined } : visit,
          context,
        );
      case 'Parallel':
        return runParallelState(this, state, visit, context);
      case 'Map':
        return runMapState(this, state, visit, context);
    }
  }

  /** The state's Output and Assign after a successful first attempt (their errors are caught too). */
  private attempted(
    state: TaskState | ParallelState | MapState,
    visit: Visit,
    result: unknown,
    context: StatesVar,
  ): Step | Promise<Step> {
    // A Task's result was measured (task-state.ts): not again as the state's output.
    if (state.type === 'Task') this.sized = result;
    let step: Step | Promise<Step>;
    try {
      step = this.finish(state, visit.scope, { input: visit.input, result, context }, result);
    } catch (error) {
      return this.retried(state, visit, error, context);
    }
    return step instanceof Promise
      ? step.catch((error: unknown) => this.retried(state, visit, error, context))
      : step;
  }

  /** Retries and catchers, from the error of the first attempt on. */
  private async retried(
    state: TaskState | ParallelState | MapState,
    visit: Visit,
    firstError: unknown,
    firstContext: StatesVar,
  ): Promise<Step> {
    const { input, scope, signal, entered } = visit;
    // Per the AWS "complex retry scenarios" example, a retrier's interval grows with all the retries
    // it made, while MaxAttempts limits the retries of each error name it matched.
    const used = state.retry.map(() => 0);
    const usedByError = new Map<string, number>();
    let failure = firstError;
    let context = firstContext;
    for (let retryCount = 1; ; retryCount++) {
      if (!(failure instanceof StatesError)) throw failure;
      const error = this.evaluationFailed(failure, state.name, visit) as StatesError;
      const index = state.retry.findIndex((r) => errorMatches(r.errorEquals, error.error));
      const retrier: Retrier | undefined = state.retry[index];
      const key = `${index}\u0000${error.error}`;
      if (!retrier || (usedByError.get(key) ?? 0) >= retrier.maxAttempts) {
        const catcher = state.catch.find((c) => errorMatches(c.errorEquals, error.error));
        if (!catcher) throw error;
        return this.caught(catcher, input, scope, context, error);
      }
      const delay = retryDelayMs(retrier, used[index], this.host.random);
      used[index]++;
      usedByError.set(key, (usedByError.get(key) ?? 0) + 1);
      await this.host.clock.sleep(delay, signal);
      this.exec.transitions++;
      context = this.context(state.name, entered, retryCount);
      try {
        const result = await this.work(state, visit, context, true);
        if (state.type === 'Task') this.sized = result;
        const step = this.finish(state, scope, { input, result, context }, result);
        return step instanceof Promise ? await step : step;
      } catch (e) {
        failure = e;
      }
    }
  }

  private caught(
    catcher: Catcher,
    input: unknown,
    scope: Scope,
    context: StatesVar,
    error: StatesError,
  ): Step | Promise<Step> {
    const errorOutput = error.toErrorOutput();
    const states = { input, errorOutput, context };
    return this.finish(catcher, scope, states, errorOutput);
  }
}
