import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSources, loadSources } from '../compiler/frontend.ts';
import type { SourceFile } from '../compiler/parser/index.ts';

const FIXTURE = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../shared/corpus/dazzle/fixture_pra.processes.dsl',
);

/** The median wall time of `run` in ms, after a warm-up. */
function median(run: () => void, runs: number, warmup: number): number {
  for (let i = 0; i < warmup; i++) run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/**
 * Parse + validate (`checkSources`) of fixture_pra.processes.dsl (923 lines, 29 workflows), in
 * process: the median of many runs in ms (target < 3 ms). Also prints the parse-only share.
 */
export async function benchParse(runs = 500, warmup = 100): Promise<number> {
  const file: SourceFile = { name: 'fixture_pra.processes.dsl', text: readFileSync(FIXTURE, 'utf8') };
  const parseOnly = median(() => loadSources([file]), runs, warmup);
  const total = median(() => checkSources([file]), runs, warmup);
  console.log(
    `parse+validate fixture_pra.processes.dsl: median ${total.toFixed(3)} ms ` +
      `(lex+parse+merge ${parseOnly.toFixed(3)} ms) over ${runs} runs; target < 3 ms`,
  );
  return total;
}

export default benchParse;
