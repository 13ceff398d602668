/**
 * State transitions of each example process's happy path, counted by running it — the compiled
 * ASL on the local interpreter, with the example services (`examples/services`), every human task
 * answered with its first outcome, every signal delivered — as AWS bills a Standard workflow: one
 * transition per state entered, Succeed and Fail included, plus one per retry ("Step Functions
 * counts a state transition each time a step of your workflow is executed", AWS Step Functions
 * pricing, https://aws.amazon.com/step-functions/pricing/; local/asl/interpreter.ts counts so).
 *
 * Target (issue 14.1): transitions ≤ steps entered + declared emits (on_start, on_complete) +
 * declared lock + 1. Prints per example: steps, transitions, target and ratio (transitions /
 * target; ≤ 1 meets it). Returns the largest ratio.
 * Run: `npx tsx bench/transitions.bench.ts`, or through `npm run bench`.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExecutionInput } from '../compiler/contracts/runtime.ts';
import { ENTITY_EVENT_TYPES } from '../compiler/contracts/trigger-input.ts';
import { routerEventInput } from '../compiler/emit/router.ts';
import type { ProcessStep } from '../compiler/ir/types.ts';
import type { ManifestWorkflow } from '../compiler/manifest/schema.ts';
import { routedInput } from '../local/bus/routed-input.ts';
import { compileForLocal } from '../local/compile.ts';
import { runOnce } from '../local/run.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLES = join(ROOT, 'examples/dsl');
const SERVICES = join(ROOT, 'examples/services');

/** A value of a declared field type, good enough for the example services and forms. */
function sample(type: string): unknown {
  const t = type.toLowerCase();
  if (t.startsWith('uuid')) return randomUUID();
  if (/^(int|integer|decimal|float|number|money)/.test(t)) return 100;
  if (/^(bool|boolean)/.test(t)) return true;
  if (t.startsWith('date')) return '2026-12-04';
  if (t.startsWith('json')) return {};
  return 'sample';
}

const fields = (list: readonly { name: string; type: string }[]) =>
  Object.fromEntries(list.map((f) => [f.name, sample(f.type)]));

function stepNames(steps: readonly ProcessStep[], into = new Set<string>()): Set<string> {
  for (const s of steps) {
    into.add(s.name);
    stepNames(s.parallel_steps, into);
    stepNames(s.foreach_steps, into);
  }
  return into;
}

/**
 * The execution input its trigger would give, from a sample event (compiler/contracts/trigger-input.ts,
 * built by the trigger router): entity events carry every declared input as entity data, signals as
 * the payload.
 */
async function startInput(entry: ManifestWorkflow): Promise<ExecutionInput | undefined> {
  const data = fields(entry.inputs);
  const t = entry.triggers[0];
  const id = randomUUID();
  if (t?.kind === 'entity_event' || t?.kind === 'entity_status_transition') {
    const detailType =
      t.kind === 'entity_event'
        ? (Object.keys(ENTITY_EVENT_TYPES).find((k) => ENTITY_EVENT_TYPES[k] === t.event_type) ?? '')
        : 'EntityStatusChanged';
    const detail = {
      entity: t.entity,
      id,
      data,
      ...(t.kind === 'entity_status_transition'
        ? { from_status: t.from_status, to_status: t.to_status }
        : {}),
    };
    const event = { id, 'detail-type': detailType, source: 'bench', detail };
    return routedInput({ ...routerEventInput(entry, t, ''), event });
  }
  if (t?.kind === 'signal')
    return routedInput({
      ...routerEventInput(entry, t, ''),
      event: {
        id,
        'detail-type': 'Signal',
        source: 'bench',
        detail: { name: t.signal, correlation_id: id, payload: data },
      },
    });
  return undefined;
}

export interface TransitionRow {
  workflow: string;
  status: string;
  /** Steps entered (entry states of DSL steps, nested ones included). */
  steps: number;
  /** States entered that belong to those steps: their entries, outcome routing, sets, checks. */
  stepStates: number;
  emits: number;
  lock: number;
  transitions: number;
  target: number;
  ratio: number;
}

export default async function transitionsBench(): Promise<number> {
  const files = readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.dsl'))
    .sort()
    .map((f) => ({ name: f, text: readFileSync(join(EXAMPLES, f), 'utf8') }));
  const compiled = compileForLocal(files);
  if (!compiled.artifacts) throw new Error(`the examples do not compile:\n${compiled.errors.join('\n')}`);
  const artifacts = compiled.artifacts;
  const workflows = [
    ...compiled.ir.processes.map((spec) => ({ kind: 'process', spec })),
    ...compiled.ir.schedules.map((spec) => ({ kind: 'schedule', spec })),
  ];
  const rows: TransitionRow[] = [];
  for (const entry of artifacts.manifest.workflows) {
    const spec = workflows.find((w) => w.kind === entry.kind && w.spec.name === entry.name)?.spec;
    if (!spec) continue;
    rows.push(await measure(entry, stepNames(spec.steps), artifacts));
  }
  const width = Math.max(...rows.map((r) => r.workflow.length));
  console.log('happy-path transitions, run on the local interpreter (target: steps + emits + lock + 1):');
  for (const r of rows) {
    console.log(
      `  ${r.workflow.padEnd(width)}  ${r.status.padEnd(9)} steps ${String(r.steps).padStart(2)} (${String(r.stepStates).padStart(2)} states)  emits ${r.emits}  lock ${r.lock}  ` +
        `transitions ${String(r.transitions).padStart(2)}  target ${String(r.target).padStart(2)}  ratio ${r.ratio.toFixed(2)}${r.ratio > 1 ? '  MISSES' : ''}`,
    );
  }
  return Math.max(...rows.map((r) => r.ratio));
}

async function measure(
  entry: ManifestWorkflow,
  steps: ReadonlySet<string>,
  artifacts: NonNullable<ReturnType<typeof compileForLocal>['artifacts']>,
): Promise<TransitionRow> {
  const tasks = Object.fromEntries(
    entry.human_tasks.map((t) => [
      t.step,
      { outcome: t.outcomes[0]?.name ?? 'complete', data: fields(t.form) },
    ]),
  );
  const signals = Object.fromEntries(entry.signals.map((s) => [s.signal, { amount: 100 }]));
  const start = await startInput(entry);
  const report = await runOnce({
    artifacts,
    workflow: entry.name,
    input: start?.input ?? fields(entry.inputs),
    ...(start && { trigger: start.trigger }),
    servicesDir: SERVICES,
    script: { tasks, signals },
  });
  const entered = report.steps.filter((s) => steps.has(s)).length;
  const stepStates = report.steps.filter((s) => steps.has(s.split(' ')[0])).length;
  const emits = (entry.emits.on_start ? 1 : 0) + (entry.emits.on_complete ? 1 : 0);
  const lock = entry.overlap.lock ? 1 : 0;
  const target = entered + emits + lock + 1;
  return {
    workflow: entry.name,
    status: report.status,
    steps: entered,
    stepStates,
    emits,
    lock,
    transitions: report.transitions,
    target,
    ratio: report.transitions / target,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) await transitionsBench();
