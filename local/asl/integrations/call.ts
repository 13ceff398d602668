/**
 * Dispatches a Task state's resource to its integration and maps results and errors the way the
 * Step Functions optimized integrations report them.
 */
import type { Clock } from '../clock.ts';
import { type AslApiError, STATES_ERRORS, StatesError } from '../errors.ts';
import type { Recipe } from '../history.ts';
import { abortable } from '../interrupt.ts';
import type { TaskResource } from '../resources.ts';
import { lambdaInvokeOutput } from './lambda-output.ts';
import type { IntegrationContext, Integrations, LambdaInvokeResult } from './types.ts';

/** A `.waitForTaskToken` wait, opened before the task's request is sent. */
export interface TaskTokenWait {
  token: string;
  /** Resolves with the parsed `SendTaskSuccess` output; rejects with a `StatesError` on failure. */
  result: Promise<unknown>;
  onHeartbeat(callback: () => void): void;
  close(): void;
}

/** `DescribeExecution` in the capitalized shape the states integrations return. */
export interface ChildExecution {
  ExecutionArn: string;
  StateMachineArn: string;
  Name: string;
  Status: string;
  StartDate: number;
  StopDate?: number;
  Input: unknown;
  Output?: unknown;
  Error?: string;
  Cause?: string;
}

export interface IntegrationHost {
  clock: Clock;
  integrations: Integrations;
  region: string;
  /** Issues a task token (`token`: re-opens one issued before, for a resumed execution). */
  openTaskToken(executionArn: string, token?: string): TaskTokenWait;
  /** Starts an execution on behalf of a task (API errors are thrown as `AslApiError`). */
  startExecutionFromTask(
    stateMachineArn: string,
    input: unknown,
    name: string | undefined,
    /** The execution of the Task (the `states:` integration links it; the AWS SDK one does not). */
    parentArn: string | undefined,
  ): { executionArn: string; startDate: number };
  awaitChild(executionArn: string): Promise<ChildExecution>;
  describeChild(executionArn: string): ChildExecution;
  stopExecutionFromTask(executionArn: string, error?: string, cause?: string): { stopDate: number };
}

export interface IntegrationCall {
  resource: TaskResource;
  args: unknown;
  signal: AbortSignal;
  token?: TaskTokenWait;
  timeoutMs?: number;
  execution: IntegrationContext['execution'];
  stateName: string;
  /**
   * `seedOf` of a key unique per call within the engine (`<execution ARN>#<TaskScheduled id>`);
   * seeds request ids.
   */
  requestSeed: number;
  onSubmitted(output: unknown): void;
  /** `recipe.build()` gives `value` again: its history may keep the recipe instead (history.ts). */
  rebuildable?(value: object, recipe: Recipe): void;
  /** `value`, the call's result, is known to be within the payload limit (not measured again). */
  sized?(value: unknown): void;
}

/** Calls the integration; never throws (a failure is a rejected promise). */
export function callIntegration(host: IntegrationHost, call: IntegrationCall): Promise<unknown> {
  try {
    return dispatch(host, call);
  } catch (error) {
    return Promise.reject(error);
  }
}

function dispatch(host: IntegrationHost, call: IntegrationCall): Promise<unknown> {
  const r = call.resource;
  switch (r.service) {
    case 'lambda':
      return r.action === 'function' ? lambdaFunction(host, call, r.functionArn) : lambdaInvoke(host, call);
    case 'events':
      return putEvents(host, call);
    case 'states':
      return startExecution(host, call, r.pattern);
    case 'sfn-sdk':
      return sfnSdk(host, call, r.action);
    case 'dynamodb':
      return dynamodb(host, call, r.action);
    default: {
      const never: never = r;
      return never;
    }
  }
}

function runtimeError(message: string): StatesError {
  return new StatesError(STATES_ERRORS.runtime, message);
}

function argsObject(call: IntegrationCall): Record<string, unknown> {
  const a = call.args;
  if (a === null || typeof a !== 'object' || Array.isArray(a)) {
    throw runtimeError(`The Arguments of Task '${call.stateName}' must be a JSON object`);
  }
  return a as Record<string, unknown>;
}

/**
 * Runs outside work with a clock hold open (virtual time stands still while it runs), except while
 * it sleeps through `context.sleep`.
 */
