/**
 * The execution API, pinned to the AWS StartExecution / StopExecution / DescribeExecution /
 * GetExecutionHistory docs: StartExecution is idempotent for STANDARD workflows when called with the
 * same name and input while that execution runs, and returns ExecutionAlreadyExists when the input
 * differs or the execution has closed; StopExecution → ABORTED.
 */
import { describe, expect, it } from 'vitest';
import {
  AslEngine,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  StateMachineDoesNotExist,
  VirtualClock,
} from '../../../local/asl/index.ts';
import { lambdaEngine, lambdaTask, machine } from './helpers.ts';

const waiting = machine({
  W: { Type: 'Wait', Seconds: 60, Next: 'Done' },
  Done: { Type: 'Pass', End: true },
});

describe('startExecution', () => {
  it('is idempotent by name for the same input while running, ExecutionAlreadyExists otherwise', async () => {
    const engine = new AslEngine();
    engine.registerStateMachine('p', waiting);
    const first = engine.startExecution('p', { id: 1 }, { name: 'evt-123' });
    expect(engine.startExecution('p', { id: 1 }, { name: 'evt-123' })).toEqual(first);
    expect(() => engine.startExecution('p', { id: 2 }, { name: 'evt-123' })).toThrow(ExecutionAlreadyExists);
    await engine.awaitExecution(first.executionArn);
    expect(() => engine.startExecution('p', { id: 1 }, { name: 'evt-123' })).toThrow(ExecutionAlreadyExists);
    expect(engine.listExecutions({ stateMachine: 'p' })).toHaveLength(1);
    expect(first.executionArn).toBe('arn:aws:states:us-east-1:123456789012:execution:p:evt-123');
  });

  it('accepts the state machine by ARN or name and rejects unknown ones', async () => {
    const engine = new AslEngine();
    const { stateMachineArn } = engine.registerStateMachine('p', waiting);
    expect((await engine.runExecution(stateMachineArn)).status).toBe('SUCCEEDED');
    expect(() => engine.startExecution('nope')).toThrow(StateMachineDoesNotExist);
    expect(() => engine.describeExecution('arn:nope')).toThrow(ExecutionDoesNotExist);
  });

  it('fills $states.context with the execution, state and state machine', async () => {
    const clock = new VirtualClock({ start: Date.parse('2025-05-05T10:00:00Z') });
    const engine = new AslEngine({ clock });
    engine.registerStateMachine(
      'ctx',
      machine({
        W: { Type: 'Wait', Seconds: 5, Next: 'Show' },
        Show: { Type: 'Pass', Output: '{% $states.context %}', End: true },
      }),
    );
    const result = await engine.runExecution('ctx', { a: 1 }, { name: 'run-1' });
    expect(result.output).toEqual({
      Execution: {
        Id: result.executionArn,
        Input: { a: 1 },
        Name: 'run-1',
        RoleArn: 'arn:aws:iam::123456789012:role/dazzle-local',
        StartTime: '2025-05-05T10:00:00.000Z',
        RedriveCount: 0,
      },
      State: { EnteredTime: '2025-05-05T10:00:05.000Z', Name: 'Show', RetryCount: 0 },
      StateMachine: { Id: result.stateMachineArn, Name: 'ctx' },
    });
  });
});

describe('stopExecution', () => {
  it('aborts a running execution (status ABORTED, with error and cause)', async () => {
    const clock = new VirtualClock({ autoAdvance: false });
    const engine = new AslEngine({ clock });
    engine.registerStateMachine('p', waiting);
    const { executionArn } = engine.startExecution('p');
    await clock.advance(10_000);
    engine.stopExecution(executionArn, { error: 'Manual', cause: 'operator' });
    expect(engine.describeExecution(executionArn)).toMatchObject({
      status: 'ABORTED',
      error: 'Manual',
      cause: 'operator',
    });
    await clock.runAll();
    const history = engine.getExecutionHistory(executionArn).map((e) => e.type);
    expect(history).toEqual(['ExecutionStarted', 'WaitStateEntered', 'ExecutionAborted']);
    expect(engine.describeExecution(executionArn).status).toBe('ABORTED');
  });
});

