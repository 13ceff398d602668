/**
 * CDK synth time of DazzleProcesses for generated apps of 10, 50 and 200 processes: compile the DSL,
 * build the construct, bundle the handler Lambdas with esbuild, synthesize with cdk-nag
 * (AwsSolutions) and aws-cdk-lib's CloudFormation validator, as `cdk synth` does. Services are
 * existing functions (no bundling per service). Prints seconds per size; 200 must stay under 60 s.
 * Run: `npx tsx bench/synth.bench.ts [sizes…]`, or import and call the default export.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DazzleProcesses } from '../infra/dazzle-processes.ts';
import { generatedProps, testApp, testStack } from '../test/infra/fixtures.ts';

const LIMIT_SECONDS = 60;

export default async function bench(
  sizes: readonly number[] = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [10, 50, 200],
): Promise<Record<string, number>> {
  const results: Record<string, number> = {};
  // The first synth in a process also loads aws-cdk-lib's modules and the validator: time it apart.
  results['cold start, 1 process (s)'] = synthSeconds(1).seconds;
  console.log(`synth   1 process (cold start): ${results['cold start, 1 process (s)'].toFixed(2)} s`);
  for (const n of sizes) {
    const { seconds, nested } = synthSeconds(n);
    results[`${n} processes (s)`] = seconds;
    const verdict =
      n === 200 ? ` (limit ${LIMIT_SECONDS} s: ${seconds < LIMIT_SECONDS ? 'ok' : 'EXCEEDED'})` : '';
    console.log(
      `synth ${String(n).padStart(3)} processes: ${seconds.toFixed(2)} s, ${nested} nested stacks${verdict}`,
    );
  }
  return results;
}

function synthSeconds(n: number): { seconds: number; nested: number } {
  const outdir = mkdtempSync(join(tmpdir(), 'dazzle-synth-bench-'));
  try {
    const started = performance.now();
    const app = testApp({ bundle: true, cfnValidation: true, outdir });
    const stack = testStack(app, `Bench${n}`);
    const processes = new DazzleProcesses(stack, 'Processes', generatedProps(stack, n));
    app.synth();
    const seconds = Number(((performance.now() - started) / 1000).toFixed(2));
    return { seconds, nested: processes.nestedStacks.length };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await bench();
