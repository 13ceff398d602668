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
console.log('\nbenchmarks:');
for (const { file, result } of results) {
  console.log(
    `  ${file}: ${typeof result === 'number' ? String(Number(result.toFixed(3))) : JSON.stringify(result)}`,
  );
}
