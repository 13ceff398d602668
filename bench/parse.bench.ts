import { checkSources, loadSources } from '../compiler/frontend.ts';
import { exampleFiles } from './inputs.ts';

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
 * Parse + validate (`checkSources`) of the example app (examples/dsl: 4 files, ~870 lines, 18
 * workflows and their stories; a fresh clone has it), in process: the median of many runs in ms
 * (target < 3 ms, set on Dazzle's fixture_pra.processes.dsl of similar size). Also prints the
 * parse-only share.
 */
export async function benchParse(runs = 500, warmup = 100): Promise<number> {
  const files = exampleFiles();
  const parseOnly = median(() => loadSources(files), runs, warmup);
  const total = median(() => checkSources(files), runs, warmup);
  console.log(
    `parse+validate examples/dsl: median ${total.toFixed(3)} ms ` +
      `(lex+parse+merge ${parseOnly.toFixed(3)} ms) over ${runs} runs; target < 3 ms`,
  );
  return total;
}

export default benchParse;
