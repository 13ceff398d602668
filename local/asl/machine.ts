/** The compiled (validated, templates parsed) form of a JSONata state machine. */
import type { TaskResource } from './resources.ts';
import type { Template } from './template.ts';

export interface CompiledMachine {
  startAt: string;
  states: Map<string, CompiledState>;
  /** Execution-level `TimeoutSeconds` (top level only). */
  timeoutSeconds?: number;
  /** Where it sits in the definition, for messages. */
  path: string;
}

export interface Retrier {
  errorEquals: string[];
  intervalSeconds: number;
  maxAttempts: number;
  backoffRate: number;
  maxDelaySeconds?: number;
  jitter: 'FULL' | 'NONE';
}

export interface Catcher {
  errorEquals: string[];
  next: string;
  output?: Template;
  assign?: Template;
}

interface Base {
  name: string;
  next?: string;
  end: boolean;
  output?: Template;
  assign?: Template;
}

export interface TaskState extends Base {
  type: 'Task';
  resourceArn: string;
  resource: TaskResource;
  arguments?: Template;
  timeoutSeconds?: Template;
  heartbeatSeconds?: Template;
  retry: Retrier[];
  catch: Catcher[];
}

export interface PassState extends Base {
  type: 'Pass';
}

export interface ChoiceRule {
  condition: Template;
  next: string;
  output?: Template;
  assign?: Template;
}

export interface ChoiceState extends Base {
  type: 'Choice';
  choices: ChoiceRule[];
  default?: string;
}

export interface WaitState extends Base {
  type: 'Wait';
  seconds?: Template;
  timestamp?: Template;
}

export interface ParallelState extends Base {
  type: 'Parallel';
  branches: CompiledMachine[];
  arguments?: Template;
  retry: Retrier[];
  catch: Catcher[];
}

export interface MapState extends Base {
  type: 'Map';
  items?: Template;
  itemSelector?: Template;
  processor: CompiledMachine;
  mode: 'INLINE' | 'DISTRIBUTED';
  executionType: 'STANDARD' | 'EXPRESS';
  maxConcurrency?: Template;
  toleratedFailurePercentage?: Template;
  toleratedFailureCount?: Template;
  label?: string;
  retry: Retrier[];
  catch: Catcher[];
}

export interface SucceedState extends Base {
  type: 'Succeed';
}

export interface FailState extends Base {
  type: 'Fail';
  error?: Template;
  cause?: Template;
}

export type CompiledState =
  | TaskState
  | PassState
  | ChoiceState
  | WaitState
  | ParallelState
  | MapState
  | SucceedState
  | FailState;

export type StateType = CompiledState['type'];
