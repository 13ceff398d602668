/**
 * CLI start-up (issue 14): `dazzle-sfn --help` and `validate` of one small file, through the
 * package's bin in fresh Node processes, median of runs (CPU time, wall time beside it: see
 * bench/process.ts). Target < 400 ms each.
 * Run: `npx tsx bench/startup.bench.ts`, or import and call the default export.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load, medianRun } from './process.ts';
import { binPath } from './scale.bench.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = 7;
const SMALL_FILE = 'examples/dsl/operations.dsl';

export interface StartupResult {
  '--help (CPU ms)': number;
  '--help (wall ms)': number;
  'validate one small file (CPU ms)': number;
  'validate one small file (wall ms)': number;
}

export default async function startupBench(): Promise<StartupResult> {
  const help = medianRun([binPath(), '--help'], ROOT, RUNS);
  const validate = medianRun([binPath(), 'validate', SMALL_FILE], ROOT, RUNS);
  if (help.status !== 0 || validate.status !== 0) throw new Error(`${help.stderr}${validate.stderr}`);
  console.log(
    `dazzle-sfn --help: ${help.cpuMs.toFixed(0)} ms CPU, ${help.wallMs.toFixed(0)} ms wall; ` +
      `validate ${SMALL_FILE}: ${validate.cpuMs.toFixed(0)} ms CPU, ${validate.wallMs.toFixed(0)} ms wall ` +
      `(median of ${RUNS}, ${load()})`,
  );
  return {
    '--help (CPU ms)': Math.round(help.cpuMs),
    '--help (wall ms)': Math.round(help.wallMs),
    'validate one small file (CPU ms)': Math.round(validate.cpuMs),
    'validate one small file (wall ms)': Math.round(validate.wallMs),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(await startupBench());
