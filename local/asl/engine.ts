/**
 * AslEngine: registers JSONata state machines and runs their executions in-process, with the
 * Step Functions execution API (start / describe / stop / history) and the task-token API.
 */
import { type Clock, VirtualClock } from './clock.ts';
import { compileDefinition } from './compile.ts';
import {
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  ExecutionNotRedrivable,
  InvalidDefinition,
  InvalidExecutionInput,
  InvalidName,
  STATES_ERRORS,
  StateMachineAlreadyExists,
  StateMachineDoesNotExist,
  StatesError,
} from './errors.ts';
import { ExecutionAbort } from './execution-abort.ts';
import { awsFunctions } from './functions.ts';
import { type HistoryEvent, type HistoryEventType, HistoryRecorder, type Thread } from './history.ts';
import type { ChildExecution } from './integrations/call.ts';
import type { Integrations } from './integrations/types.ts';
import {
  Interpreter,
  type InterpreterHost,
  MAX_PAYLOAD_BYTES,
  type RunningExecution,
} from './interpreter.ts';
import { abortable, Interrupt } from './interrupt.ts';
import type { CompiledMachine, CompiledState, MapState } from './machine.ts';
import { type Random, seededRandom, uuidV4, withUuidV4 } from './random.ts';
import { Scope } from './scope.ts';
import type { EngineSnapshot, ExecutionSnapshot, Position } from './snapshot.ts';
import { TaskTokens } from './task-tokens.ts';

export type WorkflowType = 'STANDARD' | 'EXPRESS';
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface AslEngineOptions {
  /** @default a new VirtualClock (auto-advancing) */
  clock?: Clock;
  integrations?: Integrations;
  /** @default 'us-east-1' */
  region?: string;
  /** @default '123456789012' */
  accountId?: string;
  /** Role reported in `$states.context.Execution.RoleArn`. @default arn:aws:iam::<account>:role/dazzle-local */
  roleArn?: string;
  /**
   * Source of randomness for retry jitter, `$random()`, `$uuid()`, execution names and task tokens.
   * @default seededRandom(seed)
   */
  random?: Random;
  /** Seed of the default random source. @default 1 */
  seed?: number;
  /** Keep per-execution history events. @default true */
  recordHistory?: boolean;
  /** Called once when an execution ends (any status), e.g. to log or to publish a status event. */
  onExecutionClosed?: (execution: ExecutionDescription) => void;
  /**
   * Finished executions kept (oldest dropped first: describe/history/task tokens of a dropped one
   * answer ExecutionDoesNotExist / InvalidToken), so that memory stays bounded. @default unbounded
   */
  maxFinishedExecutions?: number;
  /** Called when a finished execution is dropped beyond `maxFinishedExecutions` (not for internal machines). */
  onExecutionForgotten?: (executionArn: string) => void;
  /** Called once when an execution starts, also the ones the engine starts (subprocesses, Map iterations). */
  onExecutionStarted?: (execution: ExecutionDescription) => void;
  /**
   * Called as each history event of an execution happens (recorded or not): a transition log
   * (`*StateEntered`, whose details name the state), or knowing that something changed.
   */
  onHistoryEvent?: (
    execution: { executionArn: string; stateMachineArn: string; name: string },
    type: HistoryEventType,
    details?: Record<string, unknown>,
  ) => void;
}

export interface RegisterOptions {
  /** @default 'STANDARD' */
  type?: WorkflowType;
  /** `${Key}` → value, applied to every string of the definition (like DefinitionSubstitutions). */
  substitutions?: Record<string, string>;
  roleArn?: string;
  /**
   * Replace a state machine of the same name (a dev-server reload); running executions finish on
   * the definition they started with. @default false
   */
  replace?: boolean;
  /**
   * The runtime's own plumbing (the trigger router): its executions are left out of an unfiltered
   * `listExecutions()` (so no status change, log line or console row), as AWS emits no status
   * change events for an Express machine ("you can select events from Step Functions standard
   * workflows", https://docs.aws.amazon.com/step-functions/latest/dg/eventbridge-integration.html).
   * @default false
   */
  internal?: boolean;
}

export interface StateMachineInfo {
  stateMachineArn: string;
  name: string;
  type: WorkflowType;
  definition: unknown;
}

export interface StartExecutionOutput {
  executionArn: string;
  startDate: Date;
}

export interface ExecutionDescription {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  input: unknown;
  output?: unknown;
  error?: string;
  cause?: string;
  /** Billed state transitions so far (see interpreter.ts for how they are counted). */
  transitions: number;
  /** ARN of the execution whose task or Map state started this one. */
  parentExecutionArn?: string;
  /** Times it was redriven (DescribeExecution's `redriveCount`), and when last. */
  redriveCount: number;
  redriveDate?: Date;
}

