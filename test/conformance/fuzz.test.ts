import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { fuzzFrontEnd } from '../compiler/parser/fuzz-harness.ts';
import { dazzleCorpus } from './corpus.ts';

const corpus = dazzleCorpus();
const seeds = readdirSync(corpus)
  .filter((f) => f.endsWith('.dsl'))
  .sort()
  .map((name) => ({ name, text: readFileSync(join(corpus, name), 'utf8') }));

describe("fuzzing the front end with mutated files of Dazzle's corpus", () => {
  it('never throws and locates every diagnostic (3000 seeded mutations)', () => {
    fuzzFrontEnd(seeds, 3000);
  });
});
