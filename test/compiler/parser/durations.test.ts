import { describe, expect, it } from 'vitest';
import { dsl, expectCodes, parse, processWithSteps, stepsOf } from './harness.ts';

describe('durations in the DSL', () => {
  it('reads s, m, h and d into seconds', () => {
    const steps = stepsOf(
      processWithSteps(`
- step a:
    service: x
    timeout: 45s
- step b:
    wait: 2h
- step c:
    service: x
    timeout: 3m
- step d:
    wait: 7d
`),
    );
    expect(steps.map((s) => (s.kind === 'wait' ? s.wait_duration_seconds : s.timeout_seconds))).toEqual([
      45, 7200, 180, 604800,
    ]);
  });

  it.each(['30x', '1.5h', '30min'])('%s is a located DZ500 naming the accepted forms', (bad) => {
    const text = processWithSteps(`
- step a:
    service: x
    timeout: ${bad}
`);
    const { diagnostics } = parse(text);
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['DZ500', 7, 18]]);
    expect(diagnostics[0].message).toContain('30s');
    expect(diagnostics[0].message).toContain('7d');
    expect(diagnostics[0].length).toBe(bad.length);
  });

  it('keeps the default when the duration is invalid and goes on with the next fields', () => {
    const { ir } = parse(
      processWithSteps(`
- step a:
    service: x
    timeout: 30min
    on_failure: b
- step b:
    service: y
`),
    );
    const [a] = ir.processes[0].steps;
    expect(a.timeout_seconds).toBe(30);
    expect(a.on_failure).toBe('b');
  });

  it('reports invalid process, wait and retry durations', () => {
    expect(
      expectCodes(dsl`
        process p:
          steps:
            - step w:
                wait: 10y
            - step s:
                service: x
                retry:
                  interval: 5 s
          timeout: 1.5h
      `),
    ).toEqual([
      ['DZ500', 4, 15],
      ['DZ500', 8, 21],
      ['DZ103', 8, 23],
      ['DZ500', 9, 12],
    ]);
  });
});