async function held<T>(
  host: IntegrationHost,
  call: IntegrationCall,
  fn: (ctx: IntegrationContext) => Promise<T>,
) {
  const context = new HeldContext(host, call);
  try {
    return await fn(context);
  } finally {
    context.release();
  }
}

/** The context of one integration call (a class: no closures or getters built per call). */
class HeldContext implements IntegrationContext {
  release: () => void;
  private sleeper: ((ms: number) => Promise<void>) | undefined;

  constructor(
    private readonly host: IntegrationHost,
    private readonly call: IntegrationCall,
  ) {
    this.release = host.clock.hold();
  }

  // Read from the call (not copied into every context).
  get timeoutMs(): number | undefined {
    return this.call.timeoutMs;
  }

  get execution(): IntegrationContext['execution'] {
    return this.call.execution;
  }

  get stateName(): string {
    return this.call.stateName;
  }

  get taskToken(): string | undefined {
    return this.call.token?.token;
  }

  /** A function of its own (made when first read), so that it can be passed on or destructured. */
  get sleep(): (ms: number) => Promise<void> {
    this.sleeper ??= (ms) => this.pause(ms);
    return this.sleeper;
  }

  /** Read only when the integration asks: the task creates its AbortController on first read. */
  get signal(): AbortSignal {
    return this.call.signal;
  }

  private async pause(ms: number): Promise<void> {
    this.release();
    try {
      await this.host.clock.sleep(ms, this.call.signal);
    } finally {
      this.release = this.host.clock.hold();
    }
  }
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'Error';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Invokes a function and hands its result to `then`; a function error fails the task with its
 * `errorType`, as on AWS. One promise step between the function's answer and `then` (no async
 * layers: this runs once per Lambda task).
 */
function invokeFunction<T>(
  host: IntegrationHost,
  call: IntegrationCall,
  functionName: string,
  payload: unknown,
  then: (result: LambdaInvokeResult) => T | Promise<T>,
): Promise<T> {
  // A clock hold open while the function runs, except while it sleeps through `context.sleep`.
  const context = new HeldContext(host, call);
  return startInvoke(host, context, functionName, payload).then(
    (result) => then(functionResult(context, result)),
    (error: unknown) => {
      throw failedInvoke(context, error);
    },
  );
}

/** Calls the function under `context`'s clock hold (released if the call throws at once). */
function startInvoke(
  host: IntegrationHost,
  context: HeldContext,
  functionName: string,
  payload: unknown,
): Promise<LambdaInvokeResult> {
  const invoke = host.integrations.invokeLambda;
  if (!invoke) {
    context.release();
    throw runtimeError('no Lambda integration is configured (Integrations.invokeLambda)');
  }
  try {
    return Promise.resolve(invoke(functionName, payload, context));
  } catch (error) {
    context.release();
    throw functionFailed(error);
  }
}

/** The function's answer, its hold released; a function error throws its `errorType`. */
function functionResult(context: HeldContext, result: LambdaInvokeResult): LambdaInvokeResult {
  context.release();
  if (result.FunctionError) {
    const payload = result.Payload as { errorType?: unknown } | undefined;
    const type = typeof payload?.errorType === 'string' ? payload.errorType : 'Lambda.Unknown';
    throw new StatesError(type, JSON.stringify(result.Payload ?? null));
  }
  return result;
}

function failedInvoke(context: HeldContext, error: unknown): StatesError {
  context.release();
  return functionFailed(error);
}

/** Where a call's outcome goes when it is handed over directly (`callIntegrationInto`). */
export interface CallSink {
  succeed(value: unknown): void;
  fail(error: unknown): void;
}

/**
 * `callIntegration(host, call).then(sink.succeed, sink.fail)`, with one promise step fewer for a
 * plain `lambda:invoke` (the commonest Task): its result reaches the sink from the reaction to
 * the function's own promise.
 */
