/**
 * Interpreter throughput, side by side with `aws-local-stepfunctions` (the JSONPath-only local
 * runner a user would otherwise reach for), in one process, back to back, same load:
 *
 * - peer: five Lambda Tasks with a local handler, JSONPath (Parameters with the input and the
 *   execution id, Retry, TimeoutSeconds), on `aws-local-stepfunctions`;
 * - ours, bench shape: the same five Tasks in JSONata (Arguments, Output, and an Assign keeping the
 *   step outputs in a variable, which the peer cannot express) on our engine with history on;
 * - ours, compiled: the definition the compiler emits for a five-service-step Dazzle process
 *   (input check, init, five service Tasks with Retry/Catch, the run's variables), history on.
 *
 * N executions each (default 5,000) in batches of 100, after a warm-up, in 3 rounds whose order
 * turns (the median round counts). Prints executions per
 * second and our rate over the peer's; returns the smaller ratio (the target: ≥ 1).
 * Run: `npx tsx bench/interpreter.bench.ts [N]`, or import and call the default export.
 */
import { StateMachine } from 'aws-local-stepfunctions';
import { compileSources } from '../compiler/index.ts';
import { placeholderTargets } from '../compiler/manifest/placeholders.ts';
import { AslEngine, type InvokeLambda } from '../local/asl/index.ts';
import { substitutionsFor } from '../local/names.ts';
import { DEFAULT_KEEP_FINISHED } from '../local/runtime.ts';

// aws-local-stepfunctions 3.0 targets Node 22 and calls Promise.withResolvers (absent on Node 20).
const P = Promise as unknown as { withResolvers?: () => unknown };
P.withResolvers ??= () => {
  let resolve: unknown;
  let reject: unknown;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

const STEPS = ['Validate', 'Reserve', 'Charge', 'Ship', 'Notify'];
const BATCH = 100;
const WARMUP = 500;
const RETRY = [{ ErrorEquals: ['States.TaskFailed'], MaxAttempts: 2 }];
const functionArn = (step: string) => `arn:aws:lambda:us-east-1:123456789012:function:${step}`;
const next = (i: number) => (i === STEPS.length - 1 ? { End: true } : { Next: STEPS[i + 1] });

/** The bench shape in JSONata, for our engine. */
export function benchDefinition() {
  const states: Record<string, unknown> = {};
  STEPS.forEach((step, i) => {
    states[step] = {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Arguments: {
        FunctionName: functionArn(step),
        Payload: { step, input: '{% $states.input %}', execution: '{% $states.context.Execution.Id %}' },
      },
      TimeoutSeconds: 30,
      Retry: RETRY,
      // Step outputs kept in a workflow variable (DESIGN.md §3): one real JSONata evaluation per state.
      Assign: { steps: `{% $merge([{}, $steps, {'${step}': $states.result.Payload}]) %}` },
      Output: '{% $states.result.Payload %}',
      ...next(i),
    };
  });
  return { QueryLanguage: 'JSONata', StartAt: STEPS[0], States: states };
}

/** The same five Tasks in JSONPath, for the peer (which has no variables, so no Assign). */
function peerDefinition() {
  const states: Record<string, unknown> = {};
  STEPS.forEach((step, i) => {
    states[step] = {
      Type: 'Task',
      Resource: functionArn(step),
      Parameters: { step, 'input.$': '$', 'execution.$': '$$.Execution.Id' },
      TimeoutSeconds: 30,
      Retry: RETRY,
      ...next(i),
    };
  });
  return { StartAt: STEPS[0], States: states };
}

const SERVICES = ['validate_order', 'reserve_stock', 'charge_card', 'ship_order', 'notify_customer'];

/** A five-service-step process, compiled by the real compiler: its ASL and the substitutions. */
export function compiledDefinition(): { definition: unknown; substitutions: Record<string, string> } {
  const steps = SERVICES.map(
    (service) => `
    - step ${service}:
        service: ${service}
        inputs:
          - order_id -> order_id
          - count -> count`,
  ).join('');
  const text = `
process five_steps "Five service steps":
  trigger: manual
  input:
    order_id: str required
    count: int = 0
  steps:${steps}
`;
  const result = compileSources([{ name: 'five_steps.dsl', text }]);
  const artifacts = result.artifacts;
  const asl = artifacts?.asl['process-five_steps'];
  if (!artifacts || !asl) {
    throw new Error(`bench process did not compile: ${JSON.stringify(result.diagnostics)}`);
  }
  const targets = placeholderTargets(artifacts.manifest);
  return { definition: JSON.parse(asl), substitutions: substitutionsFor(asl, 'dazzle.bench', targets) };
}

/** Runs `n` executions in batches of `BATCH` (all at once within a batch). */
async function batches(n: number, run: () => Promise<void>): Promise<void> {
  for (let done = 0; done < n; done += BATCH) {
    await Promise.all(Array.from({ length: Math.min(BATCH, n - done) }, run));
  }
}

/**
 * Runs `n` executions; returns executions per second of wall time and of the process's CPU time
 * (all its threads, the GC's included): on a shared machine the CPU figure moves less with the load.
 */
async function measure(n: number, run: () => Promise<void>): Promise<Rates> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  await batches(n, run);
  const used = process.cpuUsage(cpu);
  return { wall: n / ((performance.now() - started) / 1000), cpu: n / ((used.user + used.system) / 1e6) };
}

