import { describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../../compiler/emit/asl/types.ts';
import { checkDefinition, MAX_DEFINITION_BYTES } from '../../../compiler/emit/checks.ts';
import { toJsonText } from '../../../compiler/emit/json.ts';
import { compileSources } from '../../../compiler/index.ts';
import { aslValidator } from '../../../host/asl-validator.ts';
import { processOf, service } from '../plan/builders.ts';
import { AT, emitProcess } from './harness.ts';

const codes = (d: { code: string }[]) => d.map((x) => x.code);

describe('post-emission checks', () => {
  const { definition } = emitProcess(processOf('p', [service('a')]));

  it('accept what the compiler emits', () => {
    expect(checkDefinition('p', definition, toJsonText(definition), AT)).toEqual([]);
  });

  it('reject an unknown Task resource (DZ603)', () => {
    const bad: StateMachineDefinition = structuredClone(definition);
    (bad.States.a as { Resource: string }).Resource = 'arn:aws:states:::lambda:invoke.sync';
    expect(codes(checkDefinition('p', bad, toJsonText(bad), AT))).toEqual(['DZ603']);
  });

  it('reject a definition of 1 MB or more (DZ601)', () => {
    const big = 'x'.repeat(MAX_DEFINITION_BYTES);
    expect(codes(checkDefinition('p', definition, big, AT))).toEqual(['DZ601']);
  });

  it('reject names Step Functions would not take (DZ604)', () => {
    const long = 'p'.repeat(81);
    expect(codes(checkDefinition(long, definition, '{}', AT))).toEqual(['DZ604']);
    const bad: StateMachineDefinition = structuredClone(definition);
    const longState = 'x'.repeat(81);
    bad.States[longState] = bad.States[bad.StartAt];
    delete bad.States[bad.StartAt];
    bad.StartAt = longState;
    expect(codes(checkDefinition('p', bad, '{}', AT))).toEqual(['DZ604']);
  });

  it('reject what AWS rejects at creation, such as an unreachable state (DZ606)', () => {
    const bad: StateMachineDefinition = structuredClone(definition);
    bad.States.Orphan = { Type: 'Succeed' };
    const found = checkDefinition('p', bad, '{}', AT);
    expect(codes(found)).toEqual(['DZ606']);
    expect(found[0].message).toBe(
      `AWS would reject the definition of 'p': MISSING_TRANSITION_TARGET: State "Orphan" is not reachable. at /States/Orphan`,
    );
  });

  it('report asl-validator findings as DZ602, located on the workflow', () => {
    const diagnostics = checkDefinition('p', definition, '{}', AT, () => ({
      isValid: false,
      errorsText: () => 'bad',
    }));
    expect(diagnostics).toEqual([
      {
        code: 'DZ602',
        severity: 'error',
        message: "the definition of 'p' fails ASL validation: bad",
        ...AT,
        length: undefined,
      },
    ]);
  });

  it('run asl-validator from compileSources when asked, and locate errors on the process', () => {
    const text = 'process p:\n  trigger: manual\n  steps:\n    - step a:\n        service: a\n';
    const ok = compileSources([{ name: 'p.dsl', text }], { validateAsl: aslValidator() });
    expect(ok.diagnostics).toEqual([]);
    expect(ok.artifacts).toBeDefined();
    const failing = compileSources([{ name: 'p.dsl', text }], {
      validateAsl: () => ({ isValid: false, errorsText: () => 'nope' }),
    });
    expect(failing.artifacts).toBeUndefined();
    expect(failing.diagnostics).toMatchObject([{ code: 'DZ602', file: 'p.dsl', line: 1 }]);
  });

  it('compiles nothing when the inputs have errors', () => {
    const result = compileSources([
      { name: 'p.dsl', text: 'process p:\n  steps:\n    - step a:\n        on_success: nowhere\n' },
    ]);
    expect(result.artifacts).toBeUndefined();
    expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });
});
