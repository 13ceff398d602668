/**
 * Nested executions, pinned to https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html:
 * `startExecution.sync:2` returns the child's DescribeExecution with Output as JSON (`.sync` as a
 * string) and fails with States.TaskFailed when the child does not succeed; `startExecution`
 * returns {ExecutionArn, StartDate} at once.
 */
import { describe, expect, it } from 'vitest';
import { AslEngine } from '../../../local/asl/index.ts';
import { machine } from './helpers.ts';

function engineWithChild(child: unknown) {
  const engine = new AslEngine();
  const { stateMachineArn } = engine.registerStateMachine('child', child);
  const parent = (resource: string) =>
    machine({
      Sub: {
        Type: 'Task',
        Resource: resource,
        Arguments: {
          StateMachineArn: stateMachineArn,
          Input: { n: '{% $states.input.n %}' },
          Name: 'child-run',
        },
        End: true,
      },
    });
  return { engine, parent };
}

const doubler = machine({ D: { Type: 'Pass', Output: { doubled: '{% $states.input.n * 2 %}' }, End: true } });

describe('states:startExecution', () => {
  it('.sync:2 outputs the child execution with its Output as JSON', async () => {
    const { engine, parent } = engineWithChild(doubler);
    engine.registerStateMachine('parent', parent('arn:aws:states:::states:startExecution.sync:2'));
    const result = await engine.runExecution('parent', { n: 21 });
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toMatchObject({
      Status: 'SUCCEEDED',
      Output: { doubled: 42 },
      Input: { n: 21 },
      Name: 'child-run',
      ExecutionArn: 'arn:aws:states:us-east-1:123456789012:execution:child:child-run',
    });
    expect(
      engine.describeExecution((result.output as { ExecutionArn: string }).ExecutionArn).parentExecutionArn,
    ).toBe(result.executionArn);
  });

  it('.sync outputs Output as a JSON string', async () => {
    const { engine, parent } = engineWithChild(doubler);
    engine.registerStateMachine('parent', parent('arn:aws:states:::states:startExecution.sync'));
    const result = await engine.runExecution('parent', { n: 1 });
    expect((result.output as { Output: unknown }).Output).toBe('{"doubled":2}');
  });

  it('fails with States.TaskFailed, the child’s error in the cause, when the child fails', async () => {
    const { engine, parent } = engineWithChild(
      machine({ F: { Type: 'Fail', Error: 'Child.Broke', Cause: 'sorry' } }),
    );
    engine.registerStateMachine('parent', parent('arn:aws:states:::states:startExecution.sync:2'));
    const result = await engine.runExecution('parent', { n: 1 });
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.TaskFailed' });
    expect(JSON.parse(result.cause ?? '{}')).toMatchObject({
      Status: 'FAILED',
      Error: 'Child.Broke',
      Cause: 'sorry',
    });
  });

  it('without .sync returns ExecutionArn and StartDate at once', async () => {
    const { engine, parent } = engineWithChild(machine({ W: { Type: 'Wait', Seconds: 3600, End: true } }));
    engine.registerStateMachine('parent', parent('arn:aws:states:::states:startExecution'));
    const result = await engine.runExecution('parent', { n: 1 });
    expect(result.output).toEqual({
      ExecutionArn: 'arn:aws:states:us-east-1:123456789012:execution:child:child-run',
      StartDate: result.startDate.getTime(),
    });
    expect(result.stopDate?.getTime()).toBe(result.startDate.getTime());
  });

  it('aws-sdk:sfn:stopExecution stops another execution', async () => {
    const { engine } = engineWithChild(machine({ W: { Type: 'Wait', Seconds: 3600, End: true } }));
    const running = engine.startExecution('child', {}, { name: 'holder' });
    engine.registerStateMachine(
      'stopper',
      machine({
        Stop: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:sfn:stopExecution',
          Arguments: { ExecutionArn: running.executionArn, Cause: 'taken over' },
          End: true,
        },
      }),
    );
    expect((await engine.runExecution('stopper')).status).toBe('SUCCEEDED');
    expect(engine.describeExecution(running.executionArn)).toMatchObject({
      status: 'ABORTED',
      cause: 'taken over',
    });
  });
});
