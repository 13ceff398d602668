/**
 * Task tokens of `.waitForTaskToken` tasks and the SendTaskSuccess / SendTaskFailure /
 * SendTaskHeartbeat API over them, with AWS's errors: InvalidToken for a token never issued,
 * TaskTimedOut for one whose task has ended (timed out, failed, stopped or already answered).
 */
import { InvalidOutput, InvalidToken, STATES_ERRORS, StatesError, TaskTimedOut } from './errors.ts';
import type { TaskTokenWait } from './integrations/call.ts';
import { type Random, taskToken } from './random.ts';

interface TokenRecord {
  open: boolean;
  resolve(output: unknown): void;
  reject(error: StatesError): void;
  heartbeat?: () => void;
}

export class TaskTokens {
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly byExecution = new Map<string, Set<string>>();
  /** Every token issued to an execution, open or not (dropped by `forget`). */
  private readonly issued = new Map<string, string[]>();

  constructor(private readonly random: Random) {}

  /**
   * Issues a token for a task of `executionArn`; answers are accepted from now on. `token` re-opens
   * one issued before (an execution resumed from a snapshot waits for the answer to the same task).
   */
  open(executionArn: string, token = taskToken(this.random)): TaskTokenWait {
    let record!: TokenRecord;
    const result = new Promise<unknown>((resolve, reject) => {
      record = {
        open: true,
        resolve: (v) => {
          record.open = false;
          resolve(v);
        },
        reject: (e) => {
          record.open = false;
          reject(e);
        },
      };
    });
    // The task may have ended before anyone waits for the answer.
    result.catch(() => {});
    this.tokens.set(token, record);
    const own = this.byExecution.get(executionArn) ?? new Set<string>();
    own.add(token);
    this.byExecution.set(executionArn, own);
    const all = this.issued.get(executionArn);
    if (all) all.push(token);
    else this.issued.set(executionArn, [token]);
    return {
      token,
      result,
      onHeartbeat: (callback) => {
        record.heartbeat = callback;
      },
      close: () => {
        record.open = false;
        own.delete(token);
      },
    };
  }

  /** Ends every open token of an execution that has ended. */
  closeExecution(executionArn: string): void {
    for (const token of this.byExecution.get(executionArn) ?? []) {
      const t = this.tokens.get(token);
      if (t) t.open = false;
    }
    this.byExecution.delete(executionArn);
  }

  /** Drops every token of an execution the engine no longer keeps: they become unknown (InvalidToken). */
  forget(executionArn: string): void {
    for (const token of this.issued.get(executionArn) ?? []) this.tokens.delete(token);
    this.issued.delete(executionArn);
  }

  /** `output` is a JSON string, as in SendTaskSuccess. */
  succeed(token: string, output: string): void {
    const record = this.get(token);
    let value: unknown;
    try {
      value = JSON.parse(output);
    } catch {
      throw new InvalidOutput('The output is not valid JSON');
    }
    record.resolve(value);
  }

  fail(token: string, error?: string, cause?: string): void {
    this.get(token).reject(new StatesError(error ?? STATES_ERRORS.taskFailed, cause));
  }

  heartbeat(token: string): void {
    this.get(token).heartbeat?.();
  }

  private get(token: string): TokenRecord {
    const t = this.tokens.get(token);
    if (!t) throw new InvalidToken('Invalid token');
    if (!t.open) throw new TaskTimedOut('Task Timed Out: Provided task does not exist anymore');
    return t;
  }
}
