/** What the interpreter refuses to run: everything it does not implement is rejected by name. */
import { describe, expect, it } from 'vitest';
import { AslEngine, InvalidDefinition } from '../../../local/asl/index.ts';
import { LAMBDA, machine } from './helpers.ts';

const lambdaEngine = () => new AslEngine({ integrations: { invokeLambda: async () => ({ Payload: null }) } });

/** The problems reported for `definition`, as `path: message` lines. */
function problems(definition: unknown, engine = lambdaEngine(), options = {}): string[] {
  try {
    engine.registerStateMachine('m', definition, options);
  } catch (error) {
    if (error instanceof InvalidDefinition) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  return [];
}

describe('definition validation', () => {
  it('requires QueryLanguage JSONata at the top level', () => {
    const def = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
    expect(problems(def)).toEqual([expect.stringMatching(/^\/QueryLanguage: .*JSONata/)]);
    expect(problems({ ...def, QueryLanguage: 'JSONata' })).toEqual([]);
  });

  it.each([
    ['InputPath', '$.a'],
    ['OutputPath', '$.a'],
    ['ResultPath', '$.a'],
    ['Parameters', { a: 1 }],
    ['ResultSelector', { a: 1 }],
  ])('rejects the JSONPath field %s by name', (field, value) => {
    const def = machine({ T: { Type: 'Task', Resource: LAMBDA, Arguments: {}, [field]: value, End: true } });
    expect(problems(def)).toEqual([
      expect.stringMatching(new RegExp(`^/States/T/${field}: ${field} is a JSONPath field`)),
    ]);
  });

  it('rejects JSONPath choice rules', () => {
    const def = machine({
      C: { Type: 'Choice', Choices: [{ Variable: '$.x', StringEquals: 'a', Next: 'P' }], Default: 'P' },
      P: { Type: 'Pass', End: true },
    });
    const found = problems(def);
    expect(found).toContainEqual(
      expect.stringMatching(/^\/States\/C\/Choices\/0\/Variable: Variable is a JSONPath/),
    );
    expect(found).toContainEqual(expect.stringMatching(/^\/States\/C\/Choices\/0\/StringEquals: /));
  });

  it('rejects unsupported resources and features by name', () => {
    const def = machine({
      A: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Arguments: {}, Next: 'B' },
      B: { Type: 'Task', Resource: LAMBDA, Arguments: {}, Credentials: { RoleArn: 'x' }, Next: 'C' },
      C: {
        Type: 'Map',
        ItemReader: { Resource: 'arn:aws:states:::s3:getObject' },
        ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
        End: true,
      },
    });
    const found = problems(def);
    expect(found).toContainEqual(
      expect.stringMatching(
        /^\/States\/A\/Resource: resource "arn:aws:states:::sqs:sendMessage" is not supported/,
      ),
    );
    expect(found).toContainEqual(expect.stringMatching(/^\/States\/B\/Credentials: /));
    expect(found).toContainEqual(expect.stringMatching(/^\/States\/C\/ItemReader: /));
  });

  it('rejects unknown fields, bad transitions and bad expressions', () => {
    const def = machine({
      A: { Type: 'Pass', Nxt: 'B', End: true },
      B: { Type: 'Pass', Next: 'Nowhere' },
      C: { Type: 'Pass', Output: '{% $states.input. %}', End: true },
    });
    const found = problems(def);
    expect(found).toContainEqual(expect.stringMatching(/^\/States\/A\/Nxt: unknown field Nxt/));
    expect(found).toContainEqual("/States/B/Next: MISSING_TRANSITION_TARGET: Missing 'Next' target: Nowhere");
    expect(found).toContainEqual(expect.stringMatching(/^\/States\/C\/Output: invalid JSONata expression/));
  });

  // What AWS rejects at creation, with its code and message (compiler/asl/definitionChecks.ts).
  it.each([
    [
      'an unreachable state',
      machine({ A: { Type: 'Pass', End: true }, B: { Type: 'Pass', End: true } }),
      '/States/B: MISSING_TRANSITION_TARGET: State "B" is not reachable.',
    ],
    [
      'a loop with no terminal state',
      machine({ A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } }),
      '/: MISSING_END_STATE: Workflow has no terminal state',
    ],
    [
      '$states.errorOutput outside a Catch',
      machine({ A: { Type: 'Pass', Output: '{% $states.errorOutput %}', End: true } }),
      "/States/A/Output: UNSUPPORTED_JSONATA_EXPRESSION: Field '$states.errorOutput' does not exist.",
    ],
    [
      '$states.result in a Pass state',
      machine({ A: { Type: 'Pass', Assign: { r: '{% $states.result %}' }, End: true } }),
      "/States/A/Assign/r: UNSUPPORTED_JSONATA_EXPRESSION: Field '$states.result' does not exist.",
    ],
    [
      'a literal Wait Timestamp that is not RFC 3339',
      machine({ W: { Type: 'Wait', Timestamp: '2016-12-05 21:29:29Z', End: true } }),
      '/States/W/Timestamp: SCHEMA_VALIDATION_FAILED: String does not match RFC3339 timestamp',
    ],
  ])('rejects %s as AWS does at creation', (_what, def, problem) => {
    expect(problems(def)).toEqual([problem]);
  });

  it('rejects callback and .sync patterns in EXPRESS workflows', () => {
    const def = machine({
      T: { Type: 'Task', Resource: `${LAMBDA}.waitForTaskToken`, Arguments: {}, End: true },
    });
    expect(problems(def, lambdaEngine(), { type: 'EXPRESS' })).toEqual([
      expect.stringMatching(/EXPRESS workflows do not support the .waitForTaskToken pattern/),
    ]);
  });

  it('rejects resources whose integration the engine was not given', () => {
    const def = machine({
      T: { Type: 'Task', Resource: 'arn:aws:states:::events:putEvents', Arguments: {}, End: true },
    });
    expect(problems(def)).toEqual([expect.stringMatching(/needs Integrations.putEvents/)]);
  });

  it('substitutes placeholders and rejects those left unresolved', () => {
    const placeholder = ['$', '{Service_charge}'].join('');
    const def = machine({
      T: { Type: 'Task', Resource: LAMBDA, Arguments: { FunctionName: placeholder }, End: true },
    });
    expect(problems(def, lambdaEngine(), { substitutions: { Service_charge: 'arn:fn' } })).toEqual([]);
    expect(problems(def, lambdaEngine(), { substitutions: {} })).toEqual([
      expect.stringMatching(/no substitution for placeholder \$\{Service_charge\}/),
    ]);
  });
});
