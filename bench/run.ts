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
  results.push({ file, result: await bench() });
}
/**
 * The issues' targets, so each run prints how far from them it is: `ratio` = measured / target for
 * a ceiling (< 1 meets it), target / measured for a floor (< 1 meets it too).
 */
const TARGETS: Record<string, { target: number; unit: string; kind: 'ceiling' | 'floor'; pick?: string }> = {
  'parse.bench.ts': { target: 3, unit: 'ms', kind: 'ceiling' },
  'compile.bench.ts': { target: 5, unit: 'ms', kind: 'ceiling' },
  'handlers.bench.ts': { target: 50, unit: 'KB (largest handler)', kind: 'ceiling' },
  'interpreter.bench.ts': { target: 2000, unit: 'executions/s', kind: 'floor' },
  'synth.bench.ts': { target: 60, unit: 's (200 processes)', kind: 'ceiling', pick: '200 processes (s)' },
  'transitions.bench.ts': {
    target: 1,
    unit: '(largest transitions / (steps + emits + lock + 1) of an example)',
    kind: 'ceiling',
  },
  'aws-recorded.bench.ts': {
    target: 97,
    unit: '% of AWS-recorded cases matched',
    kind: 'floor',
    pick: 'matched (%)',
  },
};

const headline = (result: unknown, pick?: string): number | undefined => {
  if (typeof result === 'number') return result;
  if (pick && result && typeof result === 'object') {
    const value = (result as Record<string, unknown>)[pick];
    return typeof value === 'number' ? value : undefined;
  }
  return undefined;
};

console.log('\nbenchmarks:');
for (const { file, result } of results) {
  const shown = typeof result === 'number' ? String(Number(result.toFixed(3))) : JSON.stringify(result);
  const t = TARGETS[file];
  const value = headline(result, t?.pick);
  if (!t || value === undefined) {
    console.log(`  ${file}: ${shown}`);
    continue;
  }
  const ratio = t.kind === 'ceiling' ? value / t.target : t.target / value;
  const verdict = ratio <= 1 ? 'meets' : 'MISSES';
  console.log(
    `  ${file}: ${shown} — ${t.kind === 'ceiling' ? '≤' : '≥'} ${t.target} ${t.unit}: ratio ${ratio.toFixed(2)} (${verdict})`,
  );
}
