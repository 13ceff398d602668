/**
 * Parallel and Map, pinned to the AWS docs: amazon-states-language-parallel-state.html ("output is
 * an array with one element for each branch"; "If any branch fails … the entire Parallel state is
 * considered to have failed and all its branches are stopped") and
 * amazon-states-language-map-state.html (Items, ItemSelector with $states.context.Map.Item,
 * MaxConcurrency, output array in item order; distributed mode with ToleratedFailure*).
 */
import { describe, expect, it } from 'vitest';
import { AslEngine } from '../../../local/asl/index.ts';
import { lambdaEngine, lambdaTask, machine, namedError, run } from './helpers.ts';

describe('Parallel', () => {
  it('gives each branch the input and outputs one array element per branch (AWS FunWithMath example)', async () => {
    const { engine } = lambdaEngine((fn, payload) => {
      const [a, b] = payload as number[];
      return fn === 'Add' ? a + b : a - b;
    });
    const def = machine({
      FunWithMath: {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'Add', States: { Add: lambdaTask('Add', { End: true }) } },
          { StartAt: 'Subtract', States: { Subtract: lambdaTask('Subtract', { End: true }) } },
        ],
        End: true,
      },
    });
    const result = await run(engine, def, [3, 2]);
    expect(result.output).toEqual([5, 1]);
    expect(result.transitions).toBe(3);
  });

  it('fails with the failing branch’s error, stops the other branches, and can catch it', async () => {
    const { engine, calls } = lambdaEngine(async (fn, _p, ctx) => {
      if (fn === 'Bad') throw namedError('Branch.Error', 'bad branch');
      await ctx.sleep(60_000);
      return 'slow done';
    });
    const def = machine({
      Both: {
        Type: 'Parallel',
        Branches: [
          {
            StartAt: 'Slow',
            States: {
              Slow: lambdaTask('Slow', { Next: 'AfterSlow' }),
              AfterSlow: lambdaTask('AfterSlow', { End: true }),
            },
          },
          { StartAt: 'Bad', States: { Bad: lambdaTask('Bad', { End: true }) } },
        ],
        Catch: [
          { ErrorEquals: ['Branch.Error'], Next: 'Handled', Output: '{% $states.errorOutput.Error %}' },
        ],
        End: true,
      },
      Handled: { Type: 'Pass', End: true },
    });
    const result = await run(engine, def);
    expect(result.output).toBe('Branch.Error');
    expect(calls.map((c) => c.fn).sort()).toEqual(['Bad', 'Slow']);
    expect(calls.find((c) => c.fn === 'Slow')?.ctx.signal.aborted).toBe(true);
    const types = engine.getExecutionHistory(result.executionArn).map((e) => e.type);
    expect(types).toContain('ParallelStateFailed');
  });

  it('uses Arguments as the branches’ input', async () => {
    const def = machine({
      P: {
        Type: 'Parallel',
        Arguments: { n: '{% $states.input.n * 2 %}' },
        Branches: [
          { StartAt: 'B', States: { B: { Type: 'Pass', Output: '{% $states.input.n %}', End: true } } },
        ],
        End: true,
      },
    });
    expect((await run(new AslEngine(), def, { n: 4 })).output).toEqual([8]);
  });
});