interface StateMachineRecord {
  arn: string;
  name: string;
  type: WorkflowType;
  definition: unknown;
  machine: CompiledMachine;
  roleArn: string;
  internal: boolean;
  /** How many events the history of its last finished execution had: room made for the next one's. */
  historyEvents?: number;
  /** The ARN of its Standard executions up to their name (`arn:…:execution:<machine>:`). */
  executionPrefix: string;
}

interface ExecutionRecord extends RunningExecution {
  status: ExecutionStatus;
  type: WorkflowType;
  /** Kept while it runs (a start with the same name and input is idempotent then). */
  inputText?: string;
  stopTime?: number;
  output?: unknown;
  error?: string;
  cause?: string;
  parentArn?: string;
  /** Aborts what runs (stopped, timed out); released when the execution ends. */
  controller?: ExecutionAbort;
  /** Resolves when it ends: made when first awaited while it runs (`ended`), most never are. */
  done?: Promise<void>;
  /** Resolves `done` (nothing until it is made). */
  finish: () => void;
  timeoutTimer?: { cancel(): void };
  thread: Thread;
  /** What a snapshot needs to resume it: its state machine (the definition it started with) and variables. */
  runs?: { machine: StateMachineRecord; scope: Scope };
  /** Where a redrive starts: the top-level state that was running when it failed, its input, definition and variables. */
  failedAt?: { state: string; input: unknown; machine: StateMachineRecord; scope: Scope };
  redriveCount: number;
  redriveTime?: number;
}

/** Express workflows run at most 5 minutes; Standard at most one year. */
const MAX_DURATION_SECONDS: Record<WorkflowType, number> = { EXPRESS: 300, STANDARD: 365 * 24 * 3600 };
/** RedriveExecution: "the redrivable period of 14 days", and the 25,000-event history quota. */
const REDRIVABLE_PERIOD_MS = 14 * 24 * 3600 * 1000;
const MAX_HISTORY_EVENTS = 25_000;
/** Finished executions of internal machines kept (the trigger router runs once per delivery). */
const MAX_FINISHED_INTERNAL = 100;
// biome-ignore lint/suspicious/noControlCharactersInRegex: AWS names exclude control characters.
const NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/u;

export class AslEngine {
  readonly clock: Clock;
  private readonly region: string;
  private readonly accountId: string;
  private readonly roleArn: string;
  private readonly random: Random;
  private readonly integrations: Integrations;
  private readonly recordHistory: boolean;
  private readonly onExecutionClosed?: (execution: ExecutionDescription) => void;
  private readonly onExecutionStarted?: (execution: ExecutionDescription) => void;
  private readonly maxFinished: number;
  private readonly onExecutionForgotten?: (executionArn: string) => void;
  /** Finished executions, oldest first. */
  private readonly finished = new Set<string>();
  /** Finished executions of internal machines (RegisterOptions.internal), oldest first. */
  private readonly finishedInternal = new Set<string>();
  private readonly onHistoryEvent?: AslEngineOptions['onHistoryEvent'];
  private readonly functions: Record<string, unknown>;
  private readonly machines = new Map<string, StateMachineRecord>();
  /** The same by name (a start by name looked up by building the ARN). */
  private readonly machinesByName = new Map<string, StateMachineRecord>();
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly tokens: TaskTokens;
  private readonly host: InterpreterHost;
  /** The clock's time, one function for every execution's history. */
  private readonly now: () => number;

  constructor(options: AslEngineOptions = {}) {
    this.clock = options.clock ?? new VirtualClock();
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '123456789012';
    this.roleArn = options.roleArn ?? `arn:aws:iam::${this.accountId}:role/dazzle-local`;
    this.random = options.random ?? seededRandom(options.seed ?? 1);
    this.integrations = options.integrations ?? {};
    this.recordHistory = options.recordHistory ?? true;
    this.onExecutionClosed = options.onExecutionClosed;
    this.onExecutionStarted = options.onExecutionStarted;
    this.maxFinished = options.maxFinishedExecutions ?? Number.POSITIVE_INFINITY;
    this.onExecutionForgotten = options.onExecutionForgotten;
    this.onHistoryEvent = options.onHistoryEvent;
    const clock = this.clock;
    this.now = () => clock.now();
    this.functions = awsFunctions(this.now, this.random);
    this.tokens = new TaskTokens(this.random);
    this.host = this.makeHost();
  }

  /** ARN of a state machine name in this engine's account and region. */
  stateMachineArn(name: string): string {
    return `arn:aws:states:${this.region}:${this.accountId}:stateMachine:${name}`;
  }

