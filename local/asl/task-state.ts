/** The Task state: the integration call under TimeoutSeconds, HeartbeatSeconds and task tokens. */
import type { Clock, TimerHandle } from './clock.ts';
import { STATES_ERRORS, StatesError } from './errors.ts';
import type { Recipe, Thread } from './history.ts';
import { callIntegration, type IntegrationCall, type TaskTokenWait } from './integrations/call.ts';
import { Interrupt } from './interrupt.ts';
import type { TaskState } from './machine.ts';
import { seedGoingOn } from './random.ts';
import { historyResource, type TaskResource } from './resources.ts';
import {
  checkPayloadSize,
  integerField,
  type StateRunner,
  type StatesVar,
  type Visit,
} from './state-runner.ts';
import { evaluateTemplate } from './template.ts';

export async function runTaskState(
  r: StateRunner,
  state: TaskState,
  { input, scope, thread, signal, resume }: Visit,
  context: StatesVar,
): Promise<unknown> {
  // Resumed from a snapshot while waiting for its answer: the same token, the integration not called again.
  const waiting = state.resource.pattern === 'waitForTaskToken' ? resume?.task : undefined;
  const token =
    state.resource.pattern === 'waitForTaskToken'
      ? r.host.openTaskToken(r.exec.arn, waiting?.token)
      : undefined;
  try {
    const states = { input, context: token ? { ...context, Task: { Token: token.token } } : context };
    const bindings = r.bindings(scope, states);
    // Awaited only when jsonata evaluates (each await is a turn of the microtask queue).
    let args = state.arguments ? evaluateTemplate(state.arguments, bindings, 'Arguments') : input;
    if (args instanceof Promise) args = await args;
    // AWS: "after Parameters processing, the input of a state is larger than the payload size
    // quota" is States.DataLimitExceeded ("Handling errors in Step Functions workflows").
    checkPayloadSize(args, 'the input of task', state.name);
    let timeout = state.timeoutSeconds && integerField(state.timeoutSeconds, bindings, 'TimeoutSeconds', 1);
    if (timeout instanceof Promise) timeout = await timeout;
    let heartbeat =
      state.heartbeatSeconds && integerField(state.heartbeatSeconds, bindings, 'HeartbeatSeconds', 1);
    if (heartbeat instanceof Promise) heartbeat = await heartbeat;
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
    try {
      const result = await runTask(
        r,
        state,
        args,
        signal,
        token,
        timeout || undefined,
        heartbeat || undefined,
        thread,
        // seedOf(`${arn}#${id}`), without building that text for every Task.
        seedGoingOn(r.arnSeed, `#${scheduledId}`),
        waiting ? { since: started } : undefined,
      );
      checkPayloadSize(result, 'the result of task', state.name);
      r.exec.history.add(
        thread,
        events.succeeded,
        res === undefined
          ? { output: result }
          : { resourceType: res.resourceType, resource: res.resource, output: result },
      );
      return result;
    } catch (e) {
      if (e instanceof StatesError) {
        const timedOut = e.error === STATES_ERRORS.timeout || e.error === STATES_ERRORS.heartbeatTimeout;
        r.exec.history.add(
          thread,
          timedOut ? events.timedOut : events.failed,
          res === undefined
            ? { error: e.error, cause: e.cause }
            : { resourceType: res.resourceType, resource: res.resource, error: e.error, cause: e.cause },
        );
      }
      throw e;
    }
  } finally {
    token?.close();
  }
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
 * The integration call raced against TimeoutSeconds, HeartbeatSeconds and the abort signal. One
 * object per call that is also the call's `IntegrationCall` and its abort listener: a run of many
 * short tasks allocates little per task (each closure, promise and timer was a cost per Task).
 */
function runTask(
  r: StateRunner,
  state: TaskState,
  args: unknown,
  signal: AbortSignal,
  token: TaskTokenWait | undefined,
  timeoutSeconds: number | undefined,
  heartbeatSeconds: number | undefined,
  thread: Thread,
  requestSeed: number,
  /** Resumed: the task started then and only its answer is awaited. */
  resumed?: { since: number },
): Promise<unknown> {
  const run = new TaskRun(r, state, args, signal, token, timeoutSeconds, thread, requestSeed, resumed);
  return new Promise((resolve, reject) => run.start(resolve, reject, heartbeatSeconds));
}

class TaskRun implements IntegrationCall {
  readonly resource: TaskResource;
  readonly execution: IntegrationCall['execution'];
  readonly stateName: string;
  readonly timeoutMs: number | undefined;
  private readonly clock: Clock;
  private readonly started: number;
  /** The integration's own signal, created only if it asks for it (see `signal`). */
  private controller: AbortController | undefined;
  private ended = false;
  private timer: TimerHandle | undefined;
  private heartbeatTimer: TimerHandle | undefined;
  private resolve: (value: unknown) => void = ignore;
  private reject: (error: unknown) => void = ignore;

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
  ) {
    this.resource = state.resource;
    this.execution = r.execution;
    this.stateName = state.name;
    this.clock = r.host.clock;
    this.started = resumed?.since ?? this.clock.now();
    this.timeoutMs = timeoutSeconds ? timeoutSeconds * 1000 - (this.clock.now() - this.started) : undefined;
  }

  start(resolve: (value: unknown) => void, reject: (error: unknown) => void, heartbeatSeconds?: number) {
    this.resolve = resolve;
    this.reject = reject;
    const { clock, timeoutSeconds, token, outer } = this;
    if (timeoutSeconds) {
      this.timer = clock.setTimer(timeoutSeconds * 1000 - (clock.now() - this.started), () =>
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
    outer.addEventListener('abort', this, { once: true });
    let call: Promise<unknown>;
    try {
      call = this.resumed && token ? token.result : callIntegration(this.r.host, this);
    } catch (error) {
      this.fail(error);
      return;
    }
    call.then(
      (value) => this.succeed(value),
      (error: unknown) => this.fail(error),
    );
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

  onSubmitted(output: unknown): void {
    const res = historyResource(this.state.resource);
    this.r.exec.history.add(this.thread, 'TaskSubmitted', {
      resourceType: res.resourceType,
      resource: res.resource,
      output,
    });
  }

  private succeed(value: unknown): void {
    if (this.ended) return;
    this.end();
    this.resolve(value);
  }

  private fail(error: unknown): void {
    if (this.ended) return;
    this.end();
    this.controller?.abort(Interrupt.siblingFailed);
    this.reject(error);
  }

  private end(): void {
    this.ended = true;
    this.timer?.cancel();
    this.heartbeatTimer?.cancel();
    this.outer.removeEventListener('abort', this);
  }
}

function ignore(): void {}
