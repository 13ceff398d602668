/**
 * AslEngine.snapshot() / restore(): another engine carries on where the first stopped — a task
 * waiting for its token waits again for the same token (the task is not started again) with what is
 * left of its timeout, a Wait wakes up when it was going to, variables and history carry over, and a
 * running execution keeps the definition it started with.
 */
import { describe, expect, it } from 'vitest';
import { AslEngine, type EngineSnapshot, VirtualClock } from '../../../local/asl/index.ts';
import { machine } from './helpers.ts';

const T0 = Date.parse('2026-03-01T10:00:00.000Z');

const definition = (final: string) =>
  machine({
    Init: { Type: 'Pass', Assign: { x: '{% $states.input.x %}' }, Next: 'Ask' },
    Ask: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Arguments: { FunctionName: 'ask', Payload: { token: '{% $states.context.Task.Token %}' } },
      TimeoutSeconds: 3600,
      Assign: { answer: '{% $states.result %}' },
      Next: 'Nap',
    },
    Nap: { Type: 'Wait', Seconds: 60, Next: 'Done' },
    Done: { Type: 'Pass', Output: `{% {'x': $x, 'answer': $answer, 'version': '${final}'} %}`, End: true },
  });

function engine(start: number, asks: string[]) {
  const clock = new VirtualClock({ start, autoAdvance: false });
  const e = new AslEngine({
    clock,
    integrations: {
      invokeLambda: async (_fn, payload) => {
        asks.push((payload as { token: string }).token);
        return { StatusCode: 200, Payload: null };
      },
    },
  });
  return { clock, engine: e };
}

const settle = () => new Promise((r) => setTimeout(r, 5));
const roundTrip = (s: EngineSnapshot): EngineSnapshot => JSON.parse(JSON.stringify(s));

describe('engine snapshots', () => {
  it('resumes a task waiting for its token in another engine: same token, no second call, timeout left over', async () => {
    const asks: string[] = [];
    const a = engine(T0, asks);
    a.engine.registerStateMachine('p', definition('v1'));
    const arn = a.engine.startExecution('p', { x: 7 }, { name: 'e1' }).executionArn;
    await settle();
    expect(asks).toHaveLength(1);
    await a.clock.advance(1000 * 600); // ten minutes into the task's hour
    const saved = roundTrip(a.engine.snapshot());
    a.engine.halt();

    const b = engine(T0 + 1000 * 600, asks);
    // The state machine was changed meanwhile: the execution keeps the definition it started with.
    b.engine.registerStateMachine('p', definition('v2'));
    expect(b.engine.restore(saved)).toEqual({ resumed: [arn], abandoned: [] });
    await settle();
    expect(asks).toHaveLength(1);
    b.engine.sendTaskSuccess(asks[0], '{"ok":true}');
    await settle();
    await b.clock.advance(60_000);
    const done = await b.engine.awaitExecution(arn);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.output).toEqual({ x: 7, answer: { ok: true }, version: 'v1' });
    expect(done.stopDate?.getTime()).toBe(T0 + 1000 * 660);
    const types = b.engine.getExecutionHistory(arn).map((e) => e.type);
    expect(types.filter((t) => t === 'TaskScheduled')).toHaveLength(1);
    expect(types.filter((t) => t === 'TaskStateEntered')).toHaveLength(1);
    expect(types.at(-1)).toBe('ExecutionSucceeded');
    // Events are numbered on from the saved ones.
    expect(b.engine.getExecutionHistory(arn).map((e) => e.id)).toEqual(types.map((_, i) => i + 1));
  });

  it('times a resumed task out when what was left of its timeout has passed', async () => {
    const asks: string[] = [];
    const a = engine(T0, asks);
    a.engine.registerStateMachine('p', definition('v1'));
    const arn = a.engine.startExecution('p', { x: 1 }, { name: 'e2' }).executionArn;
    await settle();
    const saved = roundTrip(a.engine.snapshot());
    a.engine.halt();
    const b = engine(T0 + 1000 * 3000, asks);
    b.engine.registerStateMachine('p', definition('v1'));
    b.engine.restore(saved);
    await settle();
    await b.clock.advance(1000 * 599);
    expect(b.engine.describeExecution(arn).status).toBe('RUNNING');
    await b.clock.advance(1000 * 2);
    expect(await b.engine.awaitExecution(arn)).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
  });

  it('wakes a resumed Wait when it was going to wake, and keeps finished executions as they were', async () => {
    const asks: string[] = [];
    const a = engine(T0, asks);
    a.engine.registerStateMachine('p', definition('v1'));
    a.engine.registerStateMachine('quick', machine({ Q: { Type: 'Pass', Output: { done: 1 }, End: true } }));
    const quick = a.engine.startExecution('quick', {}, { name: 'q' }).executionArn;
    const arn = a.engine.startExecution('p', { x: 2 }, { name: 'e3' }).executionArn;
    await settle();
    a.engine.sendTaskSuccess(asks[0], '"yes"');
    await settle();
    await a.clock.advance(20_000);
    const before = a.engine.getExecutionHistory(quick);
    const saved = roundTrip(a.engine.snapshot());
    a.engine.halt();

    const b = engine(T0 + 50_000, asks);
    b.engine.registerStateMachine('p', definition('v1'));
    b.engine.restore(saved);
    expect(b.engine.describeExecution(quick)).toMatchObject({ status: 'SUCCEEDED', output: { done: 1 } });
    expect(b.engine.getExecutionHistory(quick)).toEqual(before);
    await settle();
    await b.clock.advance(9_999);
    expect(b.engine.describeExecution(arn).status).toBe('RUNNING');
    await b.clock.advance(1);
    const done = await b.engine.awaitExecution(arn);
    expect(done).toMatchObject({ status: 'SUCCEEDED', output: { x: 2, answer: 'yes' } });
    expect(done.stopDate?.getTime()).toBe(T0 + 60_000);
  });
});
