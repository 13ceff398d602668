/**
 * Snapshots of an engine's executions (`AslEngine.snapshot()` / `restore()`), so that a process
 * started again on the same state carries on where the last one stopped: finished executions as
 * they were (status, output, history), running ones resumed in the state they were in.
 *
 * What a running execution resumes with is its top-level position: the state it was in, that
 * state's input, the workflow variables, and what the state was waiting for —
 * - a `.waitForTaskToken` Task waits again for the answer to the same token (the task is not
 *   started again), with what is left of its TimeoutSeconds;
 * - a Wait state sleeps until the time it was going to wake up (at once if that has passed);
 * - any other state runs again from its input: a Lambda call in flight at the stop is made again,
 *   and a Parallel or Map state runs again from its start (tasks inside it are created anew).
 * Executions the engine started as Distributed Map iterations are not resumed (their Map runs again).
 */
import type { StoredEvent } from './history.ts';

/** Where one thread of an execution is. */
export interface Position {
  /** The state it is in, entered at `entered` (clock ms) with `input`. */
  state: string;
  input: unknown;
  entered: number;
  /** The id of its `…StateEntered` history event. */
  enteredEventId?: number;
  /** A `.waitForTaskToken` task waiting for the answer to `token`, started at `started`. */
  task?: { token: string; started: number };
  /** A Wait state sleeping until `until` (clock ms). */
  wait?: { until: number };
}

export interface ExecutionSnapshot {
  arn: string;
  name: string;
  stateMachineArn: string;
  stateMachineName: string;
  roleArn: string;
  type: 'STANDARD' | 'EXPRESS';
  input: unknown;
  startTime: number;
  transitions: number;
  parentArn?: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  stopTime?: number;
  output?: unknown;
  error?: string;
  cause?: string;
  history: readonly StoredEvent[];
  /** How a RUNNING execution resumes (absent: it cannot, see above). */
  resume?: {
    /** Index in `EngineSnapshot.definitions` of the definition it runs. */
    definition: number;
    position: Position;
    variables: Record<string, unknown>;
    /** The last history event of its top-level thread. */
    lastEventId: number;
  };
}

export interface EngineSnapshot {
  version: 1;
  /** The definitions running executions run (after substitutions), each once. */
  definitions: unknown[];
  /** Oldest first. */
  executions: ExecutionSnapshot[];
}