describe('Map (INLINE)', () => {
  it('runs the ItemProcessor per item and outputs results in item order', async () => {
    const { engine } = lambdaEngine(async (_fn, payload, ctx) => {
      const n = payload as number;
      await ctx.sleep((10 - n) * 1000); // later items finish first
      return n * n;
    });
    const def = machine({
      Squares: {
        Type: 'Map',
        Items: '{% $states.input.numbers %}',
        ItemProcessor: { StartAt: 'Square', States: { Square: lambdaTask('square', { End: true }) } },
        End: true,
      },
    });
    const result = await run(engine, def, { numbers: [1, 2, 3, 4] });
    expect(result.output).toEqual([1, 4, 9, 16]);
    expect(result.transitions).toBe(1 + 4);
  });

  it('builds each item’s input with ItemSelector and $states.context.Map.Item.{Index, Value}', async () => {
    const def = machine({
      M: {
        Type: 'Map',
        Items: ['a', 'b'],
        ItemSelector: {
          index: '{% $states.context.Map.Item.Index %}',
          value: '{% $states.context.Map.Item.Value %}',
          order: '{% $states.input.order %}',
        },
        ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
        End: true,
      },
    });
    expect((await run(new AslEngine(), def, { order: 9 })).output).toEqual([
      { index: 0, value: 'a', order: 9 },
      { index: 1, value: 'b', order: 9 },
    ]);
  });

  it('runs at most MaxConcurrency iterations at once', async () => {
    let running = 0;
    let peak = 0;
    const { engine } = lambdaEngine(async (_fn, payload, ctx) => {
      running++;
      peak = Math.max(peak, running);
      await ctx.sleep(1000);
      running--;
      return payload;
    });
    const def = (max: number) =>
      machine({
        M: {
          Type: 'Map',
          MaxConcurrency: max,
          ItemProcessor: { StartAt: 'T', States: { T: lambdaTask('t', { End: true }) } },
          End: true,
        },
      });
    engine.registerStateMachine('two', def(2));
    const start = engine.clock.now();
    const result = await engine.runExecution('two', [1, 2, 3, 4, 5]);
    expect(result.output).toEqual([1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    expect((engine.clock.now() - start) / 1000).toBe(3);
    peak = 0;
    engine.registerStateMachine('all', def(0));
    await engine.runExecution('all', [1, 2, 3, 4, 5]);
    expect(peak).toBe(5);
  });

  it('fails with the first failing iteration’s error', async () => {
    const { engine } = lambdaEngine((_fn, payload) => {
      if (payload === 3) throw namedError('Item.Bad');
      return payload;
    });
    const def = machine({
      M: {
        Type: 'Map',
        ItemProcessor: { StartAt: 'T', States: { T: lambdaTask('t', { End: true }) } },
        End: true,
      },
    });
    const result = await run(engine, def, [1, 2, 3]);
    expect(result).toMatchObject({ status: 'FAILED', error: 'Item.Bad' });
  });

  it('fails with States.QueryEvaluationError when the items are not an array', async () => {
    const def = machine({
      M: {
        Type: 'Map',
        ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
        End: true,
      },
    });
    expect((await run(new AslEngine(), def, { not: 'an array' })).error).toBe('States.QueryEvaluationError');
  });
});

describe('Map (DISTRIBUTED)', () => {
  const distributed = (tolerance: Record<string, unknown>) =>
    machine({
      M: {
        Type: 'Map',
        Label: 'Items',
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'T',
          States: { T: lambdaTask('t', { End: true }) },
        },
        ...tolerance,
        End: true,
      },
    });

  it('runs each item as a child execution of the same engine', async () => {
    const { engine } = lambdaEngine((_fn, payload) => (payload as number) + 1);
    const result = await run(engine, distributed({}), [1, 2, 3]);
    expect(result.output).toEqual([2, 3, 4]);
    const children = engine.listExecutions().filter((e) => e.parentExecutionArn === result.executionArn);
    expect(children).toHaveLength(3);
    expect(
      children.every((c) => c.status === 'SUCCEEDED' && c.stateMachineArn.endsWith('stateMachine:sm/Items')),
    ).toBe(true);
    expect(result.transitions).toBe(1 + 3);
  });

  it('tolerates failures up to ToleratedFailureCount, then fails with States.ExceedToleratedFailureThreshold', async () => {
    const failing = new Set([2, 4]);
    const { engine } = lambdaEngine((_fn, payload) => {
      if (failing.has(payload as number)) throw namedError('Item.Bad');
      return payload;
    });
    engine.registerStateMachine('one', distributed({ ToleratedFailureCount: 1 }));
    engine.registerStateMachine('two', distributed({ ToleratedFailureCount: 2 }));
    engine.registerStateMachine('pct', distributed({ ToleratedFailurePercentage: 50 }));
    const items = [1, 2, 3, 4];
    expect(await engine.runExecution('one', items)).toMatchObject({
      status: 'FAILED',
      error: 'States.ExceedToleratedFailureThreshold',
    });
    const two = await engine.runExecution('two', items);
    expect(two.status).toBe('SUCCEEDED');
    expect((two.output as unknown[])[1]).toMatchObject({ Error: 'Item.Bad' });
    expect((await engine.runExecution('pct', items)).status).toBe('SUCCEEDED');
  });
});