  /**
   * An execution's ARN, as one flat string (joined: a template leaves a tree of concatenation
   * nodes in V8, which every kept execution held).
   */
  private executionArn(kind: 'execution' | 'express', ...names: string[]): string {
    return ['arn:aws:states', this.region, this.accountId, kind, ...names].join(':');
  }

  /** Validates, compiles and registers a definition; throws `InvalidDefinition` listing every problem. */
  registerStateMachine(name: string, definition: unknown, options: RegisterOptions = {}): StateMachineInfo {
    if (!NAME.test(name)) throw new InvalidName(`Invalid state machine name: ${JSON.stringify(name)}`);
    const arn = this.stateMachineArn(name);
    if (this.machines.has(arn) && !options.replace) {
      throw new StateMachineAlreadyExists(
        `State machine already exists: ${arn} (register with replace: true to update it)`,
      );
    }
    const type = options.type ?? 'STANDARD';
    const resolved = options.substitutions ? substitute(definition, options.substitutions) : definition;
    if (options.substitutions) rejectUnresolved(resolved);
    const machine = compileDefinition(resolved, { workflowType: type, functions: this.functions });
    this.checkIntegrations(machine);
    const record: StateMachineRecord = {
      arn,
      name,
      type,
      definition: resolved,
      machine,
      roleArn: options.roleArn ?? this.roleArn,
      internal: options.internal ?? false,
      executionPrefix: this.executionArn('execution', name, ''),
    };
    this.machines.set(arn, record);
    this.machinesByName.set(name, record);
    return { stateMachineArn: arn, name, type, definition: resolved };
  }

  /**
   * Removes a state machine (a workflow gone after a reload). Its running executions run to their
   * end on the definition they started with; new starts fail with StateMachineDoesNotExist.
   */
  deleteStateMachine(stateMachine: string): void {
    const sm = this.machine(stateMachine);
    this.machines.delete(sm.arn);
    this.machinesByName.delete(sm.name);
  }

  describeStateMachine(stateMachine: string): StateMachineInfo {
    const sm = this.machine(stateMachine);
    return { stateMachineArn: sm.arn, name: sm.name, type: sm.type, definition: sm.definition };
  }

  listStateMachines(): StateMachineInfo[] {
    return [...this.machines.values()].map((sm) => this.describeStateMachine(sm.arn));
  }

  /**
   * Starts an execution. For STANDARD workflows a name already used is idempotent while that
   * execution runs with the same input (the same result is returned), and `ExecutionAlreadyExists`
   * otherwise (different input, or the execution has closed) — as AWS StartExecution.
   */
  startExecution(
    stateMachine: string,
    input: unknown = {},
    options?: { name?: string },
  ): StartExecutionOutput {
    const exec = this.start(stateMachine, input, options?.name, undefined);
    return { executionArn: exec.arn, startDate: new Date(exec.startTime) };
  }