describe('history and transitions', () => {
  it('records AWS-like events with ids, previous ids and timestamps', async () => {
    const { engine } = lambdaEngine((_fn, payload) => payload);
    engine.registerStateMachine('h', machine({ T: lambdaTask('echo', { End: true }) }));
    const result = await engine.runExecution('h', { x: 1 });
    const events = engine.getExecutionHistory(result.executionArn);
    expect(events.map((e) => [e.id, e.previousEventId, e.type])).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 1, 'TaskStateEntered'],
      [3, 2, 'TaskScheduled'],
      [4, 3, 'TaskStarted'],
      [5, 4, 'TaskSucceeded'],
      [6, 5, 'TaskStateExited'],
      [7, 6, 'ExecutionSucceeded'],
    ]);
    expect(events[0].executionStartedEventDetails).toMatchObject({ input: '{"x":1}' });
    expect(events[2].taskScheduledEventDetails).toMatchObject({
      resourceType: 'lambda',
      resource: 'invoke',
      region: 'us-east-1',
      parameters: JSON.stringify({ FunctionName: 'echo', Payload: { x: 1 } }),
    });
    expect(events[5].stateExitedEventDetails).toEqual({ name: 'T', output: '{"x":1}' });
    expect(events.every((e) => e.timestamp instanceof Date)).toBe(true);
    expect(engine.getExecutionHistory(result.executionArn, { reverseOrder: true })[0].type).toBe(
      'ExecutionSucceeded',
    );
  });

  it('counts one transition per state entered, inside branches and iterations too, plus retries', async () => {
    const { engine } = lambdaEngine((_fn, _p, _c, n) => {
      if (n === 1) throw new Error('first call fails');
      return 1;
    });
    const def = machine({
      Start: { Type: 'Pass', Next: 'Work' },
      Work: lambdaTask('w', { Retry: [{ ErrorEquals: ['States.ALL'] }], Next: 'Fan' }),
      Fan: {
        Type: 'Map',
        Items: [1, 2],
        ItemProcessor: {
          StartAt: 'A',
          States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', End: true } },
        },
        Next: 'Both',
      },
      Both: {
        Type: 'Parallel',
        Branches: [{ StartAt: 'X', States: { X: { Type: 'Succeed' } } }],
        End: true,
      },
    });
    engine.registerStateMachine('count', def);
    const result = await engine.runExecution('count');
    // Start, Work (+1 retry), Fan + 2×(A, B), Both + X
    expect(result.transitions).toBe(1 + 2 + 1 + 4 + 1 + 1);
  });
});

describe('state machine registry', () => {
  it('replaces a definition only when asked, and reports closed executions', async () => {
    const closed: string[] = [];
    const engine = new AslEngine({ onExecutionClosed: (d) => closed.push(`${d.name}:${d.status}`) });
    engine.registerStateMachine('p', machine({ P: { Type: 'Pass', Output: 1, End: true } }));
    expect(() =>
      engine.registerStateMachine('p', machine({ P: { Type: 'Pass', Output: 2, End: true } })),
    ).toThrow(/already exists/);
    expect((await engine.runExecution('p', {}, { name: 'one' })).output).toBe(1);
    engine.registerStateMachine('p', machine({ P: { Type: 'Pass', Output: 2, End: true } }), {
      replace: true,
    });
    expect((await engine.runExecution('p', {}, { name: 'two' })).output).toBe(2);
    expect(closed).toEqual(['one:SUCCEEDED', 'two:SUCCEEDED']);
  });
});

describe('determinism', () => {
  it('replays identically on the virtual clock with the same seed (names, jitter, $uuid, timestamps)', async () => {
    const once = async (seed: number) => {
      const { engine } = lambdaEngine(
        (_fn, _p, _c, n) => {
          if (n < 3) throw new Error('flaky');
          return 'ok';
        },
        { seed },
      );
      engine.registerStateMachine(
        'd',
        machine({
          T: lambdaTask('f', {
            Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 5, JitterStrategy: 'FULL' }],
            Next: 'Id',
          }),
          Id: { Type: 'Pass', Output: '{% $uuid() %}', End: true },
        }),
      );
      const result = await engine.runExecution('d');
      return JSON.stringify([result, engine.getExecutionHistory(result.executionArn)]);
    };
    const first = await once(3);
    expect(await once(3)).toBe(first);
    expect(await once(4)).not.toBe(first);
  });
});
