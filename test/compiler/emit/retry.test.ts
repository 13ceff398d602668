import { describe, expect, it } from 'vitest';
import { LAMBDA_TRANSIENT_ERRORS, retriers } from '../../../compiler/emit/asl/retry.ts';
import type { ChoiceState, TaskState, WaitState } from '../../../compiler/emit/asl/types.ts';
import type { RetryConfig } from '../../../compiler/ir/types.ts';
import { processOf, service, step } from '../plan/builders.ts';
import { allStates, emitProcess, evaluate, evaluateObject, expectValid } from './harness.ts';

const retry = (fields: Partial<RetryConfig>): RetryConfig => ({
  max_attempts: 3,
  initial_interval_seconds: 1,
  backoff: 'exponential',
  backoff_coefficient: 2,
  max_interval_seconds: 60,
  ...fields,
});

describe('retriers', () => {
  it('fixed: MaxAttempts = max_attempts - 1, BackoffRate 1', () => {
    expect(
      retriers(retry({ backoff: 'fixed', max_attempts: 5, initial_interval_seconds: 10 }), undefined),
    ).toEqual([{ ErrorEquals: ['States.ALL'], IntervalSeconds: 10, MaxAttempts: 4, BackoffRate: 1 }]);
  });

  it('exponential: BackoffRate = coefficient, MaxDelaySeconds = max_interval', () => {
    expect(
      retriers(
        retry({
          max_attempts: 3,
          initial_interval_seconds: 2,
          backoff_coefficient: 3,
          max_interval_seconds: 20,
        }),
        undefined,
      ),
    ).toEqual([
      {
        ErrorEquals: ['States.ALL'],
        IntervalSeconds: 2,
        MaxAttempts: 2,
        BackoffRate: 3,
        MaxDelaySeconds: 20,
      },
    ]);
  });

  it('linear: no native retrier', () => {
    expect(retriers(retry({ backoff: 'linear' }), undefined)).toBeUndefined();
  });

  it('no retry, or max_attempts 1: only the transient errors', () => {
    const transient = [
      { ErrorEquals: LAMBDA_TRANSIENT_ERRORS, IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 },
    ];
    expect(retriers(undefined, LAMBDA_TRANSIENT_ERRORS)).toEqual(transient);
    expect(retriers(retry({ max_attempts: 1 }), LAMBDA_TRANSIENT_ERRORS)).toEqual(transient);
    expect(retriers(undefined, undefined)).toBeUndefined();
  });

  it('clamps what ASL cannot take (interval < 1 s, coefficient < 1)', () => {
    expect(retriers(retry({ initial_interval_seconds: 0, backoff_coefficient: 0.5 }), undefined)).toEqual([
      {
        ErrorEquals: ['States.ALL'],
        IntervalSeconds: 1,
        MaxAttempts: 2,
        BackoffRate: 1,
        MaxDelaySeconds: 60,
      },
    ]);
  });
});

describe('linear backoff emulation', () => {
  const linear = retry({
    backoff: 'linear',
    max_attempts: 4,
    initial_interval_seconds: 5,
    max_interval_seconds: 12,
  });

  it('loops Task → Choice → Wait with interval·n capped, then takes the failure target', async () => {
    const { definition } = emitProcess(
      processOf('p', [service('call', { retry: linear, on_failure: 'fallback' }), service('fallback')]),
    );
    expectValid(definition);
    const states = definition.States;
    const task = states.call as TaskState;
    expect(task.Retry).toBeUndefined(); // every error, transient ones included, goes through the loop
    expect(task.Catch).toHaveLength(1);
    expect(task.Catch?.[0].Next).toBe('call retry');
    expect(task.Assign?.attempts_call).toBe(0);
    const choice = states['call retry'] as ChoiceState;
    const wait = states['call retry wait'] as WaitState;
    expect(choice.Default).toBe('call retry wait');
    expect(choice.Choices[0].Next).toBe('fallback');
    expect(wait.Next).toBe('call');

    // Simulate four failed attempts: the counter the Catch assigns, the Choice, the Wait.
    let counter = 0;
    const waits: number[] = [];
    for (let attempt = 1; ; attempt++) {
      const assign = await evaluateObject(task.Catch?.[0].Assign ?? {}, {
        attempts_call: counter,
        states: { errorOutput: { Error: 'Boom', Cause: 'c' } },
      });
      counter = assign.attempts_call as number;
      expect(assign.failure).toEqual({ step: 'call', error: 'Boom', cause: 'c' });
      const exhausted = await evaluate(choice.Choices[0].Condition, { attempts_call: counter });
      if (exhausted) {
        expect(attempt).toBe(4);
        expect(choice.Choices[0].Assign?.attempts_call).toBe(0);
        break;
      }
      waits.push((await evaluate(wait.Seconds, { attempts_call: counter })) as number);
    }
    expect(waits).toEqual([5, 10, 12]);
  });

  it('inside a parallel branch counts in the context object', async () => {
    const { definition } = emitProcess(
      processOf('p', [
        step('parallel', 'both', { parallel_steps: [service('call', { retry: linear }), service('other')] }),
      ]),
    );
    expectValid(definition);
    const states = allStates(definition.States);
    const task = states.call as TaskState;
    const choice = states['call retry'] as ChoiceState;
    const wait = states['call retry wait'] as WaitState;
    let context: Record<string, unknown> = { input: {}, trigger: {}, outer: {}, steps: {}, completed: [] };
    const waits: number[] = [];
    for (;;) {
      context = (await evaluate(task.Catch?.[0].Output, {
        states: { input: context, errorOutput: { Error: 'Boom', Cause: 'c' } },
      })) as Record<string, unknown>;
      if (await evaluate(choice.Choices[0].Condition, { states: { input: context } })) break;
      waits.push((await evaluate(wait.Seconds, { states: { input: context } })) as number);
    }
    expect(waits).toEqual([5, 10, 12]);
    expect(choice.Choices[0].Next).toBe('call retry exhausted');
    const reset = await evaluate((states['call retry exhausted'] as { Output: string }).Output, {
      states: { input: context },
    });
    expect(reset).toMatchObject({ attempts: { call: 0 }, failure: { step: 'call', error: 'Boom' } });
  });
});
