import type { StateMachineDefinition } from '../emit/asl/types.ts';
import type { OverlapPolicy, Workflow } from '../ir/types.ts';
import { chooseWorkflowType } from '../manifest/workflowType.ts';
import { planWorkflow, workflowOf } from '../plan/index.ts';
import { costliestPath, emptyPath, type PathCost } from './aslPaths.ts';
import { table } from './coverage.ts';
import { type CostAssumptions, DEFAULT_ASSUMPTIONS, PRICES } from './pricing.ts';
import { workflowLabels } from './workflowAddress.ts';

/**
 * `dazzle-sfn cost`: what a run of each process costs, from its compiled definition — billed
 * transitions, Lambda invocations and the AWS charges for one run and for `runs` runs, on the happy
 * path and on the worst path (every retry spent, failure handling run; see `aslPaths.ts`). Both
 * Step Functions prices are shown: Standard (per transition) and Express (per request + duration),
 * with whether Express is possible for the workflow at all.
 */

export interface CompiledWorkflow {
  readonly workflow: Workflow;
  /** The deployed type (the manifest's `workflow_type`). */
  readonly workflowType: 'STANDARD' | 'EXPRESS';
  readonly definition: StateMachineDefinition;
  /** The overlap policy in force (the manifest's `overlap.policy`); else read from the IR alone. */
  readonly overlap?: OverlapPolicy;
}

export interface Charges {
  standard: number;
  express: number;
  lambda: number;
  /** Step Functions at the deployed type, plus Lambda. */
  total: number;
}

export interface PathEstimate {
  transitions: number;
  lambda_invocations: number;
  events_published: number;
  dynamodb_calls: number;
  child_executions: number;
  wait_seconds: number;
  /** Express billed duration (Lambda time + waits + retry back-off), rounded up to 100 ms. */
  express_billed_ms: number;
  per_run: Charges;
  for_runs: Charges;
}

export interface WorkflowCost {
  name: string;
  kind: 'process' | 'schedule';
  workflow_type: 'STANDARD' | 'EXPRESS';
  express_possible: boolean;
  express_note: string;
  happy: PathEstimate;
  worst: PathEstimate;
}

export interface CostReport {
  runs: number;
  region: string;
  currency: string;
  assumptions: CostAssumptions;
  workflows: WorkflowCost[];
  /** Sums over every workflow, at each one's deployed type (one run of each, and `runs` of each). */
  total: { happy_per_run: number; worst_per_run: number; happy_for_runs: number; worst_for_runs: number };
  sources: readonly string[];
  notes: string[];
}

export function estimateCosts(
  workflows: readonly CompiledWorkflow[],
  runs: number,
  assumptions: Partial<CostAssumptions> = {},
): CostReport {
  const a: CostAssumptions = { ...DEFAULT_ASSUMPTIONS, ...assumptions };
  const costs = workflows.map((w) => workflowCost(w, runs, a));
  const sum = (pick: (c: WorkflowCost) => number) => costs.reduce((s, c) => s + pick(c), 0);
  return {
    runs,
    region: PRICES.region,
    currency: PRICES.currency,
    assumptions: a,
    workflows: costs,
    total: {
      happy_per_run: sum((c) => c.happy.per_run.total),
      worst_per_run: sum((c) => c.worst.per_run.total),
      happy_for_runs: sum((c) => c.happy.for_runs.total),
      worst_for_runs: sum((c) => c.worst.for_runs.total),
    },
    sources: PRICES.sources,
    notes: [
      'List prices before free tiers and volume discounts.',
      'Loops (gotos back, lock queue waits) are counted once; a child execution (subprocess) is billed as its own process.',
      'EventBridge events and DynamoDB calls are counted, not priced.',
    ],
  };
}

function workflowCost(w: CompiledWorkflow, runs: number, a: CostAssumptions): WorkflowCost {
  const def = workflowOf(w.workflow);
  const auto = chooseWorkflowType(planWorkflow(w.overlap ? { ...def, overlap: w.overlap } : def), 'auto');
  const options = { mapItems: a.mapItems };
  const happy = costliestPath(w.definition, 'happy', options);
  const worst = costliestPath(w.definition, 'worst', options);
  return {
    name: w.workflow.spec.name,
    kind: w.workflow.kind,
    workflow_type: w.workflowType,
    express_possible: auto.type === 'EXPRESS',
    express_note: auto.reason.replace(/^auto: /, ''),
    happy: pathEstimate(happy, w.workflowType, runs, a),
    worst: pathEstimate(worst ?? happy, w.workflowType, runs, a),
  };
}