export function callIntegrationInto(host: IntegrationHost, call: IntegrationCall, sink: CallSink): void {
  const r = call.resource;
  if (r.service !== 'lambda' || r.action === 'function' || call.token) {
    callIntegration(host, call).then(
      (value) => sink.succeed(value),
      (error: unknown) => sink.fail(error),
    );
    return;
  }
  let context: HeldContext;
  let pending: Promise<LambdaInvokeResult>;
  try {
    const a = invokeArgs(call);
    context = new HeldContext(host, call);
    pending = startInvoke(host, context, a.FunctionName, a.Payload);
  } catch (error) {
    sink.fail(error);
    return;
  }
  pending.then(
    (result) => {
      let output: unknown;
      try {
        output = lambdaInvokeOutput(
          functionResult(context, result),
          host.clock.now(),
          call.requestSeed,
          call,
        );
      } catch (error) {
        sink.fail(error);
        return;
      }
      sink.succeed(output);
    },
    (error: unknown) => sink.fail(failedInvoke(context, error)),
  );
}

function functionFailed(error: unknown): StatesError {
  if (error instanceof StatesError) return error;
  const name = errorName(error);
  return new StatesError(
    name,
    JSON.stringify({ errorType: name, errorMessage: errorMessage(error), trace: [] }),
  );
}

/** The function ARN as the Resource: the Arguments are the event, the result is the function's. */
function lambdaFunction(host: IntegrationHost, call: IntegrationCall, arn: string): Promise<unknown> {
  return invokeFunction(host, call, arn, call.args, (result) => result.Payload ?? null);
}

/** The Arguments of a `lambda:invoke` Task, checked. */
function invokeArgs(call: IntegrationCall): { FunctionName: string; Payload: unknown } {
  const a = argsObject(call);
  if (typeof a.FunctionName !== 'string')
    throw runtimeError(`Task '${call.stateName}': Arguments.FunctionName must be a string`);
  if (a.InvocationType !== undefined && a.InvocationType !== 'RequestResponse') {
    throw runtimeError(
      `Task '${call.stateName}': InvocationType ${JSON.stringify(a.InvocationType)} is not supported locally`,
    );
  }
  return a as { FunctionName: string; Payload: unknown };
}

function lambdaInvoke(host: IntegrationHost, call: IntegrationCall): Promise<unknown> {
  const a = invokeArgs(call);
  return invokeFunction(host, call, a.FunctionName, a.Payload, (result) => {
    const output = lambdaInvokeOutput(result, host.clock.now(), call.requestSeed, call);
    if (!call.token) return output;
    call.onSubmitted(output);
    return abortable(call.token.result, call.signal);
  });
}

async function putEvents(host: IntegrationHost, call: IntegrationCall): Promise<unknown> {
  const put = host.integrations.putEvents;
  if (!put) throw runtimeError('no EventBridge integration is configured (Integrations.putEvents)');
  const a = argsObject(call);
  if (!Array.isArray(a.Entries) || a.Entries.length === 0) {
    throw runtimeError(`Task '${call.stateName}': Arguments.Entries must be a non-empty array`);
  }
  const entries = a.Entries.map((e: Record<string, unknown>) => ({
    ...e,
    Detail: e.Detail === undefined || typeof e.Detail === 'string' ? e.Detail : JSON.stringify(e.Detail),
  }));
  let result: Awaited<ReturnType<typeof put>>;
  try {
    result = await held(host, call, (ctx) => put(entries, ctx));
  } catch (error) {
    throw new StatesError(`EventBridge.${errorName(error)}`, errorMessage(error));
  }
  if (result.FailedEntryCount > 0) throw new StatesError('EventBridge.FailedEntry', JSON.stringify(result));
  return result;
}

function apiToStates(service: string, error: unknown): StatesError {
  if (error instanceof StatesError) return error;
  const name = (error as AslApiError).name ?? 'Error';
  return new StatesError(
    `${service}.${name}${name.endsWith('Exception') ? '' : 'Exception'}`,
    errorMessage(error),
  );
}

