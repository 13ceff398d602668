/**
 * Handler bundles: size per handler as deployed (AWS SDK and Powertools external: the runtime and
 * the Powertools layer provide them; target ≤ 50 KB), the self-contained size beside it, and cold
 * import time (median of fresh Node processes, timing only the `import()` of the deployed bundle,
 * the external packages resolved from node_modules as the runtime and layer would provide them).
 * Prints a table; returns the headline number: the largest deployed bundle in KB.
 */
import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleHandlers } from '../lambdas/bundle.ts';

const TARGET_BYTES = 50 * 1024;
const RUNS = 5;

export interface HandlerBenchRow {
  handler: string;
  /** As deployed: Powertools from its layer. */
  bytes: number;
  bytesSelfContained: number;
  underTarget: boolean;
  coldImportMs: number;
}

function coldImportMs(file: string): number {
  const script = `const t=performance.now();await import(${JSON.stringify(pathToFileURL(file).href)});process.stdout.write(String(performance.now()-t));`;
  const times = Array.from({ length: RUNS }, () =>
    Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })),
  ).sort((a, b) => a - b);
  return times[Math.floor(RUNS / 2)];
}

export default async function handlersBench(): Promise<number> {
  const rows = await measureHandlers();
  return Math.max(...rows.map((r) => Math.round((r.bytes / 1024) * 10) / 10));
}

export async function measureHandlers(): Promise<HandlerBenchRow[]> {
  const outdir = join(import.meta.dirname, '../node_modules/.cache/dazzle-sfn-bench-bundles');
  try {
    const [deployed, self] = await Promise.all([
      bundleHandlers(join(outdir, 'deployed')),
      bundleHandlers(join(outdir, 'self-contained'), { powertoolsLayer: false }),
    ]);
    const rows = deployed.map((b, i) => ({
      handler: b.handler,
      bytes: b.bytes,
      bytesSelfContained: self[i].bytes,
      underTarget: b.bytes <= TARGET_BYTES,
      coldImportMs: Math.round(coldImportMs(b.file) * 10) / 10,
    }));
    console.log(
      'handler bundles (ESM, minified, node20; as deployed: AWS SDK and Powertools external; target ≤ 50 KB)',
    );
    console.table(
      rows.map((r) => ({
        handler: r.handler,
        'KB (deployed)': (r.bytes / 1024).toFixed(1),
        'KB (self-contained)': (r.bytesSelfContained / 1024).toFixed(1),
        '≤ 50 KB': r.underTarget ? 'yes' : 'NO',
        'cold import ms (median)': r.coldImportMs,
      })),
    );
    return rows;
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await handlersBench();
