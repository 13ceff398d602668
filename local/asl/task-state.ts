/** The Task state: the integration call under TimeoutSeconds, HeartbeatSeconds and task tokens. */
import type { TimerHandle } from './clock.ts';
import { STATES_ERRORS, StatesError } from './errors.ts';
import type { Recipe, Thread } from './history.ts';
import {
  type CallSink,
  callIntegrationInto,
  type IntegrationCall,
  type TaskTokenWait,
} from './integrations/call.ts';
import { type AbortListener, Interrupt, offAbort, onAbort } from './interrupt.ts';
import type { TaskState } from './machine.ts';
import { seedOf } from './random.ts';
import { type HistoryResource, historyResource, type TaskResource } from './resources.ts';
import {
  checkPayloadSize,
  integerField,
  type StateRunner,
  type StatesVar,
  type Visit,
} from './state-runner.ts';
import { evaluateTemplate } from './template.ts';

/**
 * Runs a Task state's work: Arguments, TimeoutSeconds and HeartbeatSeconds evaluated (in that
 * order), the Scheduled/Started events, the integration call under its timers, the
 * Succeeded/Failed event. Without a jsonata evaluation it is synchronous up to the call, and one
 * promise settles with the task's result (its events recorded): a Task is a few promise steps.
 */
export function runTaskState(
  r: StateRunner,
  state: TaskState,
  visit: Visit,
  context: StatesVar,
): Promise<unknown> {
  const { input, scope, resume } = visit;
  // Resumed from a snapshot while waiting for its answer: the same token, the integration not called again.
  const waiting = state.resource.pattern === 'waitForTaskToken' ? resume?.task : undefined;
  const token =
    state.resource.pattern === 'waitForTaskToken'
      ? r.host.openTaskToken(r.exec.arn, waiting?.token)
      : undefined;
  let bindings: Record<string, unknown> | undefined;
  let args: unknown;
  let timeout: unknown = NOT_YET;
  let heartbeat: unknown = NOT_YET;
  try {
    const states = { input, context: token ? { ...context, Task: { Token: token.token } } : context };
    bindings = r.bindings(scope, states);
    args = state.arguments ? evaluateTemplate(state.arguments, bindings, 'Arguments') : input;
    if (!(args instanceof Promise)) {
      // AWS: "after Parameters processing, the input of a state is larger than the payload size
      // quota" is States.DataLimitExceeded ("Handling errors in Step Functions workflows").
      checkPayloadSize(args, 'the input of task', state.name);
      timeout = state.timeoutSeconds && integerField(state.timeoutSeconds, bindings, 'TimeoutSeconds', 1);
      if (!(timeout instanceof Promise)) {
        heartbeat =
          state.heartbeatSeconds && integerField(state.heartbeatSeconds, bindings, 'HeartbeatSeconds', 1);
        if (!(heartbeat instanceof Promise))
          return startTask(r, state, visit, args, timeout as number, heartbeat as number, waiting, token);
      }
    }
  } catch (error) {
    token?.close();
    return Promise.reject(error);
  }
  return evaluatedSlowly(r, state, visit, bindings, args, timeout, heartbeat, waiting, token);
}

/** Not evaluated yet (see `evaluatedSlowly`). */
const NOT_YET: unique symbol = Symbol('not yet');

/** `runTaskState` once a jsonata evaluation is involved: the rest awaited in the same order. */
async function evaluatedSlowly(
  r: StateRunner,
  state: TaskState,
  visit: Visit,
  bindings: Record<string, unknown>,
  args: unknown,
  timeout: unknown,
  heartbeat: unknown,
  waiting: { token: string; started: number } | undefined,
  token: TaskTokenWait | undefined,
): Promise<unknown> {
  try {
    if (args instanceof Promise) {
      args = await args;
      checkPayloadSize(args, 'the input of task', state.name);
    }
    if (timeout === NOT_YET)
      timeout = state.timeoutSeconds && integerField(state.timeoutSeconds, bindings, 'TimeoutSeconds', 1);
    if (timeout instanceof Promise) timeout = await timeout;
    if (heartbeat === NOT_YET)
      heartbeat =
        state.heartbeatSeconds && integerField(state.heartbeatSeconds, bindings, 'HeartbeatSeconds', 1);
    if (heartbeat instanceof Promise) heartbeat = await heartbeat;
  } catch (error) {
    token?.close();
    throw error;
  }
  return startTask(r, state, visit, args, timeout as number, heartbeat as number, waiting, token);
}

