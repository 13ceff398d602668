import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { fuzzFrontEnd } from './fuzz-harness.ts';

/** Our own DSL files as seeds: the fixture apps, the Dazzle docs examples, the mistakes, the example app. */
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const seeds = [
  'test/fixtures/apps',
  'test/fixtures/dazzle-docs',
  'test/fixtures/invalid',
  'examples/dsl',
].flatMap((dir) =>
  readdirSync(join(repo, dir))
    .filter((f) => f.endsWith('.dsl'))
    .sort()
    .map((f) => ({ name: f, text: readFileSync(join(repo, dir, f), 'utf8') })),
);

describe('fuzzing the front end with mutated DSL files', () => {
  it('never throws and locates every diagnostic (3000 seeded mutations)', () => {
    fuzzFrontEnd(seeds, 3000);
  });
});
