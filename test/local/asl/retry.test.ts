/**
 * Retry, pinned to https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
 * ("Retrying after an error", "Complex retry scenarios", "Handling a timeout using Retry").
 */
import { describe, expect, it } from 'vitest';
import { AslEngine, InvalidDefinition, seededRandom } from '../../../local/asl/index.ts';
import { gaps, lambdaEngine, lambdaTask, machine, namedError, run } from './helpers.ts';

describe('Retry', () => {
  it('waits 3 and then 4.5 seconds for IntervalSeconds 3, MaxAttempts 2, BackoffRate 1.5 (AWS example)', async () => {
    const { engine, calls } = lambdaEngine(() => {
      throw namedError('States.Timeout');
    });
    const def = machine({
      X: lambdaTask('f', {
        Retry: [{ ErrorEquals: ['States.Timeout'], IntervalSeconds: 3, MaxAttempts: 2, BackoffRate: 1.5 }],
        End: true,
      }),
    });
    const result = await run(engine, def);
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('States.Timeout');
    expect(calls).toHaveLength(3);
    expect(gaps(calls)).toEqual([3, 4.5]);
  });

  it('uses the defaults IntervalSeconds 1, MaxAttempts 3, BackoffRate 2.0', async () => {
    const { engine, calls } = lambdaEngine(() => {
      throw namedError('Boom');
    });
    await run(engine, machine({ X: lambdaTask('f', { Retry: [{ ErrorEquals: ['Boom'] }], End: true }) }));
    expect(gaps(calls)).toEqual([1, 2, 4]);
  });

  it('caps the interval with MaxDelaySeconds', async () => {
    const { engine, calls } = lambdaEngine(() => {
      throw namedError('Boom');
    });
    const retry = [
      { ErrorEquals: ['Boom'], IntervalSeconds: 2, MaxAttempts: 5, BackoffRate: 3, MaxDelaySeconds: 10 },
    ];
    await run(engine, machine({ X: lambdaTask('f', { Retry: retry, End: true }) }));
    expect(gaps(calls)).toEqual([2, 6, 10, 10, 10]);
  });

  it('keeps per-retrier counters across errors (AWS complex retry scenario: ErrorA, ErrorB, ErrorC, ErrorB, ErrorB)', async () => {
    const errors = ['ErrorA', 'ErrorB', 'ErrorC', 'ErrorB', 'ErrorB'];
    const { engine, calls } = lambdaEngine((_fn, _p, _c, n) => {
      throw namedError(errors[n - 1]);
    });
    const def = machine({
      X: lambdaTask('f', {
        Next: 'Y',
        Retry: [
          { ErrorEquals: ['ErrorA', 'ErrorB'], IntervalSeconds: 1, BackoffRate: 2.0, MaxAttempts: 2 },
          { ErrorEquals: ['ErrorC'], IntervalSeconds: 5 },
        ],
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Z' }],
      }),
      Y: { Type: 'Pass', End: true },
      Z: { Type: 'Pass', Output: { caught: '{% $states.input.Error %}' }, End: true },
    });
    const result = await run(engine, def);
    expect(gaps(calls)).toEqual([1, 2, 5, 4]);
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toEqual({ caught: 'ErrorB' });
  });

  it('MaxAttempts 0 never retries that error; a later States.ALL retrier handles the rest (AWS example)', async () => {
    const retry = [
      { ErrorEquals: ['States.Timeout'], MaxAttempts: 0 },
      { ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 1 },
    ];
    const timeouts = lambdaEngine(() => {
      throw namedError('States.Timeout');
    });
    await run(timeouts.engine, machine({ X: lambdaTask('f', { Retry: retry, End: true }) }));
    expect(timeouts.calls).toHaveLength(1);
    const others = lambdaEngine(() => {
      throw namedError('Other');
    });
    await run(others.engine, machine({ X: lambdaTask('f', { Retry: retry, End: true }) }));
    expect(others.calls).toHaveLength(2);
  });

  it('States.TaskFailed matches any error except a timeout', async () => {
    const timeouts = lambdaEngine(() => {
      throw namedError('States.Timeout');
    });
    const def = machine({
      X: lambdaTask('f', { Retry: [{ ErrorEquals: ['States.TaskFailed'] }], End: true }),
    });
    await run(timeouts.engine, def);
    expect(timeouts.calls).toHaveLength(1);
    const custom = lambdaEngine(() => {
      throw namedError('Custom');
    });
    await run(custom.engine, def);
    expect(custom.calls).toHaveLength(4);
  });

  it('FULL jitter waits a seeded random fraction of each backoff interval', async () => {
    const delays = async (seed: number) => {
      const { engine, calls } = lambdaEngine(
        () => {
          throw namedError('Boom');
        },
        { random: seededRandom(seed) },
      );
      const retry = [{ ErrorEquals: ['Boom'], IntervalSeconds: 10, MaxAttempts: 4, JitterStrategy: 'FULL' }];
      await run(engine, machine({ X: lambdaTask('f', { Retry: retry, End: true }) }));
      return gaps(calls);
    };
    const a = await delays(7);
    expect(a).toHaveLength(4);
    [10, 20, 40, 80].forEach((max, i) => {
      expect(a[i]).toBeGreaterThanOrEqual(0);
      expect(a[i]).toBeLessThanOrEqual(max);
    });
    expect(a).not.toEqual([10, 20, 40, 80]);
    expect(await delays(7)).toEqual(a);
    expect(await delays(8)).not.toEqual(a);
  });

  it('counts each retry as a state transition and exposes RetryCount in $states.context', async () => {
    const { engine, calls } = lambdaEngine((_fn, _p, _c, n) => {
      if (n < 3) throw namedError('Boom');
      return 'ok';
    });
    const def = machine({
      X: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Arguments: { FunctionName: 'f', Payload: { retry: '{% $states.context.State.RetryCount %}' } },
        Retry: [{ ErrorEquals: ['Boom'] }],
        Output: '{% $states.result.Payload %}',
        Next: 'Done',
      },
      Done: { Type: 'Succeed' },
    });
    const result = await run(engine, def);
    expect(calls.map((c) => c.payload)).toEqual([{ retry: 0 }, { retry: 1 }, { retry: 2 }]);
    expect(result.transitions).toBe(2 + 2);
  });

  it('rejects States.ALL that is not alone or not in the last retrier', () => {
    const engine = new AslEngine({ integrations: { invokeLambda: async () => ({ Payload: null }) } });
    const bad = (retry: unknown[]) => () =>
      engine.registerStateMachine(
        `m${Math.random().toString(36).slice(2)}`,
        machine({ X: lambdaTask('f', { Retry: retry, End: true }) }),
      );
    expect(bad([{ ErrorEquals: ['States.ALL', 'Other'] }])).toThrow(InvalidDefinition);
    expect(bad([{ ErrorEquals: ['States.ALL'] }, { ErrorEquals: ['Other'] }])).toThrow(
      /States.ALL must appear alone/,
    );
    expect(bad([{ ErrorEquals: ['Other'] }, { ErrorEquals: ['States.ALL'] }])).not.toThrow();
  });
});
