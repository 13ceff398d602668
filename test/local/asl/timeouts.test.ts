/**
 * Task and execution timeouts, pinned to the AWS docs: States.Timeout when a Task runs longer than
 * TimeoutSeconds or misses a heartbeat (concepts-error-handling.html, "Handling a timeout using
 * Retry/Catch"), States.HeartbeatTimeout for the heartbeat, and the state machine's top-level
 * TimeoutSeconds ending the execution as TIMED_OUT.
 */
import { describe, expect, it } from 'vitest';
import { AslEngine, VirtualClock } from '../../../local/asl/index.ts';
import { gaps, lambdaEngine, lambdaTask, machine, run } from './helpers.ts';

const sleep10 = async (_fn: string, _p: unknown, ctx: { sleep(ms: number): Promise<void> }) => {
  await ctx.sleep(10_000);
  return 'finished';
};

describe('Task TimeoutSeconds', () => {
  it('fails with States.Timeout and is retried per the AWS example (TimeoutSeconds 2, IntervalSeconds 1, MaxAttempts 2)', async () => {
    const { engine, calls } = lambdaEngine(sleep10);
    const def = machine({
      HelloWorld: lambdaTask('sleep10', {
        TimeoutSeconds: 2,
        Retry: [{ ErrorEquals: ['States.Timeout'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 2.0 }],
        End: true,
      }),
    });
    const result = await run(engine, def);
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    // attempt (2 s) + 1 s, attempt (2 s) + 2 s, attempt (2 s)
    expect(gaps(calls)).toEqual([3, 4]);
    expect((result.stopDate?.getTime() ?? 0) - result.startDate.getTime()).toBe(9_000);
    expect(calls[0].ctx.signal.aborted).toBe(true);
    const history = engine.getExecutionHistory(result.executionArn).map((e) => e.type);
    expect(history.filter((t) => t === 'TaskTimedOut')).toHaveLength(3);
  });

  it('goes to the catcher on timeout (AWS "Handling a timeout using Catch")', async () => {
    const { engine } = lambdaEngine(sleep10);
    const def = machine({
      HelloWorld: lambdaTask('sleep10', {
        TimeoutSeconds: 2,
        Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'fallback' }],
        End: true,
      }),
      fallback: { Type: 'Pass', Output: 'Hello, AWS Step Functions!', End: true },
    });
    expect((await run(engine, def)).output).toBe('Hello, AWS Step Functions!');
  });

  it('does not time out while the task’s work runs outside the clock (real I/O holds virtual time)', async () => {
    const { engine } = lambdaEngine(async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      return 'ok';
    });
    const def = machine({ T: lambdaTask('io', { TimeoutSeconds: 1, End: true }) });
    expect((await run(engine, def)).status).toBe('SUCCEEDED');
  });

  it('accepts TimeoutSeconds as a JSONata expression', async () => {
    const { engine } = lambdaEngine(sleep10);
    const def = machine({ T: lambdaTask('sleep10', { TimeoutSeconds: '{% $states.input.t %}', End: true }) });
    engine.registerStateMachine('t', def);
    expect((await engine.runExecution('t', { t: 5 })).error).toBe('States.Timeout');
    expect((await engine.runExecution('t', { t: 20 })).status).toBe('SUCCEEDED');
  });
});

describe('execution TimeoutSeconds', () => {
  it('ends the execution as TIMED_OUT with States.Timeout, even during a long Wait', async () => {
    const clock = new VirtualClock({ start: 0 });
    const engine = new AslEngine({ clock });
    const def = machine({ W: { Type: 'Wait', Seconds: 86_400, End: true } }, { TimeoutSeconds: 3600 });
    const result = await run(engine, def);
    expect(result).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
    expect(result.stopDate?.getTime()).toBe(3_600_000);
    const history = engine.getExecutionHistory(result.executionArn).map((e) => e.type);
    expect(history.at(-1)).toBe('ExecutionTimedOut');
    expect(history).not.toContain('WaitStateExited');
  });

  it('limits EXPRESS executions to 5 minutes', async () => {
    const engine = new AslEngine();
    engine.registerStateMachine('x', machine({ W: { Type: 'Wait', Seconds: 600, End: true } }), {
      type: 'EXPRESS',
    });
    expect((await engine.runExecution('x')).status).toBe('TIMED_OUT');
  });
});
