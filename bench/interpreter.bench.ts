/**
 * Interpreter throughput: N executions of a 5-state Task → Task → … process (Lambda integration,
 * in-process fake) on the virtual clock. Prints executions per second.
 * Run: `npx tsx bench/interpreter.bench.ts [N]`, or import and call the default export.
 */
import { AslEngine, type InvokeLambda } from '../local/asl/index.ts';

const STEPS = ['Validate', 'Reserve', 'Charge', 'Ship', 'Notify'];

function definition() {
  const states: Record<string, unknown> = {};
  STEPS.forEach((step, i) => {
    states[step] = {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Arguments: {
        FunctionName: `arn:aws:lambda:us-east-1:123456789012:function:${step}`,
        Payload: { step, input: '{% $states.input %}', execution: '{% $states.context.Execution.Id %}' },
      },
      TimeoutSeconds: 30,
      Retry: [{ ErrorEquals: ['States.TaskFailed'], MaxAttempts: 2 }],
      // Step outputs kept in a workflow variable (DESIGN.md §3): one real JSONata evaluation per state.
      Assign: { steps: `{% $merge([{}, $steps, {'${step}': $states.result.Payload}]) %}` },
      Output: '{% $states.result.Payload %}',
      ...(i === STEPS.length - 1 ? { End: true } : { Next: STEPS[i + 1] }),
    };
  });
  return { QueryLanguage: 'JSONata', StartAt: STEPS[0], States: states };
}

export default async function bench(n = Number(process.argv[2] ?? 5000)): Promise<number> {
  const invokeLambda: InvokeLambda = async (_fn, payload) => {
    const p = payload as { step: string; input: { count?: number } };
    return { Payload: { step: p.step, count: (p.input.count ?? 0) + 1 } };
  };
  const engine = new AslEngine({ integrations: { invokeLambda }, recordHistory: true });
  engine.registerStateMachine('bench', definition());
  // Warm up the JIT.
  await Promise.all(Array.from({ length: 200 }, () => engine.runExecution('bench', { count: 0 })));
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const batch = 100;
  for (let done = 0; done < n; done += batch) {
    const results = await Promise.all(
      Array.from({ length: Math.min(batch, n - done) }, () => engine.runExecution('bench', { count: 0 })),
    );
    if (
      results.some((r) => r.status !== 'SUCCEEDED' || (r.output as { count: number }).count !== STEPS.length)
    ) {
      throw new Error('benchmark execution did not succeed');
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const rate = n / seconds;
  console.log(
    `interpreter: ${n} executions of a ${STEPS.length}-task process in ${seconds.toFixed(2)} s = ${Math.round(rate)} executions/s ` +
      `(${Math.round(n / cpuSeconds)} per CPU-second; Node runs it on one thread)`,
  );
  return rate;
}

if (import.meta.url === `file://${process.argv[1]}`) await bench();