  /** Starts an execution and waits for it to end (a refused start rejects). */
  runExecution(
    stateMachine: string,
    input: unknown = {},
    options?: { name?: string },
  ): Promise<ExecutionDescription> {
    let exec: ExecutionRecord;
    try {
      exec = this.start(stateMachine, input, options?.name, undefined);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.described(exec);
  }

  describeExecution(executionArn: string): ExecutionDescription {
    return describe(this.execution(executionArn));
  }

  /** Resolves once the execution has ended (immediately if it has). */
  awaitExecution(executionArn: string): Promise<ExecutionDescription> {
    let exec: ExecutionRecord;
    try {
      exec = this.execution(executionArn);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.described(exec);
  }

  /** The execution as described once it has ended (described then, not when it ends). */
  private described(exec: ExecutionRecord): Promise<ExecutionDescription> {
    return this.ended(exec).then(() => describe(exec));
  }

  /** Resolves once the execution has ended. */
  private ended(exec: ExecutionRecord): Promise<void> {
    if (exec.status !== 'RUNNING') return DONE;
    exec.done ??= new Promise<void>((resolve) => {
      exec.finish = resolve;
    });
    return exec.done;
  }

  listExecutions(filter: { stateMachine?: string; status?: ExecutionStatus } = {}): ExecutionDescription[] {
    const smArn = filter.stateMachine === undefined ? undefined : this.machine(filter.stateMachine).arn;
    return [...this.executions.values()]
      .filter(
        (e) =>
          (smArn === undefined
            ? !this.machines.get(e.stateMachineArn)?.internal
            : e.stateMachineArn === smArn) &&
          (!filter.status || e.status === filter.status),
      )
      .map(describe);
  }

  /** Stops a running execution: status ABORTED. Stopping an ended execution changes nothing. */
  stopExecution(executionArn: string, options: { error?: string; cause?: string } = {}): { stopDate: Date } {
    const exec = this.execution(executionArn);
    if (exec.status === 'RUNNING')
      this.close(exec, 'ABORTED', { error: options.error, cause: options.cause }, Interrupt.stopped);
    return { stopDate: new Date(exec.stopTime ?? this.clock.now()) };
  }

  /**
   * Redrives an execution that failed, timed out or was stopped, as RedriveExecution does
   * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_RedriveExecution.html):
   * the same execution (ARN, input, definition it started with, history so far) continues from
   * the state that did not succeed, entered again with the input it had and the variables as they
   * were; the states that succeeded are not run again. Refused (ExecutionNotRedrivable, with AWS's
   * reasons) for an Express machine, a RUNNING or SUCCEEDED execution, one stopped more than 14
   * days ago, one opened more than a year ago, or one whose history reached 25,000 events.
   * Difference: a Parallel or Map state runs again whole (AWS reruns only the branches and
   * iterations that failed). The execution's TimeoutSeconds counts from the redrive (a timed-out
   * execution could not run at all otherwise).
   */
  redriveExecution(executionArn: string): { redriveDate: Date } {
    const exec = this.execution(executionArn);
    const refuse = (reason: string) => {
      throw new ExecutionNotRedrivable(`Execution ${executionArn} cannot be redriven: ${reason}`);
    };
    const now = this.clock.now();
    if (exec.type === 'EXPRESS') refuse('RedriveExecution is not supported for EXPRESS state machines.');
    if (exec.status === 'RUNNING' || exec.status === 'SUCCEEDED')
      refuse(`Execution is ${exec.status} and cannot be redriven.`);
    if (now - (exec.stopTime ?? now) > REDRIVABLE_PERIOD_MS) refuse('Execution redrivable period exceeded.');
    if (now - exec.startTime > MAX_DURATION_SECONDS.STANDARD * 1000)
      refuse('Execution has exceeded the max execution time.');
    if (exec.history.length >= MAX_HISTORY_EVENTS) refuse('Execution history event limit exceeded.');
    const from = exec.failedAt;
    if (!from) return refuse('the local runtime did not keep where it stopped.');
    exec.redriveCount++;
    exec.redriveTime = now;
    Object.assign(exec, {
      status: 'RUNNING',
      stopTime: undefined,
      output: undefined,
      error: undefined,
      cause: undefined,
    });
    exec.failedAt = undefined;
    exec.controller = new ExecutionAbort();
    exec.done = undefined;
    exec.finish = NOTHING;
    exec.runs = { machine: from.machine, scope: from.scope };
    this.finished.delete(exec.arn);
    exec.history.add(exec.thread, 'ExecutionRedriven', { redriveCount: exec.redriveCount });
    this.launch(exec, from.machine.machine, from.scope, undefined, { state: from.state, input: from.input });
    return { redriveDate: new Date(now) };
  }

  getExecutionHistory(executionArn: string, options: { reverseOrder?: boolean } = {}): HistoryEvent[] {
    const events = this.execution(executionArn).history.list();
    return options.reverseOrder ? events.reverse() : events;
  }

  /** Completes a `.waitForTaskToken` task; `output` is a JSON string, as in SendTaskSuccess. */
  sendTaskSuccess(token: string, output: string): void {
    this.tokens.succeed(token, output);
  }

  sendTaskFailure(token: string, error?: string, cause?: string): void {
    this.tokens.fail(token, error, cause);
  }

  sendTaskHeartbeat(token: string): void {
    this.tokens.heartbeat(token);
  }

  /**
   * The engine's executions (or those of `arns`), to be restored by `restore()` in another engine
   * (snapshot.ts).
   */
  snapshot(arns?: Iterable<string>): EngineSnapshot {
    const definitions: unknown[] = [];
    const index = new Map<StateMachineRecord, number>();
    const executions: ExecutionSnapshot[] = [];
    const which = arns
      ? [...arns].flatMap((arn) => this.executions.get(arn) ?? [])
      : this.executions.values();
    for (const exec of which) {
      const out: ExecutionSnapshot = {
        arn: exec.arn,
        name: exec.name,
        stateMachineArn: exec.stateMachineArn,
        stateMachineName: exec.stateMachineName,
        roleArn: exec.roleArn,
        type: exec.type,
        input: exec.input,
        startTime: exec.startTime,
        transitions: exec.transitions,
        parentArn: exec.parentArn,
        status: exec.status,
        stopTime: exec.stopTime,
        output: exec.output,
        error: exec.error,
        cause: exec.cause,
        history: exec.history.dump(),
      };
      const position = exec.thread.at;
      if (exec.status === 'RUNNING' && exec.runs && position) {
        let definition = index.get(exec.runs.machine);
        if (definition === undefined) {
          definition = definitions.push(exec.runs.machine.definition) - 1;
          index.set(exec.runs.machine, definition);
        }
        out.resume = {
          definition,
          position,
          variables: exec.runs.scope.variables(),
          lastEventId: exec.thread.last,
        };
      }
      executions.push(out);
    }
    // Finished ones in the order they finished, so that the cap drops the same ones after a restore.
    const finishedOrder = [...this.finished];
    const rank = new Map(finishedOrder.map((arn, i) => [arn, i]));
    executions.sort(
      (a, b) => (rank.get(a.arn) ?? Number.MAX_SAFE_INTEGER) - (rank.get(b.arn) ?? Number.MAX_SAFE_INTEGER),
    );
    return { version: 1, definitions, executions };
  }

  /**
   * Takes the executions of a snapshot: finished ones as they were, running ones resumed where they
   * were (snapshot.ts says how). A running one on a definition other than its state machine's
   * current one keeps its own. Returns how many resume, and those that could not (now ABORTED).
   */
  restore(snapshot: EngineSnapshot): { resumed: string[]; abandoned: string[] } {
    const resumed: string[] = [];
    const abandoned: string[] = [];
    const machines = new Map<number, CompiledMachine>();
    for (const s of snapshot.executions) {
      if (this.executions.has(s.arn)) continue;
      const exec = this.createRecord(
        s.stateMachineArn,
        s.stateMachineName,
        s.type,
        s.roleArn,
        s.arn,
        s.name,
        s.input,
        JSON.stringify(s.input ?? {}),
        s.parentArn,
      );
      exec.startTime = s.startTime;
      exec.transitions = s.transitions;
      exec.history.load(s.history);
      exec.thread.last = s.resume?.lastEventId ?? s.history.at(-1)?.id ?? 0;
      if (s.status !== 'RUNNING') {
        Object.assign(exec, {
          status: s.status,
          stopTime: s.stopTime,
          output: s.output,
          error: s.error,
          cause: s.cause,
        });
        exec.finish();
        this.finished.add(exec.arn);
        continue;
      }
      const plan = s.resume;
      if (!plan) {
        abandoned.push(exec.arn);
        this.close(exec, 'ABORTED', {
          error: 'Local.NotResumed',
          cause:
            'The local runtime restarted while this execution could not be saved where it was (a Distributed Map iteration: its Map state runs again)',
        });
        continue;
      }
      let machine = machines.get(plan.definition);
      const definition = snapshot.definitions[plan.definition];
      const current = this.machines.get(s.stateMachineArn);
      const sm: StateMachineRecord =
        current && JSON.stringify(current.definition) === JSON.stringify(definition)
          ? current
          : {
              arn: s.stateMachineArn,
              name: s.stateMachineName,
              type: s.type,
              definition,
              machine:
                machine ?? compileDefinition(definition, { workflowType: s.type, functions: this.functions }),
              roleArn: s.roleArn,
              internal: false,
              executionPrefix: this.executionArn('execution', s.stateMachineName, ''),
            };
      machine = sm.machine;
      machines.set(plan.definition, machine);
      const scope = new Scope();
      scope.assign(plan.variables);
      exec.runs = { machine: sm, scope };
      resumed.push(exec.arn);
      this.launch(exec, machine, scope, plan.position);
    }
    while (this.finished.size > this.maxFinished) this.dropOldestFinished();
    return { resumed, abandoned };
  }

  /**
   * Stops running every execution without ending it — no status change, no listener — because the
   * process is stopping and has saved them (`snapshot()`) to resume later.
   */
  halt(): void {
    for (const exec of this.executions.values()) {
      if (exec.status !== 'RUNNING') continue;
      exec.timeoutTimer?.cancel();
      exec.controller?.abort(Interrupt.stopped);
    }
  }

  private machine(ref: string): StateMachineRecord {
    const sm = this.machines.get(ref) ?? this.machinesByName.get(ref);
    if (!sm) throw new StateMachineDoesNotExist(`State Machine Does Not Exist: '${ref}'`);
    return sm;
  }

  private execution(arn: string): ExecutionRecord {
    const exec = this.executions.get(arn);
    if (!exec) throw new ExecutionDoesNotExist(`Execution Does Not Exist: '${arn}'`);
    return exec;
  }

  private checkIntegrations(machine: CompiledMachine): void {
    const missing = new Set<string>();
    const needs = { lambda: 'invokeLambda', events: 'putEvents', dynamodb: 'dynamodb' } as const;
    forEachState(machine, (s) => {
      if (s.type !== 'Task') return;
      const service = s.resource.service;
      if (service in needs) {
        const key = needs[service as keyof typeof needs];
        if (!this.integrations[key])
          missing.add(`${s.resourceArn} needs Integrations.${key}, which this engine was not given`);
      }
    });
    if (missing.size > 0)
      throw new InvalidDefinition([...missing].map((message) => ({ path: '/States', message })));
  }

  /** Starts an execution: the new one, or the running one a start of the same name and input is. */
  private start(
    ref: string,
    input: unknown,
    name: string | undefined,
    parentArn: string | undefined,
  ): ExecutionRecord {
    const sm = this.machine(ref);
    let inputText: string;
    try {
      inputText = JSON.stringify(input ?? {});
    } catch (error) {
      throw new InvalidExecutionInput(`Input is not JSON: ${(error as Error).message}`);
    }
    if (inputText === undefined) throw new InvalidExecutionInput('Input is not JSON');
    // A UTF-16 unit is at most 3 bytes of UTF-8: short texts need no count.
    if (
      inputText.length * 3 > MAX_PAYLOAD_BYTES &&
      Buffer.byteLength(inputText, 'utf8') > MAX_PAYLOAD_BYTES
    ) {
      throw new InvalidExecutionInput(`Input exceeds the maximum of ${MAX_PAYLOAD_BYTES} bytes`);
    }
    let arn: string;
    let execName: string;
    if (name !== undefined) {
      if (!NAME.test(name)) throw new InvalidName(`Invalid execution name: ${JSON.stringify(name)}`);
      execName = name;
      arn =
        sm.type === 'STANDARD'
          ? this.executionArn('execution', sm.name, execName)
          : this.executionArn('express', sm.name, execName, uuidV4(this.random));
    } else if (sm.type === 'STANDARD') {
      // A generated name (a UUID) is valid. The ARN drawn whole, the name a slice of it.
      arn = withUuidV4(sm.executionPrefix, this.random);
      execName = arn.slice(sm.executionPrefix.length);
    } else {
      execName = uuidV4(this.random);
      arn = this.executionArn('express', sm.name, execName, uuidV4(this.random));
    }
    const existing = this.executions.get(arn);
    if (existing) {
      if (existing.status === 'RUNNING' && existing.inputText === inputText) return existing;
      throw new ExecutionAlreadyExists(`Execution Already Exists: '${arn}'`);
    }
    const exec = this.createRecord(
      sm.arn,
      sm.name,
      sm.type,
      sm.roleArn,
      arn,
      execName,
      JSON.parse(inputText),
      inputText,
      parentArn,
      sm.historyEvents,
    );
    const scope = new Scope();
    exec.runs = { machine: sm, scope };
    this.launch(exec, sm.machine, scope);
    return exec;
  }

  private createRecord(
    smArn: string,
    smName: string,
    type: WorkflowType,
    roleArn: string,
    arn: string,
    name: string,
    input: unknown,
    inputText: string,
    parentArn: string | undefined,
    expectedEvents?: number,
  ): ExecutionRecord {
    const exec: ExecutionRecord = {
      arn,
      name,
      stateMachineArn: smArn,
      stateMachineName: smName,
      roleArn,
      input,
      inputText,
      type,
      startTime: this.clock.now(),
      transitions: 0,
      history: new HistoryRecorder(
        this.now,
        this.recordHistory,
        this.historyListener(arn, smArn, name),
        expectedEvents,
      ),
      status: 'RUNNING',
      parentArn,
      finish: NOTHING,
      thread: { last: 0 },
      redriveCount: 0,
    };
    this.executions.set(arn, exec);
    return exec;
  }

  private historyListener(executionArn: string, stateMachineArn: string, name: string) {
    const listener = this.onHistoryEvent;
    if (!listener || this.machines.get(stateMachineArn)?.internal) return undefined;
    const execution = { executionArn, stateMachineArn, name };
    return (type: HistoryEventType, details?: Record<string, unknown>) =>
      notify(() => listener(execution, type, details), 'onHistoryEvent');
  }

  /** Runs the execution in the background; its end is observed through `ended`. */
  private launch(
    exec: ExecutionRecord,
    machine: CompiledMachine,
    scope: Scope,
    resume?: Position,
    redrive?: { state: string; input: unknown },
  ): void {
    if (!resume && !redrive) {
      exec.history.add(exec.thread, 'ExecutionStarted', {
        input: exec.input,
        roleArn: exec.roleArn,
        stateMachineArn: exec.stateMachineArn,
      });
    }
    const limit = Math.min(
      machine.timeoutSeconds ?? Number.POSITIVE_INFINITY,
      MAX_DURATION_SECONDS[exec.type],
    );
    const left = limit * 1000 - (this.clock.now() - (exec.redriveTime ?? exec.startTime));
    exec.timeoutTimer = this.clock.setTimer(left, () => {
      if (exec.status !== 'RUNNING') return;
      this.close(
        exec,
        'TIMED_OUT',
        {
          error: STATES_ERRORS.timeout,
          cause: `The execution exceeded its TimeoutSeconds of ${limit} seconds`,
        },
        Interrupt.timedOut,
      );
    });
    const started = this.onExecutionStarted;
    if (started && !resume && !this.isInternal(exec))
      notify(() => started(describe(exec)), 'onExecutionStarted');
    const interpreter = new Interpreter(this.host, exec);
    exec.controller ??= new ExecutionAbort();
    const signal = exec.controller.signal;
    interpreter.runBlock(machine, exec.input, scope, exec.thread, signal, resume, redrive).then(
      (output) => this.close(exec, 'SUCCEEDED', { output }),
      (error: unknown) => {
        if (error instanceof StatesError)
          this.close(exec, 'FAILED', { error: error.error, cause: error.cause });
        else if (!(error instanceof Interrupt)) {
          this.close(exec, 'FAILED', {
            error: STATES_ERRORS.runtime,
            cause: `Internal error: ${String(error)}`,
          });
        }
      },
    );
  }

  /**
   * Ends a running execution (nothing if it has ended): its status, closing event and listeners,
   * then `interrupt` (stopped, timed out) aborts what still runs. What only a running execution
   * needs is released then: every finished execution stays in memory with its history.
   */
  private close(
    exec: ExecutionRecord,
    status: Exclude<ExecutionStatus, 'RUNNING'>,
    result: { output?: unknown; error?: string; cause?: string },
    interrupt?: Interrupt,
  ): void {
    if (exec.status !== 'RUNNING') return;
    // A redrive starts again where the top-level thread is (the state that did not succeed), on
    // the definition and with the variables it had: kept for a Standard execution that did not succeed.
    if (status !== 'SUCCEEDED' && exec.type === 'STANDARD' && exec.thread.at && exec.runs)
      exec.failedAt = { state: exec.thread.at.state, input: exec.thread.at.input, ...exec.runs };
    this.closeRecord(exec, status, result);
    if (exec.runs) exec.runs.machine.historyEvents = exec.history.length;
    const controller = exec.controller;
    exec.controller = undefined;
    exec.timeoutTimer = undefined;
    exec.runs = undefined;
    exec.thread.at = undefined;
    exec.inputText = undefined;
    exec.finish = NOTHING;
    exec.done = undefined;
    exec.history.forget();
    if (interrupt) controller?.abort(interrupt);
  }

  private closeRecord(
    exec: ExecutionRecord,
    status: Exclude<ExecutionStatus, 'RUNNING'>,
    result: { output?: unknown; error?: string; cause?: string },
  ): void {
    exec.status = status;
    exec.stopTime = this.clock.now();
    exec.output = result.output;
    exec.error = result.error || undefined;
    exec.cause = result.cause;
    exec.timeoutTimer?.cancel();
    this.tokens.closeExecution(exec.arn);
    switch (status) {
      case 'SUCCEEDED':
        exec.history.add(exec.thread, 'ExecutionSucceeded', { output: result.output });
        break;
      case 'FAILED':
        exec.history.add(exec.thread, 'ExecutionFailed', { error: exec.error, cause: exec.cause });
        break;
      case 'TIMED_OUT':
        exec.history.add(exec.thread, 'ExecutionTimedOut', { error: exec.error, cause: exec.cause });
        break;
      case 'ABORTED':
        exec.history.add(exec.thread, 'ExecutionAborted', { error: exec.error, cause: exec.cause });
        break;
      default: {
        const unreachable: never = status;
        throw new Error(`unknown status ${String(unreachable)}`);
      }
    }
    exec.finish();
    if (this.isInternal(exec)) {
      // Not the user's: no listener hears of it, and it does not push theirs out of the cap.
      this.finishedInternal.add(exec.arn);
      while (this.finishedInternal.size > MAX_FINISHED_INTERNAL) this.dropOldest(this.finishedInternal);
      return;
    }
    const closed = this.onExecutionClosed;
    if (closed) notify(() => closed(describe(exec)), 'onExecutionClosed');
    this.finished.add(exec.arn);
    while (this.finished.size > this.maxFinished) this.dropOldestFinished();
  }

  private isInternal(exec: ExecutionRecord): boolean {
    return this.machines.get(exec.stateMachineArn)?.internal === true;
  }

  private dropOldestFinished(): void {
    const arn = this.dropOldest(this.finished);
    const forgotten = this.onExecutionForgotten;
    if (forgotten) notify(() => forgotten(arn), 'onExecutionForgotten');
  }

  private dropOldest(finished: Set<string>): string {
    const oldest = finished.values().next().value as string;
    finished.delete(oldest);
    this.executions.delete(oldest);
    this.tokens.forget(oldest);
    return oldest;
  }

  private childOf(exec: ExecutionRecord): ChildExecution {
    return {
      ExecutionArn: exec.arn,
      StateMachineArn: exec.stateMachineArn,
      Name: exec.name,
      Status: exec.status,
      StartDate: exec.startTime,
      StopDate: exec.stopTime,
      Input: exec.input,
      Output: exec.output,
      Error: exec.error,
      Cause: exec.cause,
    };
  }

  /** A DISTRIBUTED Map iteration: a child execution of the item processor, with a fresh scope. */
  private async runMapIteration(
    parent: RunningExecution,
    state: MapState,
    index: number,
    input: unknown,
    signal: AbortSignal,
  ): Promise<unknown> {
    const smName = `${parent.stateMachineName}/${state.label ?? state.name}`;
    const smArn = `${parent.stateMachineArn}/${state.label ?? state.name}`;
    const name = `${parent.name.slice(0, 40)}-${index}-${uuidV4(this.random).slice(0, 8)}`;
    const arn = this.executionArn('execution', smName, name);
    const inputText = JSON.stringify(input);
    const exec = this.createRecord(
      smArn,
      smName,
      state.executionType,
      parent.roleArn,
      arn,
      name,
      input,
      inputText,
      parent.arn,
    );
    this.launch(exec, state.processor, new Scope());
    const onAbort = () =>
      this.stopExecution(arn, { error: 'States.Aborted', cause: 'The Map state was stopped' });
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await abortable(this.ended(exec), signal);
    } finally {
      signal.removeEventListener('abort', onAbort);
      // Child executions of a Standard-type map run are billed per transition too.
      if (state.executionType === 'STANDARD') parent.transitions += exec.transitions;
    }
    if (exec.status !== 'SUCCEEDED')
      throw new StatesError(exec.error ?? STATES_ERRORS.taskFailed, exec.cause);
    return exec.output;
  }

  private makeHost(): InterpreterHost {
    return {
      clock: this.clock,
      random: this.random,
      integrations: this.integrations,
      region: this.region,
      openTaskToken: (arn, token) => this.tokens.open(arn, token),
      startExecutionFromTask: (smArn, input, name, parentArn) => {
        const started = this.start(smArn, input, name, parentArn);
        return { executionArn: started.arn, startDate: started.startTime };
      },
      awaitChild: async (arn) => {
        const exec = this.execution(arn);
        await this.ended(exec);
        return this.childOf(exec);
      },
      describeChild: (arn) => this.childOf(this.execution(arn)),
      stopExecutionFromTask: (arn, error, cause) => ({
        stopDate: this.stopExecution(arn, { error, cause }).stopDate.getTime(),
      }),
      runMapIteration: (parent, state, index, input, signal) =>
        this.runMapIteration(parent, state, index, input, signal),
    };
  }
}

const NOTHING = () => {};
const DONE = Promise.resolve();

/** Calls a listener: its bug must not corrupt the engine; it is reported where it is seen. */
function notify(call: () => void, listener: string): void {
  try {
    call();
  } catch (error) {
    console.error(`${listener} listener failed:`, error);
  }
}

function describe(exec: ExecutionRecord): ExecutionDescription {
  return {
    executionArn: exec.arn,
    stateMachineArn: exec.stateMachineArn,
    name: exec.name,
    status: exec.status,
    startDate: new Date(exec.startTime),
    stopDate: exec.stopTime === undefined ? undefined : new Date(exec.stopTime),
    input: exec.input,
    output: exec.output,
    error: exec.error,
    cause: exec.cause,
    transitions: exec.transitions,
    parentExecutionArn: exec.parentArn,
    redriveCount: exec.redriveCount,
    ...(exec.redriveTime !== undefined && { redriveDate: new Date(exec.redriveTime) }),
  };
}

function forEachState(machine: CompiledMachine, fn: (s: CompiledState) => void): void {
  for (const s of machine.states.values()) {
    fn(s);
    if (s.type === 'Parallel') for (const b of s.branches) forEachState(b, fn);
    if (s.type === 'Map') forEachState(s.processor, fn);
  }
}

/** A `${Key}` left after substitution would reach AWS APIs as a literal: reject it. */
function rejectUnresolved(definition: unknown): void {
  const left = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') for (const m of v.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)) left.add(m[0]);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(definition);
  if (left.size > 0) {
    throw new InvalidDefinition(
      [...left].map((p) => ({ path: '/', message: `no substitution for placeholder ${p}` })),
    );
  }
}

/** Replaces `${Key}` in every string of the definition. */
function substitute(value: unknown, subs: Record<string, string>): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z0-9_]+)\}/g, (whole, key: string) => (key in subs ? subs[key] : whole));
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, subs));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, subs)]));
  }
  return value;
}
