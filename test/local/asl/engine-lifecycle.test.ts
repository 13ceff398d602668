/**
 * What the local runtime needs from the engine to stay bounded and observable: a cap on the
 * finished executions it keeps, listeners for starts and state entries (no scanning), and deleting
 * a state machine while its executions run on.
 */
import { describe, expect, it } from 'vitest';
import { AslEngine, RealClock } from '../../../local/asl/index.ts';
import { machine } from './helpers.ts';

const pass = machine({ P: { Type: 'Pass', Output: '{% $states.input %}', End: true } });
const waiting = machine({
  Ask: {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
    Arguments: { FunctionName: 'ask', Payload: { token: '{% $states.context.Task.Token %}' } },
    End: true,
  },
});

describe('finished executions kept', () => {
  it('keeps at most maxFinishedExecutions finished executions, dropping the oldest, never a running one', async () => {
    const tokens: string[] = [];
    const engine = new AslEngine({
      clock: new RealClock(),
      maxFinishedExecutions: 2,
      integrations: {
        invokeLambda: async (_fn, payload) => {
          tokens.push((payload as { token: string }).token);
          return { StatusCode: 200, Payload: null };
        },
      },
    });
    engine.registerStateMachine('p', pass);
    engine.registerStateMachine('w', waiting);
    const parked = engine.startExecution('w', {}, { name: 'parked' }).executionArn;
    const answered = engine.startExecution('w', {}, { name: 'answered' }).executionArn;
    await new Promise((r) => setTimeout(r, 10));
    engine.sendTaskSuccess(tokens[1], '{}');
    await engine.awaitExecution(answered);
    for (const name of ['a', 'b']) await engine.runExecution('p', { name }, { name });
    const names = engine.listExecutions().map((d) => `${d.name}:${d.status}`);
    expect(names.sort()).toEqual(['a:SUCCEEDED', 'b:SUCCEEDED', 'parked:RUNNING']);
    expect(() => engine.describeExecution(answered)).toThrow(/Execution Does Not Exist/);
    // The token of a dropped execution is unknown; the running one still takes its answer.
    expect(() => engine.sendTaskSuccess(tokens[1], '{}')).toThrow(
      expect.objectContaining({ name: 'InvalidToken' }),
    );
    engine.sendTaskSuccess(tokens[0], '{"ok":true}');
    expect((await engine.awaitExecution(parked)).status).toBe('SUCCEEDED');
  });
});

describe('internal machines (the trigger router)', () => {
  it('tell no listener of their executions, which do not push those of the user out of the cap', async () => {
    const heard: string[] = [];
    const engine = new AslEngine({
      clock: new RealClock(),
      maxFinishedExecutions: 1,
      onExecutionStarted: (d) => heard.push(`started ${d.name}`),
      onExecutionClosed: (d) => heard.push(`closed ${d.name}`),
      onHistoryEvent: (d, type) => heard.push(`${type} ${d.name}`),
    });
    engine.registerStateMachine('p', pass);
    engine.registerStateMachine('router', pass, { type: 'EXPRESS', internal: true });
    await engine.runExecution('p', {}, { name: 'mine' });
    heard.length = 0;
    for (const name of ['r1', 'r2', 'r3']) await engine.runExecution('router', {}, { name });
    expect(heard).toEqual([]);
    expect(engine.listExecutions().map((d) => d.name)).toEqual(['mine']);
  });
});

describe('listeners', () => {
  it('tells of every start (also of executions the engine starts) and of every state entered', async () => {
    const seen: string[] = [];
    const engine = new AslEngine({
      onExecutionStarted: (d) => seen.push(`start ${d.name}`),
      onHistoryEvent: (d, type, details) => {
        if (type.endsWith('StateEntered')) seen.push(`${d.name} → ${details?.name}`);
      },
      onExecutionClosed: (d) => seen.push(`end ${d.name} ${d.status}`),
    });
    engine.registerStateMachine('child', pass);
    engine.registerStateMachine(
      'parent',
      machine({
        Call: {
          Type: 'Task',
          Resource: 'arn:aws:states:::states:startExecution.sync:2',
          Arguments: { StateMachineArn: engine.stateMachineArn('child'), Name: 'kid', Input: {} },
          Next: 'Done',
        },
        Done: { Type: 'Succeed' },
      }),
    );
    await engine.runExecution('parent', {}, { name: 'mum' });
    expect(seen).toEqual([
      'start mum',
      'mum → Call',
      'start kid',
      'kid → P',
      'end kid SUCCEEDED',
      'mum → Done',
      'end mum SUCCEEDED',
    ]);
  });
});

describe('deleting a state machine', () => {
  it('refuses new starts while a running execution finishes on its definition', async () => {
    const tokens: string[] = [];
    const engine = new AslEngine({
      clock: new RealClock(),
      integrations: {
        invokeLambda: async (_fn, payload) => {
          tokens.push((payload as { token: string }).token);
          return { StatusCode: 200, Payload: null };
        },
      },
    });
    engine.registerStateMachine('w', waiting);
    const running = engine.startExecution('w').executionArn;
    await new Promise((r) => setTimeout(r, 10));
    engine.deleteStateMachine('w');
    expect(() => engine.startExecution('w')).toThrow(/State Machine Does Not Exist/);
    engine.sendTaskSuccess(tokens[0], '{}');
    expect((await engine.awaitExecution(running)).status).toBe('SUCCEEDED');
  });
});