function pathEstimate(
  path: PathCost | undefined,
  type: 'STANDARD' | 'EXPRESS',
  runs: number,
  a: CostAssumptions,
): PathEstimate {
  const p = path ?? emptyPath();
  const sfn = PRICES.stepFunctions;
  const rawMs = p.lambdaInvocations * a.lambdaDurationMs + p.waitSeconds * 1000;
  const billedMs = Math.max(
    sfn.expressDurationRoundingMs,
    Math.ceil(rawMs / sfn.expressDurationRoundingMs) * sfn.expressDurationRoundingMs,
  );
  const expressGb =
    (Math.ceil(a.expressMemoryMb / sfn.expressMemoryChunkMb) * sfn.expressMemoryChunkMb) / 1024;
  const standard = p.transitions * sfn.standardPerTransition;
  const express = sfn.expressPerRequest + expressGb * (billedMs / 1000) * sfn.expressPerGbSecond;
  const lambda =
    p.lambdaInvocations *
    (PRICES.lambda.perRequest +
      (a.lambdaMemoryMb / 1024) * (a.lambdaDurationMs / 1000) * PRICES.lambda.perGbSecond);
  const perRun: Charges = {
    standard,
    express,
    lambda,
    total: (type === 'STANDARD' ? standard : express) + lambda,
  };
  const scale = (c: Charges): Charges => ({
    standard: c.standard * runs,
    express: c.express * runs,
    lambda: c.lambda * runs,
    total: c.total * runs,
  });
  return {
    transitions: p.transitions,
    lambda_invocations: p.lambdaInvocations,
    events_published: p.eventsPublished,
    dynamodb_calls: p.dynamodbCalls,
    child_executions: p.childExecutions,
    wait_seconds: p.waitSeconds,
    express_billed_ms: billedMs,
    per_run: perRun,
    for_runs: scale(perRun),
  };
}

/** Dollars with enough digits to see fractions of a cent. */
export function money(amount: number): string {
  if (amount === 0) return '$0';
  if (amount >= 1) return `$${amount.toFixed(2)}`;
  return `$${amount.toPrecision(3)}`;
}

export function formatCost(report: CostReport): string {
  // `process:x` / `schedule:x` where a process and a schedule share a name.
  const labels = workflowLabels(report.workflows);
  const rows = report.workflows.map((w, i) => [
    labels[i],
    w.workflow_type === 'STANDARD' ? 'Standard' : 'Express',
    `${w.happy.transitions} / ${w.worst.transitions}`,
    `${w.happy.lambda_invocations} / ${w.worst.lambda_invocations}`,
    `${money(w.happy.per_run.standard)} / ${money(w.worst.per_run.standard)}`,
    w.express_possible ? `${money(w.happy.per_run.express)} / ${money(w.worst.per_run.express)}` : 'n/a',
    `${money(w.happy.per_run.total)} / ${money(w.worst.per_run.total)}`,
    `${money(w.happy.for_runs.total)} / ${money(w.worst.for_runs.total)}`,
  ]);
  const lines = table(
    [
      'WORKFLOW',
      'TYPE',
      'TRANSITIONS',
      'LAMBDA',
      'STANDARD/RUN',
      'EXPRESS/RUN',
      'TOTAL/RUN',
      `TOTAL/${report.runs} RUNS`,
    ],
    rows,
  );
  const a = report.assumptions;
  lines.push(
    '',
    `happy / worst path; total = Step Functions at the deployed type + Lambda (${a.lambdaMemoryMb} MB, ${a.lambdaDurationMs} ms per call); ${report.region} list prices`,
    `these workflows, ${report.runs} runs each: ${money(report.total.happy_for_runs)} happy, ${money(report.total.worst_for_runs)} worst`,
  );
  return lines.join('\n');
}
