/**
 * The history is stored compactly (history.ts: flat slots, a `lambda:invoke` result kept as how to
 * build it): what GetExecutionHistory and a snapshot return must be the values the execution
 * actually saw, byte for byte.
 */
import { describe, expect, it } from 'vitest';
import { AslEngine } from '../../../local/asl/index.ts';
import { LAMBDA, machine } from './helpers.ts';

function engine() {
  return new AslEngine({
    integrations: { invokeLambda: async (_f, p) => ({ Payload: { got: p, text: 'é"\n' } }) },
  });
}

/** Two invokes whose whole results (with the HTTP metadata) flow on as state outputs. */
const def = machine({
  A: { Type: 'Task', Resource: LAMBDA, Arguments: { FunctionName: 'f', Payload: { n: 1 } }, Next: 'B' },
  B: {
    Type: 'Task',
    Resource: LAMBDA,
    Arguments: { FunctionName: 'g', Payload: '{% $states.input.Payload %}' },
    End: true,
  },
});

describe('compact history', () => {
  it('returns the very results that flowed, as JSON, in every event that holds them', async () => {
    const e = engine();
    e.registerStateMachine('m', def);
    const done = await e.runExecution('m', {});
    expect(done.status).toBe('SUCCEEDED');
    const output = done.output as { Payload: unknown; SdkHttpMetadata: unknown };
    expect(output.SdkHttpMetadata).toBeDefined();
    const events = e.getExecutionHistory(done.executionArn);
    const detail = (type: string, nth = 0) =>
      events.filter((x) => x.type === type)[nth]?.[
        type === 'TaskStateExited' || type === 'TaskStateEntered'
          ? `stateE${type.slice(10)}EventDetails`
          : `${type[0].toLowerCase()}${type.slice(1)}EventDetails`
      ] as Record<string, string>;
    // B's result is the execution's output: the same JSON in TaskSucceeded, the state's exit and
    // the execution's end.
    const text = JSON.stringify(output);
    expect(detail('TaskSucceeded', 1).output).toBe(text);
    expect(detail('TaskStateExited', 1).output).toBe(text);
    expect(detail('ExecutionSucceeded').output).toBe(text);
    // A's result was B's input; B's Payload is A's Payload.
    const first = JSON.parse(detail('TaskSucceeded', 0).output);
    expect(detail('TaskStateEntered', 1).input).toBe(detail('TaskSucceeded', 0).output);
    expect(first.Payload).toEqual({ got: { n: 1 }, text: 'é"\n' });
    expect(JSON.parse(detail('TaskScheduled', 1).parameters)).toEqual({
      FunctionName: 'g',
      Payload: first.Payload,
    });
    // Each call has its own request id, the same in the headers and the response metadata.
    const ids = [first, output].map(
      (o) => (o as { SdkResponseMetadata: { RequestId: string } }).SdkResponseMetadata.RequestId,
    );
    expect(new Set(ids).size).toBe(2);
    expect(first.SdkHttpMetadata.HttpHeaders['x-amzn-RequestId']).toBe(ids[0]);
    // Reading twice gives the same events.
    expect(e.getExecutionHistory(done.executionArn)).toEqual(events);
  });

  it('puts plain JSON in a snapshot, which another engine restores to the same history', async () => {
    const e = engine();
    e.registerStateMachine('m', def);
    const done = await e.runExecution('m', {});
    const snapshot = JSON.parse(JSON.stringify(e.snapshot()));
    const restored = engine();
    restored.registerStateMachine('m', def);
    restored.restore(snapshot);
    const events = restored.getExecutionHistory(done.executionArn);
    expect(events).toEqual(e.getExecutionHistory(done.executionArn));
    expect(events.map((x) => x.timestamp.getTime())).toEqual(
      e.getExecutionHistory(done.executionArn).map((x) => x.timestamp.getTime()),
    );
  });
});

describe('history room', () => {
  /** A Choice loop of `n` Pass states: the number of events depends on the input. */
  const loop = machine({
    Again: {
      Type: 'Choice',
      Choices: [{ Condition: '{% $states.input.i < $states.input.n %}', Next: 'Step' }],
      Default: 'Done',
    },
    Step: { Type: 'Pass', Output: '{% {"i": $states.input.i + 1, "n": $states.input.n} %}', Next: 'Again' },
    Done: { Type: 'Succeed' },
  });
  const shape = (events: ReturnType<AslEngine['getExecutionHistory']>) =>
    events.map(({ timestamp: _, ...rest }) => rest);

  it('records a run longer or shorter than the one before it exactly as a first run', async () => {
    const e = engine();
    e.registerStateMachine('loop', loop);
    for (const n of [3, 1, 7, 0, 2]) {
      const fresh = engine();
      fresh.registerStateMachine('loop', loop);
      const expected = shape(
        fresh.getExecutionHistory((await fresh.runExecution('loop', { i: 0, n })).executionArn),
      );
      const done = await e.runExecution('loop', { i: 0, n });
      const events = e.getExecutionHistory(done.executionArn);
      expect(shape(events)).toEqual(expected);
      expect(events.map((x) => x.id)).toEqual(expected.map((_, i) => i + 1));
      // 1 start, 2 per Choice visit, 2 per Pass visit, 2 for Succeed, 1 end.
      expect(events).toHaveLength(1 + 2 * (n + 1) + 2 * n + 2 + 1);
    }
  });

  it('snapshots a running execution with only the events it has had', async () => {
    const calls: (() => void)[] = [];
    const e = new AslEngine({
      integrations: {
        invokeLambda: () => new Promise((resolve) => calls.push(() => resolve({ Payload: {} }))),
      },
    });
    const wait = machine({
      A: { Type: 'Pass', Next: 'B' },
      B: { Type: 'Task', Resource: LAMBDA, Arguments: { FunctionName: 'f', Payload: {} }, Next: 'C' },
      C: { Type: 'Pass', End: true },
    });
    e.registerStateMachine('wait', wait);
    const run = async () => {
      const { executionArn } = e.startExecution('wait', {});
      while (calls.length === 0) await new Promise((r) => setImmediate(r));
      const dumped = e.snapshot([executionArn]).executions[0].history;
      calls.shift()?.();
      await e.awaitExecution(executionArn);
      return { dumped, events: e.getExecutionHistory(executionArn) };
    };
    const first = await run();
    const second = await run();
    // Started, A entered/exited, B entered, scheduled, started: 6 events while the call runs.
    for (const { dumped } of [first, second]) {
      expect(dumped.map((x) => x.type)).toEqual([
        'ExecutionStarted',
        'PassStateEntered',
        'PassStateExited',
        'TaskStateEntered',
        'TaskScheduled',
        'TaskStarted',
      ]);
    }
    // The same events (the request ids in the Lambda results differ).
    const ids = (events: typeof first.events) => events.map((x) => [x.id, x.previousEventId, x.type]);
    expect(ids(second.events)).toEqual(ids(first.events));
    expect(second.events).toHaveLength(11);
  });
});
