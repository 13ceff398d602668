/**
 * `dazzle-sfn run`: one execution on the virtual clock. Waits, retries and timeouts pass at once;
 * human tasks and signals are answered from the script as soon as they register, or time out as
 * they would in AWS. Trigger rules are off (only this execution and what it starts itself run).
 */
import { scheduleTriggerInput } from '../compiler/contracts/trigger-input.ts';
import type { CompileArtifacts } from '../compiler/index.ts';
import { type HistoryEvent, VirtualClock } from './asl/index.ts';
import type { BusEvent } from './bus/bus.ts';
import { LocalRuntime, type RuntimeLog, type ScriptedAnswers, silentRuntimeLog } from './runtime.ts';
import { findWorkflow } from './workflows.ts';

export interface RunOptions {
  artifacts: CompileArtifacts;
  /** `process:x`, `schedule:x`, or a bare name only one workflow has (local/workflows.ts). */
  workflow: string;
  input: Record<string, unknown>;
  /** The trigger object (what an entity event or signal would have given); @default a manual start */
  trigger?: Record<string, unknown>;
  servicesDir?: string;
  script?: ScriptedAnswers;
  /** Virtual start time. @default now */
  start?: number;
  log?: RuntimeLog;
  /** Deploy-time param values (`timeout: param(…)`). @default {} */
  params?: Readonly<Record<string, string>>;
}

export interface RunReport {
  status: string;
  output: unknown;
  error: string | null;
  cause: string | null;
  transitions: number;
  /** The states entered, in order (nested ones included). */
  steps: string[];
  execution: string;
  /** Virtual time the execution took, in seconds. */
  duration_seconds: number;
  /** Events put on the bus while it ran (emits, sends, escalations). */
  events: { 'detail-type': string; detail: Record<string, unknown> }[];
}

export { UnknownWorkflow } from './workflows.ts';

export async function runOnce(options: RunOptions): Promise<RunReport> {
  const workflow = findWorkflow(options.artifacts.manifest, options.workflow);
  const clock = new VirtualClock({ start: options.start ?? Date.now() });
  const runtime = await LocalRuntime.start({
    artifacts: options.artifacts,
    servicesDir: options.servicesDir,
    clock,
    triggers: false,
    script: options.script,
    log: options.log ?? silentRuntimeLog,
    params: options.params,
  });
  const events: BusEvent[] = [];
  const unsubscribe = runtime.bus.subscribe((e) => {
    if (e.source !== 'aws.states') events.push(e);
  });
  try {
    const trigger =
      options.trigger ??
      (workflow.kind === 'schedule'
        ? scheduleTriggerInput(workflow.name, new Date(clock.now())).trigger
        : { kind: 'manual', user: 'dazzle-run' });
    const arn = runtime.startExecution(workflow.id, { input: options.input, trigger });
    if (!arn) throw new Error('the execution could not be started');
    const done = await runtime.awaitExecution(arn);
    await runtime.bus.idle();
    return {
      status: done.status,
      output: done.output ?? null,
      error: done.error ?? null,
      cause: done.cause ?? null,
      transitions: done.transitions,
      steps: enteredStates(runtime.engine.getExecutionHistory(arn)),
      execution: arn,
      duration_seconds: ((done.stopDate?.getTime() ?? clock.now()) - done.startDate.getTime()) / 1000,
      events: events.map((e) => ({ 'detail-type': e['detail-type'], detail: e.detail })),
    };
  } finally {
    unsubscribe();
    await runtime.close();
  }
}

export function enteredStates(history: HistoryEvent[]): string[] {
  return history
    .filter((e) => e.type.endsWith('StateEntered'))
    .map((e) => (e.stateEnteredEventDetails as { name?: string } | undefined)?.name ?? '?');
}