/** Records the task scheduled and started, and runs it: the promise of its result. */
function startTask(
  r: StateRunner,
  state: TaskState,
  { thread, signal }: Visit,
  args: unknown,
  timeout: number | undefined,
  heartbeat: number | undefined,
  waiting: { token: string; started: number } | undefined,
  token: TaskTokenWait | undefined,
): Promise<unknown> {
  const legacy = state.resource.action === 'function';
  const res = legacy ? undefined : historyResource(state.resource);
  // The function-ARN Resource has its own events: LambdaFunctionScheduled, …Started, …Succeeded
  // (recorded on AWS: test/local/asl/aws-recorded, test_arguments BASE_LAMBDA_EMPTY).
  const events = legacy ? LAMBDA_FUNCTION_EVENTS : TASK_EVENTS;
  // A resumed task (snapshot.ts) was scheduled and started before the restart.
  let scheduledId = 0;
  if (!waiting) {
    scheduledId = r.exec.history.add(
      thread,
      events.scheduled,
      res === undefined
        ? { resource: state.resourceArn, input: args, timeoutInSeconds: timeout || undefined }
        : {
            resourceType: res.resourceType,
            resource: res.resource,
            region: r.host.region,
            parameters: args,
            timeoutInSeconds: timeout || undefined,
            heartbeatInSeconds: heartbeat || undefined,
          },
    );
    r.exec.history.add(thread, events.started, res ?? NO_DETAILS);
  }
  const started = waiting?.started ?? r.host.clock.now();
  if (token && thread.at) thread.at.task = { token: token.token, started };
  const run = new TaskRun(
    r,
    state,
    args,
    signal,
    token,
    timeout || undefined,
    thread,
    // seedOf(`${arn}#${id}`), without building that text for every Task.
    seedOf(`#${scheduledId}`, r.arnSeed),
    waiting ? { since: started } : undefined,
    res,
    events,
  );
  // The promise's resolving functions taken by a shared executor (no closure per Task).
  const promise = new Promise(capture);
  run.resolve = captured.resolve;
  run.reject = captured.reject;
  try {
    run.start(heartbeat || undefined);
  } catch (error) {
    run.reject(error);
  }
  return promise;
}

/** The resolving functions of the promise `capture` was last the executor of. */
const captured: { resolve: (value: unknown) => void; reject: (error: unknown) => void } = {
  resolve: ignore,
  reject: ignore,
};

function capture(resolve: (value: unknown) => void, reject: (error: unknown) => void): void {
  captured.resolve = resolve;
  captured.reject = reject;
}

/**
 * History details are built with one literal shape each, never by spreading: a spread followed by
 * more keys gave each event's details a map of its own in V8 (two per Task, kept by the history).
 */
const NO_DETAILS: Record<string, unknown> = {};

const TASK_EVENTS = {
  scheduled: 'TaskScheduled',
  started: 'TaskStarted',
  succeeded: 'TaskSucceeded',
  failed: 'TaskFailed',
  timedOut: 'TaskTimedOut',
} as const;

const LAMBDA_FUNCTION_EVENTS = {
  scheduled: 'LambdaFunctionScheduled',
  started: 'LambdaFunctionStarted',
  succeeded: 'LambdaFunctionSucceeded',
  failed: 'LambdaFunctionFailed',
  timedOut: 'LambdaFunctionTimedOut',
} as const;

/**
 * The integration call raced against TimeoutSeconds, HeartbeatSeconds and the abort signal, and
 * the task's closing event. One object per call that is also the call's `IntegrationCall` and its
 * abort listener: a run of many short tasks allocates little per task (each closure, promise and
 * timer was a cost per Task).
 */
class TaskRun implements IntegrationCall, AbortListener, CallSink {
  readonly timeoutMs: number | undefined;
  private readonly started: number;
  /** The integration's own signal, created only if it asks for it (see `signal`). */
  private controller: AbortController | undefined;
  private ended = false;
  /** Links of the abort listener list (interrupt.ts). */
  abortPrev: AbortListener | undefined = undefined;
  abortNext: AbortListener | undefined = undefined;
  /** The result, when the integration bounded its size already (`sized`). */
  private presized: unknown;
  private timer: TimerHandle | undefined;
  private heartbeatTimer: TimerHandle | undefined;
  resolve: (value: unknown) => void = ignore;
  reject: (error: unknown) => void = ignore;