async function startExecution(
  host: IntegrationHost,
  call: IntegrationCall,
  pattern: 'request' | 'sync' | 'sync:2',
): Promise<unknown> {
  const a = argsObject(call);
  if (typeof a.StateMachineArn !== 'string')
    throw runtimeError(`Task '${call.stateName}': StateMachineArn is required`);
  if (a.Name !== undefined && typeof a.Name !== 'string')
    throw runtimeError(`Task '${call.stateName}': Name must be a string`);
  let input: unknown = a.Input ?? {};
  if (typeof input === 'string') {
    try {
      input = JSON.parse(input);
    } catch {
      throw new StatesError('StepFunctions.InvalidExecutionInputException', 'Input is not valid JSON');
    }
  }
  let started: { executionArn: string; startDate: number };
  try {
    started = host.startExecutionFromTask(a.StateMachineArn, input, a.Name, call.execution.arn);
  } catch (error) {
    throw apiToStates('StepFunctions', error);
  }
  if (pattern === 'request') return { ExecutionArn: started.executionArn, StartDate: started.startDate };
  const stopChild = () => {
    try {
      host.stopExecutionFromTask(started.executionArn, 'States.Aborted', 'The parent task was stopped');
    } catch {
      // Already finished.
    }
  };
  call.signal.addEventListener('abort', stopChild, { once: true });
  let child: ChildExecution;
  try {
    child = await abortable(host.awaitChild(started.executionArn), call.signal);
  } finally {
    call.signal.removeEventListener('abort', stopChild);
  }
  // `.sync` returns Input/Output as JSON strings; `.sync:2` as JSON.
  const json = pattern === 'sync:2';
  const output = {
    ExecutionArn: child.ExecutionArn,
    Input: json ? child.Input : JSON.stringify(child.Input),
    InputDetails: { Included: true },
    Name: child.Name,
    Output: child.Output === undefined ? undefined : json ? child.Output : JSON.stringify(child.Output),
    OutputDetails: { Included: true },
    StartDate: child.StartDate,
    StateMachineArn: child.StateMachineArn,
    Status: child.Status,
    StopDate: child.StopDate,
  };
  if (child.Status !== 'SUCCEEDED') {
    const { Output: _none, OutputDetails: _details, ...rest } = output;
    throw new StatesError(
      STATES_ERRORS.taskFailed,
      JSON.stringify({ ...rest, Error: child.Error, Cause: child.Cause }),
    );
  }
  return output;
}

async function sfnSdk(
  host: IntegrationHost,
  call: IntegrationCall,
  action: 'startExecution' | 'stopExecution' | 'describeExecution',
): Promise<unknown> {
  const a = argsObject(call);
  if (action === 'startExecution') return sdkStartExecution(host, call, a);
  if (typeof a.ExecutionArn !== 'string')
    throw runtimeError(`Task '${call.stateName}': ExecutionArn is required`);
  try {
    if (action === 'describeExecution') return host.describeChild(a.ExecutionArn);
    const stopped = host.stopExecutionFromTask(
      a.ExecutionArn,
      a.Error === undefined ? undefined : String(a.Error),
      a.Cause === undefined ? undefined : String(a.Cause),
    );
    return { StopDate: stopped.stopDate };
  } catch (error) {
    throw apiToStates('Sfn', error);
  }
}

/**
 * `aws-sdk:sfn:startExecution`: StartExecution as the API takes it (`Input` a JSON string), with
 * no parent link (only the `states:` integration links the child), errors as `Sfn.<Exception>`.
 */
function sdkStartExecution(host: IntegrationHost, call: IntegrationCall, a: Record<string, unknown>) {
  if (typeof a.StateMachineArn !== 'string')
    throw runtimeError(`Task '${call.stateName}': StateMachineArn is required`);
  if (a.Name !== undefined && typeof a.Name !== 'string')
    throw runtimeError(`Task '${call.stateName}': Name must be a string`);
  let input: unknown = {};
  if (a.Input !== undefined) {
    try {
      input = JSON.parse(String(a.Input));
    } catch {
      throw new StatesError('Sfn.InvalidExecutionInputException', 'Input is not valid JSON');
    }
  }
  try {
    const started = host.startExecutionFromTask(a.StateMachineArn, input, a.Name, undefined);
    return { ExecutionArn: started.executionArn, StartDate: started.startDate };
  } catch (error) {
    throw apiToStates('Sfn', error);
  }
}

async function dynamodb(
  host: IntegrationHost,
  call: IntegrationCall,
  action: 'putItem' | 'getItem' | 'updateItem' | 'deleteItem',
): Promise<unknown> {
  const api = host.integrations.dynamodb;
  if (!api) throw runtimeError('no DynamoDB integration is configured (Integrations.dynamodb)');
  const a = argsObject(call);
  try {
    return await held(host, call, (ctx) => api[action](a, ctx));
  } catch (error) {
    if (error instanceof StatesError) throw error;
    throw new StatesError(`DynamoDB.${errorName(error)}`, errorMessage(error));
  }
}
