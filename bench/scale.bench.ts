/**
 * The compiler at scale (issue 14), on renamed copies of the example app (bench/inputs.ts), each
 * measured in a fresh Node process so that no other bench's heap or JIT state leaks in:
 * - the CLI's `compile` (the package's bin, asl-validator on, as users run it) of ≥ 1,000 processes;
 * - `compileSources` per workflow at a small app and at ~5,800 workflows (warm, median of runs):
 *   a ratio near 1 means linear;
 * - the peak RSS of one cold `compileSources` of ~5,800 workflows.
 * Times are CPU time (user + system) with wall time beside it: see bench/process.ts.
 * Run: `npx tsx bench/scale.bench.ts`, or import and call the default export.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileSources } from '../compiler/index.ts';
import { exampleCopies, exampleShape } from './inputs.ts';
import { load, runNode } from './process.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SELF = fileURLToPath(import.meta.url);
/** At least this many processes for the CLI compile; copies for a small app and ~5,800 workflows. */
const CLI_PROCESSES = 1000;
const SMALL_COPIES = 2;
const LARGE_WORKFLOWS = 5800;

export interface ScaleResult {
  'CLI compile, 1,000+ processes with asl-validator (CPU s)': number;
  'CLI compile, 1,000+ processes with asl-validator (wall s)': number;
  'per-workflow CPU ms, small app': number;
  'per-workflow CPU ms, ~5,800 workflows': number;
  'per-workflow ratio, ~5,800 / small': number;
  'peak RSS compiling ~5,800 workflows (MB)': number;
}

/** The package's `dazzle-sfn` bin, as package.json names it. */
export function binPath(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  return join(ROOT, pkg.bin['dazzle-sfn']);
}

/** Runs this file in a fresh Node process (`mode`), returning what it prints as JSON. */
function child<T>(mode: string): T & { maxRssMb: number } {
  const run = runNode(['--import', 'tsx', SELF, mode], ROOT);
  if (run.status !== 0) throw new Error(`${mode} failed: ${run.stderr.slice(0, 2000)}`);
  return { ...(JSON.parse(run.stdout) as T), maxRssMb: run.maxRssMb };
}

function cliCompile(): { cpuS: number; wallS: number; processes: number; machines: number } {
  const shape = exampleShape();
  const copies = Math.ceil(CLI_PROCESSES / shape.processes);
  const dir = mkdtempSync(join(tmpdir(), 'dazzle-scale-bench-'));
  try {
    for (const f of exampleCopies(copies)) {
      mkdirSync(dirname(join(dir, 'dsl', f.name)), { recursive: true });
      writeFileSync(join(dir, 'dsl', f.name), f.text);
    }
    const run = runNode([binPath(), 'compile', join(dir, 'dsl'), '--out', join(dir, 'out')], ROOT);
    if (run.status !== 0) throw new Error(`compile failed: ${run.stderr.slice(0, 2000)}`);
    return {
      cpuS: run.cpuMs / 1000,
      wallS: run.wallMs / 1000,
      processes: copies * shape.processes,
      machines: copies * (shape.processes + shape.schedules),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** In a child: CPU ms per workflow of a warm compileSources, median of `runs`. */
function perWorkflowMs(copies: number, runs: number): { workflows: number; cpuMs: number; wallMs: number } {
  const files = exampleCopies(copies);
  const first = compileSources(files);
  if (!first.artifacts) throw new Error(JSON.stringify(first.diagnostics.slice(0, 5)));
  const workflows = Object.keys(first.artifacts.asl).length;
  compileSources(files);
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const before = process.cpuUsage();
    compileSources(files);
    const used = process.cpuUsage(before);
    cpu.push((used.user + used.system) / 1000);
    wall.push(performance.now() - started);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { workflows, cpuMs: median(cpu) / workflows, wallMs: median(wall) / workflows };
}

function largeCopies(): number {
  const shape = exampleShape();
  return Math.round(LARGE_WORKFLOWS / (shape.processes + shape.schedules));
}

export default async function scaleBench(): Promise<ScaleResult> {
  const cli = cliCompile();
  console.log(
    `CLI compile of ${cli.processes} processes (${cli.machines} state machines, asl-validator on): ` +
      `${cli.cpuS.toFixed(2)} s CPU, ${cli.wallS.toFixed(2)} s wall (${load()})`,
  );
  type Point = { workflows: number; cpuMs: number; wallMs: number };
  const linear = child<{ small: Point; large: Point }>('linear');
  const ratio = linear.large.cpuMs / linear.small.cpuMs;
  console.log(
    `compileSources per workflow (CPU, warm): ${linear.small.cpuMs.toFixed(3)} ms at ${linear.small.workflows} workflows, ` +
      `${linear.large.cpuMs.toFixed(3)} ms at ${linear.large.workflows}: ratio ${ratio.toFixed(2)} ` +
      `(wall ${linear.small.wallMs.toFixed(3)} / ${linear.large.wallMs.toFixed(3)} ms)`,
  );
  const memory = child<{ workflows: number; seconds: number }>('memory');
  console.log(
    `cold compileSources of ${memory.workflows} workflows: ${memory.seconds.toFixed(2)} s wall, peak RSS ${memory.maxRssMb.toFixed(0)} MB`,
  );
  return {
    'CLI compile, 1,000+ processes with asl-validator (CPU s)': Number(cli.cpuS.toFixed(2)),
    'CLI compile, 1,000+ processes with asl-validator (wall s)': Number(cli.wallS.toFixed(2)),
    'per-workflow CPU ms, small app': Number(linear.small.cpuMs.toFixed(4)),
    'per-workflow CPU ms, ~5,800 workflows': Number(linear.large.cpuMs.toFixed(4)),
    'per-workflow ratio, ~5,800 / small': Number(ratio.toFixed(2)),
    'peak RSS compiling ~5,800 workflows (MB)': Math.round(memory.maxRssMb),
  };
}

const mode = process.argv[2];
if (process.argv[1] === SELF && mode === 'linear') {
  const small = perWorkflowMs(SMALL_COPIES, 21);
  const large = perWorkflowMs(largeCopies(), 3);
  process.stdout.write(JSON.stringify({ small, large }));
} else if (process.argv[1] === SELF && mode === 'memory') {
  const files = exampleCopies(largeCopies());
  const started = performance.now();
  const result = compileSources(files);
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    JSON.stringify({ workflows: Object.keys(result.artifacts?.asl ?? {}).length, seconds }),
  );
} else if (process.argv[1] === SELF) {
  console.log(await scaleBench());
}
