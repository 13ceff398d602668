import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The Dazzle corpus folder the conformance suite reads (`DAZZLE_CORPUS=path npm run
 * test:conformance`; `.ci/run` passes the corpus that lies beside the clone). It is outside the repository,
 * so `npm test` never reads it.
 */
export function dazzleCorpus(): string {
  const given = process.env.DAZZLE_CORPUS;
  if (!given) {
    throw new Error(
      'DAZZLE_CORPUS is not set: run the conformance suite as DAZZLE_CORPUS=/path/to/corpus/dazzle npm run test:conformance',
    );
  }
  const dir = resolve(given);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new Error(`DAZZLE_CORPUS=${given} is not a folder (expected Dazzle's corpus with reference-ir/)`);
  }
  return dir;
}
