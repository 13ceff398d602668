import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { State, StateMachineDefinition } from '../compiler/emit/asl/types.ts';
import { compileSources } from '../compiler/index.ts';
import type { SourceFile } from '../compiler/parser/index.ts';
import { exampleFiles } from './inputs.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = 200;

/**
 * Full in-process compile (parse, validate, plan, emit, manifest; no asl-validator) of the example
 * app (examples/dsl, 18 workflows; a fresh clone has it), median of RUNS runs (target < 5 ms, set
 * on Dazzle's fixture_pra.processes.dsl of similar size). Also prints, per example process, its
 * state count and its happy-path transition count (see `happyPath`).
 */
export default async function compileBench(): Promise<number> {
  const files: SourceFile[] = exampleFiles();
  const first = compileSources(files);
  if (!first.artifacts) throw new Error(`fixture does not compile: ${JSON.stringify(first.diagnostics)}`);
  for (let i = 0; i < 20; i++) compileSources(files);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    compileSources(files);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const workflows = Object.keys(first.artifacts.asl).length;
  console.log(
    `compile examples/dsl (${workflows} state machines): median ${median.toFixed(2)} ms over ${RUNS} runs`,
  );

  const examplesDir = join(ROOT, 'examples/dsl');
  const examples = compileSources(
    ['expenses.dsl', 'operations.dsl', 'orders.dsl'].map((f) => ({
      name: f,
      text: readFileSync(join(examplesDir, f), 'utf8'),
    })),
  );
  for (const w of examples.artifacts?.manifest.workflows ?? []) {
    const definition = JSON.parse(examples.artifacts?.asl[w.name] ?? '{}') as StateMachineDefinition;
    console.log(
      `  ${w.name}: ${w.state_count} states, ${happyPath(definition)} transitions on the happy path`,
    );
  }
  return median;
}

/**
 * States entered on the happy path: input valid, lock free, every step succeeds first time, each
 * Choice takes its Default (a human-task outcome Choice its first outcome), Maps see one item,
 * Parallels run every branch.
 */
export function happyPath(definition: { StartAt: string; States: Record<string, State> }): number {
  let count = 0;
  let name: string | undefined = definition.StartAt;
  const seen = new Map<string, number>();
  while (name !== undefined) {
    const state: State = definition.States[name];
    const visits = (seen.get(name) ?? 0) + 1;
    if (visits > 3) break; // a loop the happy path does not leave (never for compiled processes)
    seen.set(name, visits);
    count++;
    switch (state.Type) {
      case 'Choice':
        name = name.endsWith(' outcome') ? state.Choices[0].Next : state.Default;
        break;
      case 'Parallel':
        count += state.Branches.reduce((n, b) => n + happyPath(b), 0);
        name = state.Next;
        break;
      case 'Map':
        count += happyPath(state.ItemProcessor);
        name = state.Next;
        break;
      case 'Succeed':
      case 'Fail':
        name = undefined;
        break;
      case 'Task':
      case 'Pass':
      case 'Wait':
        name = state.Next;
        break;
      default: {
        const never: never = state;
        return never;
      }
    }
  }
  return count;
}
