/**
 * Behaviours pinned by executions recorded on AWS (test/local/asl/aws-recorded): each expectation
 * here is AWS's recorded answer, reduced to one small definition.
 */
import { describe, expect, it } from 'vitest';
import { AslEngine } from '../../../local/asl/index.ts';
import { LAMBDA, machine, run } from './helpers.ts';

const engine = () => new AslEngine({ integrations: { invokeLambda: async (_f, p) => ({ Payload: p }) } });

const pass = (output: unknown, extra: Record<string, unknown> = {}) =>
  machine({ P: { Type: 'Pass', Output: output, End: true, ...extra } });

describe('AWS-recorded fidelity', () => {
  it.each([['2016-12-05 21:29:29Z'], ['2016-12-05T21:29:29'], ['2016-13-05T21:29:29Z']])(
    'fails a Wait on Timestamp %s, which is not RFC 3339 with a zone',
    async (ts) => {
      const def = machine({ W: { Type: 'Wait', Timestamp: `{% '${ts}' %}`, End: true } });
      const done = await run(engine(), def);
      expect(done.status).toBe('FAILED');
      expect(done.error).toBe('States.QueryEvaluationError');
      expect(done.cause).toBe(
        `An error occurred while executing the state 'W' (entered at the event id #2). The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${ts}`,
      );
    },
  );

  it('waits until an RFC 3339 timestamp with nanoseconds or an offset', async () => {
    for (const ts of ['2016-03-05T21:29:29.243167252Z', '2016-03-05T21:29:29+02:00']) {
      const def = machine({ W: { Type: 'Wait', Timestamp: `{% '${ts}' %}`, End: true } });
      expect((await run(engine(), def)).status).toBe('SUCCEEDED');
    }
  });

  it('collapses a one-item $range to the item, as a JSONata sequence', async () => {
    expect((await run(engine(), pass('{% $range(1, 9, 9) %}'))).output).toBe(1);
    expect((await run(engine(), pass('{% $range(0, 9, 3) %}'))).output).toEqual([0, 3, 6, 9]);
  });

  it('prefixes evaluation failures with the state, names the sub-field, and writes EvaluationFailed', async () => {
    const e = engine();
    const done = await run(e, pass({ result: '{% $doesNotExist %}' }));
    expect(done.cause).toBe(
      "An error occurred while executing the state 'P' (entered at the event id #2). The JSONata expression '$doesNotExist' specified for the field 'Output/result' returned nothing (undefined).",
    );
    const events = e.getExecutionHistory(done.executionArn);
    expect(events.map((x) => x.type)).toEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'EvaluationFailed',
      'ExecutionFailed',
    ]);
    expect(events[2].evaluationFailedEventDetails).toMatchObject({ location: 'Output/result', state: 'P' });
  });

  it("words a Map's non-array Items as AWS does and writes MapStateFailed", async () => {
    const e = engine();
    const def = machine({
      M: {
        Type: 'Map',
        Items: '{% 1 %}',
        ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', End: true } } },
        End: true,
      },
    });
    const done = await run(e, def);
    expect(done.cause).toBe(
      "An error occurred while executing the state 'M' (entered at the event id #2). The JSONata expression '1' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'number' for value: 1",
    );
    expect(e.getExecutionHistory(done.executionArn).map((x) => x.type)).toEqual([
      'ExecutionStarted',
      'MapStateEntered',
      'EvaluationFailed',
      'MapStateFailed',
      'ExecutionFailed',
    ]);
  });

  it('runs an inline Map with ToleratedFailureCount and ToleratedFailurePercentage', async () => {
    const def = machine({
      M: {
        Type: 'Map',
        Items: [1, 2],
        ToleratedFailureCount: 1,
        ToleratedFailurePercentage: 50,
        ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', End: true } } },
        End: true,
      },
    });
    expect((await run(engine(), def)).output).toEqual([1, 2]);
  });

  it('keeps a key ending in ".$" inside a JSONata Output as a literal key', async () => {
    expect((await run(engine(), pass({ 'id.$': '$.id' }))).output).toEqual({ 'id.$': '$.id' });
  });

  it('runs a definition whose every state says QueryLanguage JSONata under a JSONPath top level', async () => {
    const def = {
      StartAt: 'P',
      States: { P: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% 1 + 1 %}', End: true } },
    };
    expect((await run(engine(), def)).output).toBe(2);
  });

  it("returns lambda:invoke's SDK metadata with the payload", async () => {
    const def = machine({
      T: { Type: 'Task', Resource: LAMBDA, Arguments: { FunctionName: 'f', Payload: { a: 1 } }, End: true },
    });
    const output = (await run(engine(), def)).output as Record<string, unknown>;
    expect(output).toMatchObject({
      ExecutedVersion: '$LATEST',
      Payload: { a: 1 },
      SdkHttpMetadata: { HttpStatusCode: 200, HttpHeaders: { 'Content-Length': '7' } },
      SdkResponseMetadata: { RequestId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
      StatusCode: 200,
    });
  });

  it('invokes a function named by its ARN as the Resource, with LambdaFunction events', async () => {
    const e = engine();
    const def = machine({
      T: {
        Type: 'Task',
        Resource: 'arn:aws:lambda:us-east-1:111111111111:function:f',
        Arguments: { a: 1 },
        End: true,
      },
    });
    const done = await run(e, def);
    expect(done.output).toEqual({ a: 1 });
    expect(e.getExecutionHistory(done.executionArn).map((x) => x.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
  });
});
