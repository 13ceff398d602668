import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSources } from '../../../compiler/index.ts';
import { dslFiles, expectGolden, expectValidAsl, GOLDEN_DIR, ROOT } from './harness.ts';

const CASES = join(GOLDEN_DIR, 'cases');
const CASE_FILES = dslFiles(CASES).map((f) => f.name);

describe('golden ASL and manifests', () => {
  it.each(CASE_FILES)('focused cases in %s', (file) => {
    const result = compileSources(dslFiles(CASES, (f) => f === file));
    expectGolden(result, join(GOLDEN_DIR, 'expected', file.replace(/\.dsl$/, '')));
  });

  it('the example app (examples/dsl)', () => {
    const result = compileSources(dslFiles(join(ROOT, 'examples/dsl')));
    expectGolden(result, join(GOLDEN_DIR, 'expected', 'examples'));
  });

  it.each([...CASE_FILES, 'examples'])('every definition of %s passes asl-validator', (file) => {
    const files = file === 'examples' ? dslFiles(join(ROOT, 'examples/dsl')) : dslFiles(CASES, (f) => f === file);
    const { artifacts } = compileSources(files);
    expect(artifacts).toBeDefined();
    for (const [name, text] of Object.entries(artifacts?.asl ?? {})) expectValidAsl(name, text);
  });

  it('is byte-identical across runs', () => {
    const files = [...dslFiles(join(ROOT, 'examples/dsl')), ...dslFiles(CASES)];
    const first = compileSources(files).artifacts;
    const second = compileSources(files.map((f) => ({ ...f }))).artifacts;
    expect(first).toBeDefined();
    expect(second?.asl).toEqual(first?.asl);
    expect(second?.manifestText).toBe(first?.manifestText);
    for (const text of Object.values(first?.asl ?? {})) {
      expect(text.endsWith('}\n')).toBe(true);
      expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    }
  });
});
