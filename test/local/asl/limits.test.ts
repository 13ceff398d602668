/**
 * AWS's size limits on workflow variables and state payloads, pinned to "Passing data between
 * states with variables" (one variable ≤ 256 KiB, one Assign ≤ 256 KiB, an execution's variables
 * ≤ 10 MiB) and "Handling errors in Step Functions workflows" (States.DataLimitExceeded, terminal:
 * States.ALL does not catch it). The local runtime fails where AWS would, not later in deployment.
 */
import { describe, expect, it } from 'vitest';
import { AslEngine } from '../../../local/asl/index.ts';
import { lambdaEngine, lambdaTask, machine, run } from './helpers.ts';

const KIB = 1024;
/** A string whose JSON is `kib` KiB (quotes included). */
const blob = (kib: number) => 'x'.repeat(kib * KIB - 2);

describe('variable size limits', () => {
  it('takes a variable of just under 256 KiB', async () => {
    const def = machine({
      Big: { Type: 'Pass', Assign: { big: `{% $states.input.data %}` }, Next: 'Show' },
      Show: { Type: 'Pass', Output: '{% $length($big) %}', End: true },
    });
    const result = await run(new AslEngine(), def, { data: blob(200) });
    expect(result.status).toBe('SUCCEEDED');
  });

  it('fails a variable over 256 KiB with States.DataLimitExceeded, which States.ALL does not catch', async () => {
    // The state input itself stays under the payload quota: the value is built in the Assign.
    const def = machine({
      Big: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Arguments: { FunctionName: 'f', Payload: {} },
        Assign: { big: '{% $states.result.Payload.a & $states.result.Payload.a %}' },
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
        End: true,
      },
      Caught: { Type: 'Pass', End: true },
    });
    const { engine } = lambdaEngine(() => ({ a: blob(150) }));
    const result = await run(engine, def);
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('States.DataLimitExceeded');
    expect(result.cause).toMatch(/variable 'big' assigned in state 'Big'.*over the limit of 262144 bytes/);
  });

  it('fails one Assign whose values exceed 256 KiB together', async () => {
    const def = machine({
      Two: {
        Type: 'Pass',
        Assign: { a: '{% $states.input.a & $states.input.a %}', b: '{% $states.input.a %}' },
        End: true,
      },
    });
    const result = await run(new AslEngine(), def, { a: blob(80) });
    expect(result.status).toBe('SUCCEEDED');
    const over = await run(new AslEngine(), def, { a: blob(100) });
    expect([over.error, over.cause]).toEqual([
      'States.DataLimitExceeded',
      expect.stringMatching(
        /assigned in state 'Two' have \d+ bytes together, over the limit of 262144 bytes/,
      ),
    ]);
  });

  it("fails when the execution's variables pass 10 MiB; reassigning a variable does not add up", async () => {
    // 60 variables of 200 KiB each (12,000 KiB) cannot all be held; one variable 60 times can.
    const chain = (variable: (i: number) => string) => {
      const tasks: Record<string, unknown> = {};
      for (let i = 1; i <= 60; i++) {
        tasks[`s${i}`] = {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Arguments: { FunctionName: 'f', Payload: {} },
          Assign: { [variable(i)]: '{% $states.result.Payload %}' },
          ...(i < 60 ? { Next: `s${i + 1}` } : { End: true }),
        };
      }
      return machine(tasks);
    };
    const { engine } = lambdaEngine(() => blob(200));
    const result = await run(
      engine,
      chain((i) => `v${i}`),
    );
    expect(result.error).toBe('States.DataLimitExceeded');
    // 51 × 200 KiB = 10,200 KiB fit in 10 MiB (10,240 KiB); the 52nd does not.
    expect(result.cause).toMatch(/after state 's52', over the limit of 10485760 bytes/);
    const { engine: again } = lambdaEngine(() => blob(200));
    expect(
      (
        await run(
          again,
          chain(() => 'v'),
        )
      ).status,
    ).toBe('SUCCEEDED');
  });
});

