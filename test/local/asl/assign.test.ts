/**
 * Workflow variables, pinned to https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html:
 * values assigned by a state are visible from the next state on; all assignments of one state (and
 * its Output) are evaluated with the values from before the state; Parallel branches and Map
 * iterations read outer variables but cannot assign them; their own variables stay inside.
 */
import { describe, expect, it } from 'vitest';
import { AslEngine, InvalidDefinition } from '../../../local/asl/index.ts';
import { machine, run } from './helpers.ts';

describe('Assign', () => {
  it('makes a variable visible from the next state, not in the Output of the assigning state', async () => {
    const def = machine({
      One: { Type: 'Pass', Assign: { x: 1 }, Next: 'Two' },
      Two: {
        Type: 'Pass',
        Assign: { x: '{% $x + 1 %}' },
        Output: { inTwo: '{% $x %}' },
        Next: 'Three',
      },
      Three: { Type: 'Pass', Output: { before: '{% $states.input.inTwo %}', after: '{% $x %}' }, End: true },
    });
    const result = await run(new AslEngine(), def);
    expect(result.output).toEqual({ before: 1, after: 2 });
  });

  it('evaluates every assignment of one state against the pre-state values (a swap works)', async () => {
    const def = machine({
      Init: { Type: 'Pass', Assign: { a: 'A', b: 'B' }, Next: 'Swap' },
      Swap: { Type: 'Pass', Assign: { a: '{% $b %}', b: '{% $a %}', c: '{% $a & $b %}' }, Next: 'Show' },
      Show: { Type: 'Pass', Output: '{% [$a, $b, $c] %}', End: true },
    });
    expect((await run(new AslEngine(), def)).output).toEqual(['B', 'A', 'AB']);
  });

  it('lets Map iterations read outer variables, keeps their own variables inside', async () => {
    const def = machine({
      Init: { Type: 'Pass', Assign: { factor: 10 }, Next: 'Each' },
      Each: {
        Type: 'Map',
        Items: '{% $states.input.values %}',
        ItemProcessor: {
          StartAt: 'Scale',
          States: {
            Scale: { Type: 'Pass', Assign: { scaled: '{% $states.input * $factor %}' }, Next: 'Emit' },
            Emit: { Type: 'Pass', Output: '{% $scaled %}', End: true },
          },
        },
        Next: 'After',
      },
      After: {
        Type: 'Pass',
        Output: { results: '{% $states.input %}', leaked: '{% $exists($scaled) %}' },
        End: true,
      },
    });
    const result = await run(new AslEngine(), def, { values: [1, 2, 3] });
    expect(result.output).toEqual({ results: [10, 20, 30], leaked: false });
  });

  it('rejects a Map or Parallel state that assigns a variable of an outer scope', () => {
    const engine = new AslEngine();
    const inner = (processorStates: Record<string, unknown>) =>
      machine({
        Init: { Type: 'Pass', Assign: { total: 0 }, Next: 'Each' },
        Each: {
          Type: 'Map',
          Items: [1, 2],
          ItemProcessor: { StartAt: Object.keys(processorStates)[0], States: processorStates },
          End: true,
        },
      });
    expect(() =>
      engine.registerStateMachine(
        'bad',
        inner({ Add: { Type: 'Pass', Assign: { total: '{% $total + 1 %}' }, End: true } }),
      ),
    ).toThrow(InvalidDefinition);
    expect(() =>
      engine.registerStateMachine('bad2', inner({ Add: { Type: 'Pass', Assign: { mine: 1 }, End: true } })),
    ).not.toThrow();
    const parallel = machine({
      Init: { Type: 'Pass', Assign: { flag: true }, Next: 'Both' },
      Both: {
        Type: 'Parallel',
        Branches: [{ StartAt: 'B', States: { B: { Type: 'Pass', Assign: { flag: false }, End: true } } }],
        End: true,
      },
    });
    expect(() => engine.registerStateMachine('bad3', parallel)).toThrow(/cannot assign them/);
  });

  it('applies the Assign of a Parallel or Map state to the outer scope, with $states.result', async () => {
    const def = machine({
      Both: {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'A', States: { A: { Type: 'Pass', Output: 1, End: true } } },
          { StartAt: 'B', States: { B: { Type: 'Pass', Output: 2, End: true } } },
        ],
        Assign: { sum: '{% $sum($states.result) %}' },
        Next: 'Show',
      },
      Show: { Type: 'Pass', Output: '{% $sum %}', End: true },
    });
    expect((await run(new AslEngine(), def)).output).toBe(3);
  });

  it('does not let a DISTRIBUTED Map iteration (a child execution) read outer variables', async () => {
    const def = machine({
      Init: { Type: 'Pass', Assign: { secret: 42 }, Next: 'Each' },
      Each: {
        Type: 'Map',
        Items: [1],
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Read',
          States: { Read: { Type: 'Pass', Output: '{% $exists($secret) %}', End: true } },
        },
        End: true,
      },
    });
    expect((await run(new AslEngine(), def)).output).toEqual([false]);
  });
});
