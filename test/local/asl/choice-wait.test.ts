/**
 * Choice and Wait in JSONata, pinned to the AWS docs (amazon-states-language-choice-state.html:
 * rules with Condition, Default, States.NoChoiceMatched when nothing matches and there is no
 * Default; amazon-states-language-wait-state.html: Seconds / Timestamp).
 */
import { describe, expect, it } from 'vitest';
import { AslEngine, VirtualClock } from '../../../local/asl/index.ts';
import { machine, run } from './helpers.ts';

const choice = (withDefault: boolean) =>
  machine({
    Route: {
      Type: 'Choice',
      Choices: [
        { Condition: '{% $states.input.amount > 1000 %}', Next: 'Large', Assign: { size: 'large' } },
        { Condition: "{% $states.input.kind = 'gift' %}", Next: 'Gift', Output: { gift: true } },
      ],
      ...(withDefault ? { Default: 'Normal' } : {}),
      Assign: { size: 'normal' },
    },
    Large: { Type: 'Pass', Output: '{% $size %}', End: true },
    Gift: { Type: 'Pass', End: true },
    // Without a Default nothing routes to Normal, and AWS rejects unreachable states.
    ...(withDefault ? { Normal: { Type: 'Pass', Output: '{% $size %}', End: true } } : {}),
  });

describe('Choice', () => {
  it('takes the first rule whose Condition is true, with that rule’s Assign and Output', async () => {
    const engine = new AslEngine();
    engine.registerStateMachine('c', choice(true));
    expect((await engine.runExecution('c', { amount: 5000, kind: 'gift' })).output).toBe('large');
    expect((await engine.runExecution('c', { amount: 5, kind: 'gift' })).output).toEqual({ gift: true });
  });

  it('takes Default when no rule matches, with the state-level Assign', async () => {
    expect((await run(new AslEngine(), choice(true), { amount: 5 })).output).toBe('normal');
  });

  it('fails with States.NoChoiceMatched when no rule matches and there is no Default', async () => {
    const result = await run(new AslEngine(), choice(false), { amount: 5 });
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('States.NoChoiceMatched');
  });

  it('fails with States.QueryEvaluationError when a Condition is not a boolean', async () => {
    const def = machine({
      C: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.n %}', Next: 'P' }] },
      P: { Type: 'Pass', End: true },
    });
    const result = await run(new AslEngine(), def, { n: 1 });
    expect(result.error).toBe('States.QueryEvaluationError');
  });
});

describe('Wait', () => {
  it('waits Seconds on the virtual clock', async () => {
    const clock = new VirtualClock({ start: Date.parse('2025-03-01T00:00:00Z') });
    const def = machine({
      W: { Type: 'Wait', Seconds: '{% $states.input.days * 86400 %}', Next: 'Now' },
      Now: { Type: 'Pass', Output: '{% $now() %}', End: true },
    });
    const result = await run(new AslEngine({ clock }), def, { days: 3 });
    expect(result.output).toBe('2025-03-04T00:00:00.000Z');
  });

  it('waits until Timestamp, and not at all when it is past', async () => {
    const clock = new VirtualClock({ start: Date.parse('2025-03-01T00:00:00Z') });
    const engine = new AslEngine({ clock });
    const def = machine({
      W: { Type: 'Wait', Timestamp: '{% $states.input.at %}', Next: 'Now' },
      Now: { Type: 'Pass', Output: '{% $millis() %}', End: true },
    });
    engine.registerStateMachine('w', def);
    const later = await engine.runExecution('w', { at: '2025-06-01T12:00:00Z' });
    expect(later.output).toBe(Date.parse('2025-06-01T12:00:00Z'));
    const past = await engine.runExecution('w', { at: '2020-01-01T00:00:00Z' });
    expect(past.output).toBe(Date.parse('2025-06-01T12:00:00Z'));
  });
});
