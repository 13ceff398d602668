/**
 * RedriveExecution, pinned to the AWS API reference
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_RedriveExecution.html):
 * the same execution continues from the state that did not succeed, with the same input, the
 * states that succeeded are not run again, `redriveCount` counts the redrives; only FAILED,
 * TIMED_OUT and ABORTED Standard executions within 14 days of their end may be redriven.
 */
import { describe, expect, it } from 'vitest';
import { ExecutionNotRedrivable, type VirtualClock } from '../../../local/asl/index.ts';
import { lambdaEngine, lambdaTask, machine, namedError } from './helpers.ts';

const DEF = machine({
  First: lambdaTask('first', { Assign: { fromFirst: '{% $states.result.Payload %}' }, Next: 'Second' }),
  Second: {
    ...lambdaTask('second', { End: true }),
    Arguments: {
      FunctionName: 'second',
      Payload: { seen: '{% $fromFirst %}', redrives: '{% $states.context.Execution.RedriveCount %}' },
    },
  },
});

describe('RedriveExecution', () => {
  it('continues the same execution from the failed state; the states that succeeded do not run again', async () => {
    let broken = true;
    const { engine, calls } = lambdaEngine((fn, payload) => {
      if (fn === 'first') return 'one';
      if (broken) throw namedError('Downstream.Unavailable');
      return payload;
    });
    engine.registerStateMachine('m', DEF);
    const { executionArn } = engine.startExecution('m', { order: 7 }, { name: 'run-1' });
    const failed = await engine.awaitExecution(executionArn);
    expect(failed).toMatchObject({ status: 'FAILED', error: 'Downstream.Unavailable', redriveCount: 0 });

    broken = false;
    const { redriveDate } = engine.redriveExecution(executionArn);
    expect(engine.describeExecution(executionArn).status).toBe('RUNNING');
    const done = await engine.awaitExecution(executionArn);
    expect(done).toMatchObject({
      executionArn,
      status: 'SUCCEEDED',
      redriveCount: 1,
      redriveDate,
      input: { order: 7 },
      // The variable First assigned survives; the context counts the redrive.
      output: { seen: 'one', redrives: 1 },
    });
    expect(done.error).toBeUndefined();
    expect(calls.map((c) => c.fn)).toEqual(['first', 'second', 'second']);
    const types = engine.getExecutionHistory(executionArn).map((e) => e.type);
    expect(types.filter((t) => t === 'ExecutionRedriven')).toHaveLength(1);
    expect(types.indexOf('ExecutionFailed')).toBeLessThan(types.indexOf('ExecutionRedriven'));
    expect(types.at(-1)).toBe('ExecutionSucceeded');
  });

  it('redrives a stopped (ABORTED) execution from the state it was in', async () => {
    const { engine, calls } = lambdaEngine((fn, payload, ctx) =>
      fn === 'first' && calls.length === 1
        ? new Promise((_, reject) => ctx.signal?.addEventListener('abort', () => reject(ctx.signal?.reason)))
        : payload,
    );
    engine.registerStateMachine('m', DEF);
    const { executionArn } = engine.startExecution('m', {});
    await new Promise((r) => setTimeout(r, 10));
    engine.stopExecution(executionArn);
    expect(engine.describeExecution(executionArn).status).toBe('ABORTED');
    engine.redriveExecution(executionArn);
    expect(await engine.awaitExecution(executionArn)).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
    expect(calls.map((c) => c.fn)).toEqual(['first', 'first', 'second']);
  });

  it('refuses RUNNING and SUCCEEDED executions, Express machines, and after 14 days', async () => {
    const { engine } = lambdaEngine((fn) => {
      if (fn === 'second') throw namedError('Boom');
      return 'x';
    });
    engine.registerStateMachine('m', DEF);
    engine.registerStateMachine('ok', machine({ Done: { Type: 'Pass', End: true } }));
    engine.registerStateMachine('fast', DEF, { type: 'EXPRESS' });
    const ok = engine.startExecution('ok', {}).executionArn;
    await engine.awaitExecution(ok);
    expect(() => engine.redriveExecution(ok)).toThrow(/SUCCEEDED and cannot be redriven/);
    const express = engine.startExecution('fast', {}).executionArn;
    await engine.awaitExecution(express);
    expect(() => engine.redriveExecution(express)).toThrow(/EXPRESS/);
    const failed = engine.startExecution('m', {}).executionArn;
    await engine.awaitExecution(failed);
    await (engine.clock as VirtualClock).advance(14 * 24 * 3600 * 1000 + 1000);
    expect(() => engine.redriveExecution(failed)).toThrow(/redrivable period exceeded/);
    expect(() => engine.redriveExecution(ok)).toThrow(ExecutionNotRedrivable);
    expect(engine.describeExecution(failed)).toMatchObject({ status: 'FAILED', redriveCount: 0 });
  });
});
