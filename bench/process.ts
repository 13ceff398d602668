/**
 * Runs a Node process and measures it: wall time, CPU time (user + system, all its threads) and peak
 * RSS. On a shared machine wall time grows with the load; CPU time mostly does not, so the benches
 * judge process-level targets on CPU time and print both (with the load average).
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';

export interface Measured {
  status: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
}

const MARK = '\u0000RUSAGE ';
/** Prints the process's resource usage on stderr as it exits (after everything else it printed). */
const REPORTER = `data:text/javascript,process.on('exit',()=>process.stderr.write(${JSON.stringify(MARK)}+JSON.stringify(process.resourceUsage())))`;

export function runNode(args: readonly string[], cwd: string): Measured {
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--import', REPORTER, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = performance.now() - started;
  const at = run.stderr.lastIndexOf(MARK);
  if (at < 0) throw new Error(`no resource usage from node ${args.join(' ')}: ${run.stderr.slice(0, 2000)}`);
  const usage = JSON.parse(run.stderr.slice(at + MARK.length)) as {
    userCPUTime: number;
    systemCPUTime: number;
    maxRSS: number;
  };
  return {
    status: run.status,
    stdout: run.stdout,
    stderr: run.stderr.slice(0, at),
    wallMs,
    // Microseconds and kilobytes.
    cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    maxRssMb: usage.maxRSS / 1024,
  };
}

/** The median of `runs` measured runs after `warmup` unmeasured ones. */
export function medianRun(args: readonly string[], cwd: string, runs: number, warmup = 1): Measured {
  for (let i = 0; i < warmup; i++) runNode(args, cwd);
  const all = Array.from({ length: runs }, () => runNode(args, cwd));
  const byCpu = [...all].sort((a, b) => a.cpuMs - b.cpuMs);
  const byWall = [...all].sort((a, b) => a.wallMs - b.wallMs);
  const mid = Math.floor(runs / 2);
  return { ...byCpu[mid], wallMs: byWall[mid].wallMs };
}

/** The 1-minute load average over the number of CPUs, as text. */
export function load(): string {
  return `load average ${loadavg()[0].toFixed(1)}`;
}
