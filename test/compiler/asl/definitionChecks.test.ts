/**
 * The creation-time checks, against what AWS answered: definitions it rejected (LocalStack's
 * snapshots, and the measurements cited in compiler/asl/definitionChecks.ts) and every definition
 * it ran in test/local/asl/aws-recorded (which it therefore accepted).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkAwsDefinition, formatViolation } from '../../../compiler/asl/definitionChecks.ts';
import { loadCases } from '../../local/asl/aws-recorded/replay.ts';

const pass = (extra: Record<string, unknown> = {}) => ({ Type: 'Pass', ...extra });
const jsonata = (states: Record<string, unknown>) => ({
  QueryLanguage: 'JSONata',
  StartAt: Object.keys(states)[0],
  States: states,
});
const found = (definition: unknown) => checkAwsDefinition(definition).map(formatViolation);

describe('AWS creation-time definition checks', () => {
  it('accepts every definition AWS ran in the recorded executions', () => {
    for (const c of loadCases()) expect(found(c.definition), c.id).toEqual([]);
  });

  it('rejects the definitions AWS rejected in the recordings, with its code, message and location', () => {
    const rejected = JSON.parse(
      readFileSync(
        new URL('../../local/asl/aws-recorded/definitions/rejected.json', import.meta.url),
        'utf8',
      ),
    ) as {
      id: string;
      definition: unknown;
      expected: { code: string; message: string; location?: string }[];
    }[];
    expect(rejected.length).toBeGreaterThan(0);
    for (const r of rejected) expect(checkAwsDefinition(r.definition), r.id).toEqual(r.expected);
  });

  it('reports a state nothing routes to', () => {
    const def = jsonata({ A: pass({ End: true }), B: pass({ End: true }) });
    expect(found(def)).toEqual(['MISSING_TRANSITION_TARGET: State "B" is not reachable. at /States/B']);
  });

  it('reports a loop with no terminal state once, without a location, and no unreachable states', () => {
    const def = jsonata({ A: pass({ Next: 'B' }), B: pass({ Next: 'A' }), C: pass({ Next: 'A' }) });
    expect(checkAwsDefinition(def)).toEqual([
      { code: 'MISSING_END_STATE', message: 'Workflow has no terminal state' },
    ]);
  });

  it("reports a dangling target as Missing 'Next' target wherever it sits", () => {
    const def = jsonata({
      A: pass({ Next: 'NOPE' }),
      C: {
        Type: 'Choice',
        Choices: [{ Condition: '{% true %}', Next: 'GONE' }],
        Default: 'LOST',
      },
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'AWAY' }],
        End: true,
      },
    });
    expect(found(def)).toEqual(
      expect.arrayContaining([
        "MISSING_TRANSITION_TARGET: Missing 'Next' target: NOPE at /States/A/Next",
        "MISSING_TRANSITION_TARGET: Missing 'Next' target: GONE at /States/C/Choices[0]/Next",
        "MISSING_TRANSITION_TARGET: Missing 'Next' target: LOST at /States/C/Default",
        "MISSING_TRANSITION_TARGET: Missing 'Next' target: AWAY at /States/T/Catch[0]/Next",
      ]),
    );
  });

  it('checks Parallel branches and Map item processors as blocks of their own', () => {
    const inner = { StartAt: 'X', States: { X: pass({ End: true }), Y: pass({ End: true }) } };
    const def = jsonata({
      P: { Type: 'Parallel', Branches: [inner], Next: 'M' },
      M: { Type: 'Map', ItemProcessor: inner, End: true },
    });
    expect(found(def)).toEqual([
      'MISSING_TRANSITION_TARGET: State "Y" is not reachable. at /States/P/Branches/0/States/Y',
      'MISSING_TRANSITION_TARGET: State "Y" is not reachable. at /States/M/ItemProcessor/States/Y',
    ]);
  });

  it('rejects $states.errorOutput outside a catcher and $states.result outside a result', () => {
    const def = jsonata({
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Arguments: { Payload: { e: '{% $states.errorOutput %}' } },
        Output: '{% $states.result.Payload %}',
        Catch: [{ ErrorEquals: ['States.ALL'], Output: '{% $states.errorOutput %}', Next: 'P' }],
        Next: 'P',
      },
      P: pass({ Output: { r: '{% $states.result %}' }, End: true }),
    });
    expect(found(def)).toEqual([
      "UNSUPPORTED_JSONATA_EXPRESSION: Field '$states.errorOutput' does not exist. at /States/T/Arguments/Payload/e",
      "UNSUPPORTED_JSONATA_EXPRESSION: Field '$states.result' does not exist. at /States/P/Output/r",
    ]);
  });

  it('rejects a literal Wait Timestamp that is not RFC 3339 with a zone', () => {
    for (const ts of ['2016-12-05 21:29:29Z', '2016-12-05T21:29:29', '2016-12-05T25:29:29Z']) {
      expect(found(jsonata({ W: { Type: 'Wait', Timestamp: ts, End: true } }))).toEqual([
        'SCHEMA_VALIDATION_FAILED: String does not match RFC3339 timestamp at /States/W/Timestamp',
      ]);
    }
    const ok = jsonata({ W: { Type: 'Wait', Timestamp: '2016-03-05T21:29:29.243167252Z', End: true } });
    expect(found(ok)).toEqual([]);
  });
});
