/**
 * `.waitForTaskToken`, pinned to the AWS docs (connect-to-resource.html "Wait for a callback with
 * the task token"; SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat API errors InvalidToken
 * and TaskTimedOut).
 */
import { describe, expect, it } from 'vitest';
import {
  type AslEngine,
  type IntegrationContext,
  InvalidOutput,
  InvalidToken,
  TaskTimedOut,
  type VirtualClock,
} from '../../../local/asl/index.ts';
import { lambdaEngine, machine } from './helpers.ts';

const callback = (extra: Record<string, unknown> = {}) =>
  machine({
    Approve: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Arguments: {
        FunctionName: 'register',
        Payload: { token: '{% $states.context.Task.Token %}', order: '{% $states.input.order %}' },
      },
      ...extra,
      End: true,
    },
  });

/** An engine whose `register` function hands each token to `onToken`. */
function tokenEngine(onToken: (engine: AslEngine, token: string, ctx: IntegrationContext) => void) {
  const box: { engine?: AslEngine } = {};
  const { engine, calls } = lambdaEngine((_fn, payload, ctx) => {
    onToken(box.engine as AslEngine, (payload as { token: string }).token, ctx);
    return { registered: true };
  });
  box.engine = engine;
  return { engine, calls };
}

describe('.waitForTaskToken', () => {
  it('passes $states.context.Task.Token and outputs what SendTaskSuccess sends', async () => {
    const { engine, calls } = tokenEngine((e, token) => {
      e.clock.setTimer(3 * 86_400_000, () =>
        e.sendTaskSuccess(token, JSON.stringify({ outcome: 'approved' })),
      );
    });
    engine.registerStateMachine('cb', callback());
    const result = await engine.runExecution('cb', { order: 'A1' });
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: { outcome: 'approved' } });
    const payload = calls[0].payload as { token: string; order: string };
    expect(payload.order).toBe('A1');
    expect(payload.token.length).toBeGreaterThan(20);
    expect((result.stopDate?.getTime() ?? 0) - result.startDate.getTime()).toBe(3 * 86_400_000);
    const types = engine.getExecutionHistory(result.executionArn).map((e) => e.type);
    expect(types).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('fails the task with the error and cause of SendTaskFailure', async () => {
    const { engine } = tokenEngine((e, token) => {
      queueMicrotask(() => e.sendTaskFailure(token, 'Human.Rejected', 'no budget'));
    });
    engine.registerStateMachine('cb', callback());
    expect(await engine.runExecution('cb', { order: 'A1' })).toMatchObject({
      status: 'FAILED',
      error: 'Human.Rejected',
      cause: 'no budget',
    });
  });

  it('times out with States.Timeout when nobody answers; a late answer gets TaskTimedOut', async () => {
    let seen = '';
    const { engine } = tokenEngine((_e, token) => {
      seen = token;
    });
    engine.registerStateMachine('cb', callback({ TimeoutSeconds: 7 * 86_400 }));
    const result = await engine.runExecution('cb', { order: 'A1' });
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    expect((result.stopDate?.getTime() ?? 0) - result.startDate.getTime()).toBe(7 * 86_400_000);
    expect(() => engine.sendTaskSuccess(seen, '{}')).toThrow(TaskTimedOut);
    expect(() => engine.sendTaskSuccess('no-such-token', '{}')).toThrow(InvalidToken);
  });

  it('fails with States.HeartbeatTimeout without heartbeats, and heartbeats keep the task alive', async () => {
    const heartbeats = (count: number) =>
      tokenEngine((e, token) => {
        for (let i = 1; i <= count; i++) e.clock.setTimer(i * 50_000, () => e.sendTaskHeartbeat(token));
        e.clock.setTimer(count * 50_000 + 50_000, () => {
          try {
            e.sendTaskSuccess(token, '"done"');
          } catch {
            // The task already timed out.
          }
        });
      });
    const quick = heartbeats(0);
    quick.engine.registerStateMachine('cb', callback({ HeartbeatSeconds: 60 }));
    expect((await quick.engine.runExecution('cb', { order: 1 })).status).toBe('SUCCEEDED');
    const slow = tokenEngine(() => {});
    slow.engine.registerStateMachine('cb', callback({ HeartbeatSeconds: 60 }));
    expect((await slow.engine.runExecution('cb', { order: 1 })).error).toBe('States.HeartbeatTimeout');
    const beating = heartbeats(5);
    beating.engine.registerStateMachine('cb', callback({ HeartbeatSeconds: 60 }));
    expect(await beating.engine.runExecution('cb', { order: 1 })).toMatchObject({
      status: 'SUCCEEDED',
      output: 'done',
    });
  });

  it('matches a heartbeat timeout with States.Timeout in a catcher', async () => {
    const { engine } = tokenEngine(() => {});
    engine.registerStateMachine(
      'cb',
      machine({
        Approve: {
          ...(callback({ HeartbeatSeconds: 5 }).States.Approve as object),
          End: undefined,
          Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'Late' }],
          Next: 'Late',
        },
        Late: { Type: 'Pass', End: true },
      }),
    );
    expect((await engine.runExecution('cb', { order: 1 })).output).toMatchObject({
      Error: 'States.HeartbeatTimeout',
    });
  });

  it('rejects SendTaskSuccess output that is not JSON', async () => {
    let seen = '';
    const { engine } = tokenEngine((_e, token) => {
      seen = token;
    });
    engine.registerStateMachine('cb', callback({ TimeoutSeconds: 60 }));
    // Drive time by hand: with auto-advance the 60 s timeout would pass as soon as all is idle.
    (engine.clock as VirtualClock).setAutoAdvance(false);
    const { executionArn } = engine.startExecution('cb', { order: 1 });
    await (engine.clock as VirtualClock).advance(59_000);
    expect(() => engine.sendTaskSuccess(seen, 'not json')).toThrow(InvalidOutput);
    engine.sendTaskSuccess(seen, '[1]');
    expect((await engine.awaitExecution(executionArn)).output).toEqual([1]);
  });
});
