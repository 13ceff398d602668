/** The Task state: the integration call under TimeoutSeconds, HeartbeatSeconds and task tokens. */
import type { TimerHandle } from './clock.ts';
import { STATES_ERRORS, StatesError } from './errors.ts';
import type { Thread } from './history.ts';
import { callIntegration, type TaskTokenWait } from './integrations/call.ts';
import { Interrupt } from './interrupt.ts';
import type { TaskState } from './machine.ts';
import { historyResource } from './resources.ts';
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
    checkPayloadSize(args, `the input of task '${state.name}'`);
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
        `${r.exec.arn}#${scheduledId}`,
        waiting ? { since: started } : undefined,
      );
      checkPayloadSize(result, `the result of task '${state.name}'`);
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

/** The integration call raced against TimeoutSeconds, HeartbeatSeconds and the abort signal. */
async function runTask(
  r: StateRunner,
  state: TaskState,
  args: unknown,
  signal: AbortSignal,
  token: TaskTokenWait | undefined,
  timeoutSeconds: number | undefined,
  heartbeatSeconds: number | undefined,
  thread: Thread,
  requestKey: string,
  /** Resumed: the task started then and only its answer is awaited. */
  resumed?: { since: number },
): Promise<unknown> {
  const clock = r.host.clock;
  const started = resumed?.since ?? clock.now();
  const timers: TimerHandle[] = [];
  let heartbeatTimer: TimerHandle | undefined;
  let onAbort = () => {};
  // One promise rejects on TimeoutSeconds, HeartbeatSeconds or the abort of the enclosing scope.
  const stop = new Promise<never>((_, reject) => {
    if (timeoutSeconds) {
      const message = `Task '${state.name}' timed out after ${timeoutSeconds} seconds`;
      timers.push(
        clock.setTimer(timeoutSeconds * 1000 - (clock.now() - started), () =>
          reject(new StatesError(STATES_ERRORS.timeout, message)),
        ),
      );
    }
    if (heartbeatSeconds && token) {
      const message = `Task '${state.name}' received no heartbeat for ${heartbeatSeconds} seconds`;
      const arm = () => {
        heartbeatTimer?.cancel();
        heartbeatTimer = clock.setTimer(heartbeatSeconds * 1000, () =>
          reject(new StatesError(STATES_ERRORS.heartbeatTimeout, message)),
        );
      };
      arm();
      token.onHeartbeat(arm);
    }
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  // The integration's own signal, created only if it asks for it; aborted when the task ends
  // without its result (timeout, heartbeat, execution stopped, sibling failed).
  let controller: AbortController | undefined;
  let ended = false;
  const integrationSignal = () => {
    if (!controller) {
      controller = new AbortController();
      if (ended) controller.abort(Interrupt.siblingFailed);
    }
    return controller.signal;
  };
  try {
    const call =
      resumed && token
        ? token.result
        : callIntegration(r.host, {
            resource: state.resource,
            args,
            get signal() {
              return integrationSignal();
            },
            token,
            timeoutMs: timeoutSeconds ? timeoutSeconds * 1000 - (clock.now() - started) : undefined,
            execution: { arn: r.exec.arn, name: r.exec.name, stateMachineArn: r.exec.stateMachineArn },
            stateName: state.name,
            requestKey,
            onSubmitted: (output) => {
              const res = historyResource(state.resource);
              r.exec.history.add(thread, 'TaskSubmitted', {
                resourceType: res.resourceType,
                resource: res.resource,
                output,
              });
            },
          });
    const result = await Promise.race([call, stop]);
    ended = true;
    return result;
  } catch (error) {
    ended = true;
    controller?.abort(Interrupt.siblingFailed);
    throw error;
  } finally {
    for (const t of timers) t.cancel();
    heartbeatTimer?.cancel();
    signal.removeEventListener('abort', onAbort);
  }
}
