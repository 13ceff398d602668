import type { State, StateMachineDefinition } from '../compiler/emit/asl/types.ts';
import { compileSources } from '../compiler/index.ts';
import type { SourceFile } from '../compiler/parser/index.ts';
import { exampleFiles } from './inputs.ts';

const RUNS = 200;

/**
 * Full in-process compile (parse, validate, plan, emit, AWS definition checks, manifest; no
 * asl-validator) of the example app (examples/dsl, 18 workflows; a fresh clone has it), median of
 * RUNS runs, per workflow. Returns the median per workflow in ms.
 *
 * Target: ≤ 1 ms per workflow. No issue sets one for this input: issue 3's "under 5 ms median"
 * was for Dazzle's fixture_pra.processes.dsl (29 smaller machines, a compiler without the AWS
 * definition checks, source maps and manifest IAM added since), which no longer compiles (DZ300:
 * an `on_failure` naming no step) and is not in a fresh clone; the 5 ms carried over to the
 * example app when the bench moved to it was never re-based. The 1 ms comes from issue 14.2: the
 * CLI compiles 1,000 processes with asl-validator in < 10 s, 10 ms per process, of which the
 * compile itself takes at most a tenth, leaving the rest to asl-validator and file I/O.
 *
 * Also prints, per example workflow, its state count and its happy-path state transitions as the
 * definition reads (`happyPath`); bench/transitions.bench.ts counts them by running each one.
 */
export default async function compileBench(): Promise<number> {
  const files: SourceFile[] = exampleFiles();
  const first = compileSources(files);
  const artifacts = first.artifacts;
  if (!artifacts) throw new Error(`fixture does not compile: ${JSON.stringify(first.diagnostics)}`);
  for (let i = 0; i < 20; i++) compileSources(files);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    compileSources(files);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const workflows = artifacts.manifest.workflows;
  const perWorkflow = median / workflows.length;
  console.log(
    `compile examples/dsl (${workflows.length} workflows): median ${median.toFixed(2)} ms over ${RUNS} runs, ` +
      `${perWorkflow.toFixed(3)} ms per workflow; target ≤ 1 ms per workflow`,
  );
  for (const w of workflows) {
    // The definitions are keyed by workflow id (`process-<name>`, `schedule-<name>`), not name.
    const text = artifacts.asl[w.id];
    if (text === undefined) throw new Error(`no definition for ${w.id}`);
    const definition = JSON.parse(text) as StateMachineDefinition;
    console.log(
      `  ${w.name}: ${w.state_count} states, ${happyPath(definition)} transitions on the happy path`,
    );
  }
  return perWorkflow;
}

/**
 * States entered on the happy path: input valid, lock free, every step succeeds first time, each
 * Choice takes its Default, a human task its first outcome (the Task's Next), Maps see one item,
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
        name = state.Default;
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