/**
 * Each runner warmed up, then measured in `ROUNDS` rounds, the order turning each round (so no
 * runner always follows the same one, whose garbage it would collect); each runner's median round.
 */
async function sideBySide(runners: { label: string; run: () => Promise<void> }[], n: number) {
  for (const r of runners) await batches(WARMUP, r.run);
  const rounds: Rates[][] = runners.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < runners.length; k++) {
      const i = (round + k) % runners.length;
      rounds[i].push(await measure(n, runners[i].run));
    }
  }
  return runners.map((r, i) => {
    const median = (pick: (x: Rates) => number) => rounds[i].map(pick).sort((a, b) => a - b)[ROUNDS >> 1];
    const rates = { wall: median((x) => x.wall), cpu: median((x) => x.cpu) };
    console.log(
      `interpreter: ${r.label}: ${n} executions × ${ROUNDS} rounds, median ${Math.round(rates.wall)} executions/s (${Math.round(rates.cpu)} per CPU second)`,
    );
    return rates;
  });
}

const ROUNDS = 3;

interface Rates {
  wall: number;
  cpu: number;
}

function peerRun(): () => Promise<void> {
  const machine = new StateMachine(peerDefinition() as never, {
    validationOptions: { checkPaths: false, checkArn: false },
  });
  const handlers = Object.fromEntries(
    STEPS.map((step) => [
      step,
      async (payload: unknown) => {
        const p = payload as { step: string; input: { count?: number } };
        return { step: p.step, count: (p.input.count ?? 0) + 1 };
      },
    ]),
  );
  let runs = 0;
  return async () => {
    // The peer's default context object has no Execution.Id: give it one, as a user would.
    const input = { count: 0 };
    const context = {
      Execution: {
        Id: `arn:aws:states:us-east-1:123456789012:execution:bench:run-${++runs}`,
        Input: input,
        StartTime: new Date().toISOString(),
      },
    };
    const execution = machine.run(input, { overrides: { taskResourceLocalHandlers: handlers }, context });
    const output = (await execution.result) as { count: number };
    if (output.count !== STEPS.length) throw new Error('peer execution did not succeed');
  };
}

function oursRun(definition: unknown, substitutions: Record<string, string> | undefined, input: unknown) {
  const invokeLambda: InvokeLambda = async (_fn, payload) => {
    const p = payload as { step: string; input: { count?: number } };
    return { Payload: { step: p.step, count: (p.input.count ?? 0) + 1 } };
  };
  // Finished executions kept as the local runtime keeps them (`--keep-finished`, default 1000),
  // each with its history; without a bound the engine would hold all 5,500 runs.
  const engine = new AslEngine({
    integrations: { invokeLambda },
    recordHistory: true,
    maxFinishedExecutions: DEFAULT_KEEP_FINISHED,
  });
  engine.registerStateMachine('bench', definition, { substitutions });
  return async () => {
    const r = await engine.runExecution('bench', input);
    if (r.status !== 'SUCCEEDED') throw new Error(`execution ${r.status}: ${r.error} ${r.cause}`);
  };
}

export default async function bench(n = Number(process.argv[2] ?? 5000)) {
  const compiled = compiledDefinition();
  const [peer, shape, emitted] = await sideBySide(
    [
      { label: 'aws-local-stepfunctions 3.0, 5 JSONPath Lambda tasks', run: peerRun() },
      {
        label: 'ours, the same 5 tasks in JSONata (history on)',
        run: oursRun(benchDefinition(), undefined, { count: 0 }),
      },
      {
        label: 'ours, the compiled 5-service-step process (history on)',
        run: oursRun(compiled.definition, compiled.substitutions, { input: { order_id: 'o-1', count: 0 } }),
      },
    ],
    n,
  );
  const ratios = {
    'bench shape / peer': shape.wall / peer.wall,
    'compiled process / peer': emitted.wall / peer.wall,
  };
  const cpuRatios = {
    'bench shape / peer (CPU)': shape.cpu / peer.cpu,
    'compiled process / peer (CPU)': emitted.cpu / peer.cpu,
  };
  console.log(
    `interpreter: ours / peer: bench shape ${ratios['bench shape / peer'].toFixed(2)}×, compiled process ${ratios['compiled process / peer'].toFixed(2)}× (per CPU second: ${cpuRatios['bench shape / peer (CPU)'].toFixed(2)}×, ${cpuRatios['compiled process / peer (CPU)'].toFixed(2)}×)`,
  );
  return {
    'peer (executions/s)': Math.round(peer.wall),
    'bench shape (executions/s)': Math.round(shape.wall),
    'compiled process (executions/s)': Math.round(emitted.wall),
    ...ratios,
    ...cpuRatios,
    'smallest ratio': Math.min(...Object.values(ratios)),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) await bench();