describe('variable sizes bounded without measuring each value', () => {
  // Each variable's size is first an upper bound (6 bytes per character: the longest a character
  // can be in JSON); only when bounds pass a limit are the values measured exactly. 45 values of
  // 43,000 characters bound at 258,002 bytes each (11.6 MB together, over 10 MiB).
  const chars = 43_000;
  const chain = () => {
    const tasks: Record<string, unknown> = {};
    for (let i = 1; i <= 45; i++) {
      tasks[`s${i}`] = {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Arguments: { FunctionName: 'f', Payload: {} },
        Assign: { [`v${i}`]: '{% $states.result.Payload %}' },
        Output: {},
        ...(i < 45 ? { Next: `s${i + 1}` } : { End: true }),
      };
    }
    return machine(tasks);
  };

  it('keeps values whose bounds pass 10 MiB when their exact size does not', async () => {
    // 43,002 bytes each as JSON: 1.9 MB together.
    const { engine } = lambdaEngine(() => 'x'.repeat(chars));
    expect((await run(engine, chain())).status).toBe('SUCCEEDED');
  });

  it('fails values whose exact size passes 10 MiB (control characters are 6 bytes in JSON)', async () => {
    // "\u0001" is 6 bytes: 258,002 bytes each, under 256 KiB; the 41st passes 10 MiB.
    const { engine } = lambdaEngine(() => '\u0001'.repeat(chars));
    const result = await run(engine, chain());
    expect(result.error).toBe('States.DataLimitExceeded');
    expect(result.cause).toBe(
      `The variables of the execution would have ${41 * (chars * 6 + 2)} bytes after state 's41', over the limit of 10485760 bytes`,
    );
  });
});

describe('variables of a branch and of the scopes around it', () => {
  /**
   * `outer` Pass states assigning 200 KiB each (to `v` each time, or to `v1`, `v2`, …), then a
   * Parallel branch assigning `inner` variables of 200 KiB: a branch counts the variables around it.
   */
  const nested = (outer: number, inner: number, same: boolean) => {
    const states: Record<string, unknown> = {};
    const step = (prefix: string, i: number, n: number, last: object, name: string) => {
      states[`${prefix}${i}`] = {
        Type: 'Pass',
        Assign: { [name]: '{% $states.input.b %}' },
        ...(i < n ? { Next: `${prefix}${i + 1}` } : last),
      };
    };
    for (let i = 1; i <= outer; i++) step('o', i, outer, { Next: 'Branches' }, same ? 'v' : `v${i}`);
    const branch: Record<string, unknown> = {};
    for (let i = 1; i <= inner; i++) {
      branch[`b${i}`] = {
        Type: 'Pass',
        Assign: { [`w${i}`]: '{% $states.input.b %}' },
        ...(i < inner ? { Next: `b${i + 1}` } : { End: true }),
      };
    }
    states.Branches = { Type: 'Parallel', Branches: [{ StartAt: 'b1', States: branch }], End: true };
    return machine(states);
  };
  const input = { b: blob(200) };

  it('counts a variable assigned again once, around a branch too', async () => {
    // 40 assignments of one 200 KiB variable and 15 in the branch: 3,200 KiB held, under 10 MiB.
    expect((await run(new AslEngine(), nested(40, 15, true), input)).status).toBe('SUCCEEDED');
  });

  it("fails a branch's variable that takes the execution's over 10 MiB", async () => {
    // 40 variables of 200 KiB around the branch: its 12th takes them to 10,400 KiB.
    const result = await run(new AslEngine(), nested(40, 15, false), input);
    expect(result.error).toBe('States.DataLimitExceeded');
    expect(result.cause).toBe(
      `The variables of the execution would have ${52 * 200 * KIB} bytes after state 'b12', over the limit of 10485760 bytes`,
    );
  });
});

describe('payload limits', () => {
  it("fails a task whose arguments exceed 256 KiB (the state's input after Arguments)", async () => {
    const def = machine({
      Call: {
        ...lambdaTask('f'),
        Arguments: {
          FunctionName: 'f',
          Payload: '{% [$states.input.a, $states.input.a, $states.input.a] %}',
        },
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
        End: true,
      },
      Caught: { Type: 'Pass', End: true },
    });
    const { engine, calls } = lambdaEngine(() => ({}));
    const result = await run(engine, def, { a: blob(80) });
    expect(result.status).toBe('SUCCEEDED');
    const over = await run(engine, def, { a: blob(90) }, 'sm2');
    expect([over.status, over.error]).toEqual(['FAILED', 'States.DataLimitExceeded']);
    expect(over.cause).toContain("the input of task 'Call'");
    expect(calls).toHaveLength(1);
  });
});