  constructor(
    private readonly r: StateRunner,
    private readonly state: TaskState,
    readonly args: unknown,
    private readonly outer: AbortSignal,
    readonly token: TaskTokenWait | undefined,
    private readonly timeoutSeconds: number | undefined,
    private readonly thread: Thread,
    readonly requestSeed: number,
    private readonly resumed: { since: number } | undefined,
    private readonly res: HistoryResource | undefined,
    private readonly events: typeof TASK_EVENTS | typeof LAMBDA_FUNCTION_EVENTS,
  ) {
    const now = r.host.clock.now();
    this.started = resumed?.since ?? now;
    this.timeoutMs = timeoutSeconds ? timeoutSeconds * 1000 - (now - this.started) : undefined;
  }

  // Read from the state and the runner (not copied into every task).
  get resource(): TaskResource {
    return this.state.resource;
  }

  get execution(): IntegrationCall['execution'] {
    return this.r.execution;
  }

  get stateName(): string {
    return this.state.name;
  }

  start(heartbeatSeconds?: number) {
    const { timeoutSeconds, token, outer } = this;
    const clock = this.r.host.clock;
    if (timeoutSeconds) {
      this.timer = clock.setTimer(this.timeoutMs ?? 0, () =>
        this.fail(
          new StatesError(
            STATES_ERRORS.timeout,
            `Task '${this.state.name}' timed out after ${timeoutSeconds} seconds`,
          ),
        ),
      );
    }
    if (heartbeatSeconds && token) {
      const message = `Task '${this.state.name}' received no heartbeat for ${heartbeatSeconds} seconds`;
      const arm = () => {
        this.heartbeatTimer?.cancel();
        this.heartbeatTimer = clock.setTimer(heartbeatSeconds * 1000, () =>
          this.fail(new StatesError(STATES_ERRORS.heartbeatTimeout, message)),
        );
      };
      arm();
      token.onHeartbeat(arm);
    }
    if (outer.aborted) {
      this.fail(outer.reason);
      return;
    }
    onAbort(outer, this);
    if (this.resumed && token)
      token.result.then(
        (value) => this.succeed(value),
        (error: unknown) => this.fail(error),
      );
    // Never throws: a failure comes to `fail`.
    else callIntegrationInto(this.r.host, this, this);
  }

  /** The enclosing scope aborted (an `EventListener` object: no closure per task). */
  handleEvent(): void {
    this.fail(this.outer.reason);
  }

  /**
   * The integration's signal: aborted when the task ends without its result (timeout, heartbeat,
   * execution stopped, sibling failed).
   */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.ended) this.controller.abort(Interrupt.siblingFailed);
    }
    return this.controller.signal;
  }

  rebuildable(value: object, recipe: Recipe): void {
    this.r.exec.history.rebuildable(value, recipe);
  }

  sized(value: unknown): void {
    this.presized = value;
  }

  onSubmitted(output: unknown): void {
    const res = historyResource(this.state.resource);
    this.r.exec.history.add(this.thread, 'TaskSubmitted', {
      resourceType: res.resourceType,
      resource: res.resource,
      output,
    });
  }

  succeed(value: unknown): void {
    if (this.ended) return;
    this.end();
    try {
      if (value !== this.presized || value === undefined)
        checkPayloadSize(value, 'the result of task', this.state.name);
    } catch (error) {
      this.failed(error);
      return;
    }
    const res = this.res;
    this.r.exec.history.add(
      this.thread,
      this.events.succeeded,
      res === undefined
        ? { output: value }
        : { resourceType: res.resourceType, resource: res.resource, output: value },
    );
    this.token?.close();
    this.resolve(value);
  }

  fail(error: unknown): void {
    if (this.ended) return;
    this.end();
    this.controller?.abort(Interrupt.siblingFailed);
    this.failed(error);
  }

  /** Records the failure (a States error: timed out or failed) and rejects. */
  private failed(e: unknown): void {
    if (e instanceof StatesError) {
      const timedOut = e.error === STATES_ERRORS.timeout || e.error === STATES_ERRORS.heartbeatTimeout;
      const res = this.res;
      this.r.exec.history.add(
        this.thread,
        timedOut ? this.events.timedOut : this.events.failed,
        res === undefined
          ? { error: e.error, cause: e.cause }
          : { resourceType: res.resourceType, resource: res.resource, error: e.error, cause: e.cause },
      );
    }
    this.token?.close();
    this.reject(e);
  }

  private end(): void {
    this.ended = true;
    this.timer?.cancel();
    this.heartbeatTimer?.cancel();
    offAbort(this.outer, this);
  }
}

function ignore(): void {}
