import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Runs every `bench/*.bench.ts` in name order. Each file's default export (or else its first
 * exported function) is awaited; it prints its own result line and returns its headline number.
 */
const here = dirname(fileURLToPath(import.meta.url));
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();

const results: { file: string; result: unknown }[] = [];
for (const file of files) {
  const module = (await import(pathToFileURL(join(here, file)).href)) as Record<string, unknown>;
  const bench = (module.default ?? Object.values(module).find((v) => typeof v === 'function')) as
    | (() => unknown)
    | undefined;
  if (typeof bench !== 'function') {
    console.log(`${file}: no exported function, skipped`);
    continue;
  }
  try {
    results.push({ file, result: await bench() });
  } catch (error) {
    // One broken bench must not hide the others' figures: report it, go on, exit non-zero.
    console.log(`${file}: FAILED: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    results.push({ file, result: 'FAILED' });
    process.exitCode = 1;
  }
}
/**
 * The issues' targets, so each run prints how far from them it is: `ratio` = measured / target for
 * a ceiling (≤ 1 meets it), target / measured for a floor (≤ 1 meets it too). A bench that returns
 * an object has one line per picked key.
 */
interface Target {
  file: string;
  /** The key of the bench's result object (none: the bench returns a number). */
  pick?: string;
  target: number;
  unit: string;
  kind: 'ceiling' | 'floor';
  /** Where the target comes from. */
  issue?: string;
}
const TARGETS: Target[] = [
  { file: 'parse.bench.ts', target: 3, unit: 'ms', kind: 'ceiling' },
  // Per workflow; why 1 ms (issue 14.2's budget), not issue 3's 5 ms: see compile.bench.ts.
  {
    file: 'compile.bench.ts',
    target: 1,
    unit: 'ms per workflow (example app compile)',
    kind: 'ceiling',
    issue: '14.2',
  },
  {
    file: 'handlers.bench.ts',
    target: 50,
    unit: 'KB (largest handler bundle, as deployed)',
    kind: 'ceiling',
    issue: '14.4',
  },
  ...(['bench shape / peer', 'compiled process / peer'] as const).map(
    (pick): Target => ({
      file: 'interpreter.bench.ts',
      pick,
      target: 1,
      unit: '× aws-local-stepfunctions (executions/s, side by side)',
      kind: 'floor',
      issue: '17',
    }),
  ),
  {
    file: 'synth.bench.ts',
    target: 60,
    unit: 's (200 processes)',
    kind: 'ceiling',
    pick: '200 processes (s)',
  },
  {
    file: 'transitions.bench.ts',
    target: 1,
    unit: '(largest transitions / (steps + emits + lock + 1) of an example)',
    kind: 'ceiling',
    issue: '14.1',
  },
  {
    file: 'aws-recorded.bench.ts',
    target: 97,
    unit: '% of AWS-recorded cases matched',
    kind: 'floor',
    pick: 'matched (%)',
  },
  // Issue 14: each a ceiling on one key of scale.bench.ts's or startup.bench.ts's result.
  ...(
    [
      ['scale', 'CLI compile, 1,000+ processes with asl-validator (CPU s)', 10, 's', '14.2'],
      ['scale', 'per-workflow ratio, ~5,800 / small', 1.5, '× (per workflow, ~5,800 vs a small app)', '14.3'],
      ['scale', 'peak RSS compiling ~5,800 workflows (MB)', 1024, 'MB', '14.6'],
      ['startup', '--help (CPU ms)', 400, 'ms', '14.5'],
      ['startup', 'validate one small file (CPU ms)', 400, 'ms', '14.5'],
    ] as const
  ).map(([bench, pick, target, unit, issue]) => ({
    file: `${bench}.bench.ts`,
    pick,
    target,
    unit,
    kind: 'ceiling' as const,
    issue,
  })),
  // Issue 13.12: the dev server under load (devserver.bench.ts).
  ...(
    [
      ['errors at 1000 concurrent starts', 0, 'errors at 1,000 concurrent starts', 'ceiling'],
      ['RSS with 1000 parked (MB)', 300, 'MB RSS, 1,000 parked on human tasks', 'ceiling'],
      ['starts/s at 100 clients', 200, 'starts/s at 100 clients', 'floor'],
      ['finished kept over the cap', 0, 'finished executions kept over the cap', 'ceiling'],
      [
        'RSS growth over the finished checkpoints (%)',
        10,
        '% RSS growth from 2,000 to 6,000 finished executions (bounded memory)',
        'ceiling',
      ],
    ] as const
  ).map(([pick, target, unit, kind]) => ({
    file: 'devserver.bench.ts',
    pick,
    target,
    unit,
    kind,
    issue: '13.12',
  })),
];

const headline = (result: unknown, pick?: string): number | undefined => {
  if (typeof result === 'number') return result;
  if (pick && result && typeof result === 'object') {
    const value = (result as Record<string, unknown>)[pick];
    return typeof value === 'number' ? value : undefined;
  }
  return undefined;
};

/** How far from its target a value is (≤ 1 meets it); a target of 0 (no errors) is met or missed. */
function ratioOf(t: Target, value: number): number {
  if (t.target === 0) return value === 0 ? 0 : Number.POSITIVE_INFINITY;
  return t.kind === 'ceiling' ? value / t.target : t.target / value;
}

console.log('\nbenchmarks:');
for (const { file, result } of results) {
  const shown = typeof result === 'number' ? String(Number(result.toFixed(3))) : JSON.stringify(result);
  const targets = TARGETS.filter((t) => t.file === file);
  console.log(`  ${file}: ${shown}`);
  for (const t of targets) {
    const value = headline(result, t.pick);
    if (value === undefined) continue;
    const ratio = ratioOf(t, value);
    const verdict = ratio <= 1 ? 'meets' : 'MISSES';
    console.log(
      `    ${t.issue ? `issue ${t.issue} ` : ''}${t.pick ? `${t.pick}: ${value} ` : ''}${t.kind === 'ceiling' ? '≤' : '≥'} ${t.target} ${t.unit}: ${t.target === 0 ? '' : `ratio ${ratio.toFixed(2)} `}(${verdict})`,
    );
  }
}
