/**
 * CLI start-up (issue 14): `dazzle-sfn --help` and `validate` of one small file, through the
 * package's bin in fresh Node processes, median of runs (CPU time, wall time beside it: see
 * bench/process.ts). Target < 400 ms each.
 *
 * The target is measured on the installed form, because that is what users run: `npm install
 * dazzle-sfn` ships bin/ and dist/ without the TypeScript sources, so the bin runs the built
 * dist/cli/main.js on plain Node. The bench builds that layout afresh (bench/installed.ts), so it
 * never measures a stale dist/. The checkout form (the same bin in this repository, where the
 * sources are: it runs dist/ when `npm run build` made it from these very sources, else tsx
 * compiles the sources on load) is printed beside it for information only, saying which it ran.
 * A bare `node` start is printed too: on a loaded machine it shows how much of each figure is Node's own.
 * Run: `npx tsx bench/startup.bench.ts`, or import and call the default export.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { distIsCurrent } from '../scripts/source-hash.js';
import { stageInstalledPackage } from './installed.ts';
import { load, type Measured, medianRun } from './process.ts';
import { binPath } from './scale.bench.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = 7;
const SMALL_FILE = 'examples/dsl/operations.dsl';

export interface StartupResult {
  '--help (CPU ms)': number;
  '--help (wall ms)': number;
  'validate one small file (CPU ms)': number;
  'validate one small file (wall ms)': number;
  'checkout bin --help (CPU ms)': number;
  'checkout bin validate one small file (CPU ms)': number;
  'bare node (CPU ms)': number;
}

function measure(bin: string): { help: Measured; validate: Measured } {
  const help = medianRun([bin, '--help'], ROOT, RUNS);
  const validate = medianRun([bin, 'validate', SMALL_FILE], ROOT, RUNS);
  for (const run of [help, validate]) {
    if (run.status !== 0) throw new Error(`${bin} exited ${run.status}: ${run.stderr.slice(0, 2000)}`);
  }
  return { help, validate };
}

const line = (form: string, { help, validate }: ReturnType<typeof measure>): string =>
  `${form}: --help ${help.cpuMs.toFixed(0)} ms CPU, ${help.wallMs.toFixed(0)} ms wall; ` +
  `validate ${SMALL_FILE} ${validate.cpuMs.toFixed(0)} ms CPU, ${validate.wallMs.toFixed(0)} ms wall`;

export default async function startupBench(): Promise<StartupResult> {
  const staged = await stageInstalledPackage();
  let installed: ReturnType<typeof measure>;
  try {
    installed = measure(staged.bin);
  } finally {
    staged.dispose();
  }
  const checkoutForm = distIsCurrent(ROOT) ? 'dist/, current with the sources' : 'tsx';
  const checkout = measure(binPath());
  const bare = medianRun(['-e', '0'], ROOT, RUNS);
  console.log(`dazzle-sfn start-up, median of ${RUNS} fresh processes (${load()}):`);
  console.log(`  ${line('installed (dist/ on plain node; the target)', installed)}`);
  console.log(`  ${line(`checkout (${checkoutForm}; for information)`, checkout)}`);
  console.log(`  bare node: ${bare.cpuMs.toFixed(0)} ms CPU, ${bare.wallMs.toFixed(0)} ms wall`);
  return {
    '--help (CPU ms)': Math.round(installed.help.cpuMs),
    '--help (wall ms)': Math.round(installed.help.wallMs),
    'validate one small file (CPU ms)': Math.round(installed.validate.cpuMs),
    'validate one small file (wall ms)': Math.round(installed.validate.wallMs),
    'checkout bin --help (CPU ms)': Math.round(checkout.help.cpuMs),
    'checkout bin validate one small file (CPU ms)': Math.round(checkout.validate.cpuMs),
    'bare node (CPU ms)': Math.round(bare.cpuMs),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(await startupBench());
