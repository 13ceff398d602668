import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { aslSchemasCompiledOnce, aslValidator } from '../../host/asl-validator.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface Definition {
  QueryLanguage: string;
  StartAt: string;
  States: Record<string, Record<string, unknown>>;
}

/** A small valid JSONata definition: Pass (Assign) → Choice → Task → Succeed. */
const base = (): Definition => ({
  QueryLanguage: 'JSONata',
  StartAt: 'Init',
  States: {
    Init: { Type: 'Pass', Assign: { x: '{% $states.input.a %}' }, Next: 'Route' },
    Route: { Type: 'Choice', Choices: [{ Condition: '{% $x > 1 %}', Next: 'Call' }], Default: 'Done' },
    Call: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Arguments: {
        FunctionName: 'arn:aws:lambda:eu-west-1:123456789012:function:f',
        Payload: '{% $states.input %}',
      },
      TimeoutSeconds: 30,
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
});
const mutate = (change: (d: Definition) => void): Definition => {
  const d = base();
  change(d);
  return d;
};

/** Definitions asl-validator must reject, each for a different reason (schema or semantic check). */
const INVALID: Record<string, Definition> = {
  'bad JSONata condition': mutate((d) => {
    d.States.Route.Choices = [{ Condition: '{% $x > %}', Next: 'Call' }];
  }),
  'Next to a missing state': mutate((d) => {
    d.States.Init.Next = 'Nowhere';
  }),
  'StartAt a missing state': mutate((d) => {
    d.StartAt = 'Nowhere';
  }),
  'unreachable state': mutate((d) => {
    d.States.Orphan = { Type: 'Succeed' };
  }),
  'no terminal state': mutate((d) => {
    d.States.Route.Default = 'Init';
    d.States.Call.Next = 'Init';
    delete d.States.Done;
  }),
  'both Next and End': mutate((d) => {
    d.States.Init.End = true;
  }),
  'neither Next nor End': mutate((d) => {
    delete d.States.Init.Next;
  }),
  'unknown state type': mutate((d) => {
    d.States.Init.Type = 'Pause';
  }),
  'Resource not an ARN': mutate((d) => {
    d.States.Call.Resource = 'lambda:invoke';
  }),
  'TimeoutSeconds not a number': mutate((d) => {
    d.States.Call.TimeoutSeconds = 'thirty';
  }),
  'JSONPath field in a JSONata state': mutate((d) => {
    d.States.Call.Parameters = { 'a.$': '$.a' };
  }),
  'Map without ItemProcessor': mutate((d) => {
    d.States.Call = { Type: 'Map', Items: '{% [1, 2] %}', Next: 'Done' };
  }),
  'Wait with both Seconds and Timestamp': mutate((d) => {
    d.States.Call = { Type: 'Wait', Seconds: 5, Timestamp: '2026-01-01T00:00:00Z', Next: 'Done' };
  }),
  'duplicate state names across Parallel branches': mutate((d) => {
    const branch = { StartAt: 'Init', States: { Init: { Type: 'Succeed' } } };
    d.States.Call = { Type: 'Parallel', Branches: [branch, branch], Next: 'Done' };
  }),
};

/** Compiled definitions: a sample of the golden files (every step kind, process exits). */
function goldens(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const group of ['steps', 'exits']) {
    const dir = join(repoRoot, 'test/compiler/golden/expected', group);
    for (const f of readdirSync(dir)
      .filter((n) => n.endsWith('.asl.json'))
      .sort())
      out[`${group}/${f}`] = JSON.parse(readFileSync(join(dir, f), 'utf8'));
  }
  return out;
}

/** The plain package's verdicts, in a fresh Node process (this process's copy is the compiled-once one). */
function plainVerdicts(definitions: Record<string, unknown>): Record<string, [boolean, string]> {
  const dir = mkdtempSync(join(tmpdir(), 'asl-validator-'));
  try {
    const file = join(dir, 'definitions.json');
    writeFileSync(file, JSON.stringify(definitions));
    const script = `
      const validate = require('module').createRequire(${JSON.stringify(`${repoRoot}/`)})('asl-validator');
      const defs = JSON.parse(require('fs').readFileSync(${JSON.stringify(file)}, 'utf8'));
      const out = {};
      for (const [name, d] of Object.entries(defs)) { const r = validate(d); out[name] = [r.isValid, r.errorsText()]; }
      process.stdout.write(JSON.stringify(out));`;
    return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('asl-validator with its schemas compiled once', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('accepts and rejects exactly what the plain package does, with the same messages', () => {
    const definitions: Record<string, unknown> = { base: base(), ...goldens(), ...INVALID };
    expect(Object.keys(definitions).length).toBeGreaterThan(Object.keys(INVALID).length + 10);
    const validate = aslValidator();
    if (!validate) throw new Error('asl-validator is not installed');
    const ours = Object.fromEntries(
      Object.entries(definitions).map(([name, d]) => {
        const r = validate(d);
        return [name, [r.isValid, r.errorsText()]];
      }),
    );
    expect(ours).toEqual(plainVerdicts(definitions));
    // Not two identical wrong answers: the plain package's verdicts are the expected ones.
    for (const name of Object.keys(INVALID)) expect(ours[name][0], name).toBe(false);
    for (const name of Object.keys(goldens())) expect(ours[name], name).toEqual([true, '']);
  });

  it('builds and compiles its schemas once, not per definition', () => {
    const validate = aslValidator();
    if (!validate) throw new Error('asl-validator is not installed');
    validate(base());
    const fromPackage = createRequire(createRequire(import.meta.url).resolve('asl-validator'));
    const Ajv = (fromPackage('ajv') as { default: { prototype: { addSchema: () => unknown } } }).default;
    const addSchema = vi.spyOn(Ajv.prototype, 'addSchema');
    for (const d of [base(), ...Object.values(INVALID)]) validate(d);
    expect(addSchema).not.toHaveBeenCalled();
    expect(aslSchemasCompiledOnce()).toBe(true);
  });

  it('does not mutate the definition it is given', () => {
    const d = base();
    aslValidator()?.(d);
    expect(d).toEqual(base());
  });
});
