/**
 * Catch, pinned to the AWS docs: "Fallback states" in concepts-error-handling.html and the JSONata
 * `$states.errorOutput` ({Error, Cause}) of transforming-data.html / workflow-variables.html.
 */
import { describe, expect, it } from 'vitest';
import { AslEngine, InvalidExecutionInput } from '../../../local/asl/index.ts';
import { lambdaEngine, lambdaTask, machine, namedError, run } from './helpers.ts';

describe('Catch', () => {
  it('goes to the catcher Next with $states.errorOutput as the default output (Lambda function error)', async () => {
    const { engine } = lambdaEngine(() => {
      throw namedError('HandledError', 'it broke');
    });
    const def = machine({
      HelloWorld: lambdaTask('FailFunction', {
        Catch: [{ ErrorEquals: ['HandledError'], Next: 'fallback' }],
        End: true,
      }),
      fallback: { Type: 'Pass', End: true },
    });
    const result = await run(engine, def);
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toEqual({
      Error: 'HandledError',
      Cause: JSON.stringify({ errorType: 'HandledError', errorMessage: 'it broke', trace: [] }),
    });
  });

  it('evaluates the catcher Output and Assign with $states.errorOutput and $states.input', async () => {
    const { engine } = lambdaEngine(() => {
      throw namedError('Nope');
    });
    const def = machine({
      Try: lambdaTask('f', {
        Assign: { fromState: 'not applied on error' },
        Catch: [
          {
            ErrorEquals: ['States.TaskFailed'],
            Next: 'Recover',
            Output: { input: '{% $states.input %}', error: '{% $states.errorOutput.Error %}' },
            Assign: { failure: '{% $states.errorOutput.Error %}' },
          },
        ],
        End: true,
      }),
      Recover: {
        Type: 'Pass',
        Output: {
          seen: '{% $states.input %}',
          failure: '{% $failure %}',
          fromState: '{% $exists($fromState) %}',
        },
        End: true,
      },
    });
    const result = await run(engine, def, { order: 7 });
    expect(result.output).toEqual({
      seen: { input: { order: 7 }, error: 'Nope' },
      failure: 'Nope',
      fromState: false,
    });
  });

  it('tries catchers in order and fails the execution when none matches', async () => {
    const { engine } = lambdaEngine(() => {
      throw namedError('Unlisted', 'why');
    });
    const def = machine({
      T: lambdaTask('f', { Catch: [{ ErrorEquals: ['Other'], Next: 'P' }], End: true }),
      P: { Type: 'Pass', End: true },
    });
    const result = await run(engine, def);
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('Unlisted');
    expect(JSON.parse(result.cause ?? '')).toMatchObject({ errorMessage: 'why' });
  });

  it('catches States.QueryEvaluationError raised by a JSONata expression of the state', async () => {
    const engine = new AslEngine({ integrations: { invokeLambda: async () => ({ Payload: 1 }) } });
    const def = machine({
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Arguments: { FunctionName: 'f', Payload: '{% $states.input.missing %}' },
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'P' }],
        End: true,
      },
      P: { Type: 'Pass', End: true },
    });
    const result = await run(engine, def, {});
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toMatchObject({ Error: 'States.QueryEvaluationError' });
    // AWS names the field down to the key that failed (recorded: aws-recorded, test_undefined_reference).
    expect((result.output as { Cause: string }).Cause).toContain("'Arguments/Payload'");
  });

  it('does not let States.ALL catch States.Runtime (terminal)', async () => {
    const engine = new AslEngine({ integrations: { invokeLambda: async () => ({ Payload: 1 }) } });
    const def = machine({
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Arguments: '{% "not an object" %}',
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'P' }],
        End: true,
      },
      P: { Type: 'Pass', End: true },
    });
    const result = await run(engine, def);
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('States.Runtime');
  });

  it('fails with the Fail state Error and Cause (JSONata allowed)', async () => {
    const engine = new AslEngine();
    const def = machine({
      F: { Type: 'Fail', Error: 'Order.Invalid', Cause: "{% 'order ' & $states.input.id & ' is invalid' %}" },
    });
    const result = await run(engine, def, { id: 'A1' });
    expect(result).toMatchObject({ status: 'FAILED', error: 'Order.Invalid', cause: 'order A1 is invalid' });
  });
});

describe('payload size', () => {
  it('fails with States.DataLimitExceeded (not caught by States.ALL) when a task result exceeds 256 KiB', async () => {
    const { engine } = lambdaEngine(() => 'x'.repeat(300 * 1024));
    const def = machine({
      Big: lambdaTask('big', { Catch: [{ ErrorEquals: ['States.ALL'], Next: 'P' }], End: true }),
      P: { Type: 'Pass', End: true },
    });
    const result = await run(engine, def);
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
  });

  it('rejects an execution input over 256 KiB', () => {
    const engine = new AslEngine();
    engine.registerStateMachine('p', machine({ P: { Type: 'Pass', End: true } }));
    expect(() => engine.startExecution('p', { blob: 'y'.repeat(300 * 1024) })).toThrow(InvalidExecutionInput);
  });
});
