/** Small harness for the interpreter's conformance tests. */
import {
  AslEngine,
  type AslEngineOptions,
  type ExecutionDescription,
  type IntegrationContext,
  type Integrations,
  type LambdaInvokeResult,
} from '../../../local/asl/index.ts';

export const LAMBDA = 'arn:aws:states:::lambda:invoke';

/** A JSONata state machine whose StartAt is the first state listed. */
export function machine(states: Record<string, unknown>, top: Record<string, unknown> = {}) {
  return { QueryLanguage: 'JSONata', StartAt: Object.keys(states)[0], States: states, ...top };
}

/** A Task calling function `fn` with `payload` (default: the state input), output = the Payload. */
export function lambdaTask(fn: string, extra: Record<string, unknown> = {}) {
  return {
    Type: 'Task',
    Resource: LAMBDA,
    Arguments: { FunctionName: fn, Payload: '{% $states.input %}' },
    Output: '{% $states.result.Payload %}',
    ...extra,
  };
}

export interface Call {
  fn: string;
  payload: unknown;
  at: number;
  ctx: IntegrationContext;
}

/** An engine whose Lambda calls go to `handler` (throw to fail with the error's name), recording calls. */
export function lambdaEngine(
  handler: (fn: string, payload: unknown, ctx: IntegrationContext, call: number) => unknown,
  options: AslEngineOptions & { integrations?: Integrations } = {},
) {
  const calls: Call[] = [];
  let engine!: AslEngine;
  const invokeLambda = async (
    fn: string,
    payload: unknown,
    ctx: IntegrationContext,
  ): Promise<LambdaInvokeResult> => {
    calls.push({ fn, payload, at: engine.clock.now(), ctx });
    return { Payload: await handler(fn, payload, ctx, calls.length) };
  };
  engine = new AslEngine({ ...options, integrations: { invokeLambda, ...options.integrations } });
  return { engine, calls };
}

export function namedError(name: string, message = name): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

/** Registers `definition` as `name` and runs it to the end. */
export async function run(
  engine: AslEngine,
  definition: unknown,
  input: unknown = {},
  name = 'sm',
): Promise<ExecutionDescription> {
  try {
    engine.describeStateMachine(name);
  } catch {
    engine.registerStateMachine(name, definition);
  }
  return engine.runExecution(name, input);
}

/** Seconds between consecutive calls. */
export function gaps(calls: Call[]): number[] {
  return calls.slice(1).map((c, i) => (c.at - calls[i].at) / 1000);
}
