import { allSteps, type FlowPlan } from '../plan/index.ts';

export type WorkflowTypeOption = 'standard' | 'auto';

/** Express executions run at most 5 minutes. */
export const EXPRESS_MAX_SECONDS = 300;

/**
 * Standard unless `auto` and the workflow fits Express: no callbacks (human tasks, signal waits),
 * no `.sync` (subprocesses), no distributed Map, no overlap lock, timeout ≤ 300 s, and no other
 * process triggered by its completion through Step Functions' Execution Status Change events
 * (`statusWatcher`): Step Functions sends those to EventBridge for Standard workflows only; and no
 * process running it as a subprocess (`syncCaller`): `startExecution.sync` follows the child with
 * DescribeExecution and those status events, which Express executions do not support. The reason
 * names the first thing that rules Express out.
 */
export function chooseWorkflowType(
  plan: FlowPlan,
  option: WorkflowTypeOption,
  statusWatcher?: string,
  syncCaller?: string,
): { type: 'STANDARD' | 'EXPRESS'; reason: string } {
  if (option === 'standard') return { type: 'STANDARD', reason: 'workflowType is standard (the default)' };
  const standard = (why: string) => ({ type: 'STANDARD' as const, reason: `auto: Standard because ${why}` });
  if (statusWatcher !== undefined) {
    return standard(
      `process '${statusWatcher}' is triggered by its completion, seen through Execution Status Change events (Standard workflows only)`,
    );
  }
  if (syncCaller !== undefined) {
    return standard(
      `process '${syncCaller}' runs it as a subprocess (startExecution.sync needs a Standard child)`,
    );
  }
  for (const s of allSteps(plan.root)) {
    const step = s.step;
    if (step.kind === 'human_task') return standard(`human task '${step.name}' waits for a task token`);
    if (step.kind === 'wait' && step.wait_for_signal !== undefined) {
      return standard(`step '${step.name}' waits for signal '${step.wait_for_signal}' (task token)`);
    }
    if (step.kind === 'subprocess')
      return standard(`subprocess step '${step.name}' uses startExecution.sync`);
    if (step.kind === 'foreach' && step.foreach_mode === 'distributed') {
      return standard(`foreach '${step.name}' is a distributed Map`);
    }
  }
  const workflow = plan.workflow;
  if (workflow.overlap !== 'allow') return standard(`overlap '${workflow.overlap}' takes a lock`);
  if (workflow.timeoutSeconds > EXPRESS_MAX_SECONDS) {
    return standard(`its timeout ${workflow.timeoutSeconds}s exceeds Express's ${EXPRESS_MAX_SECONDS}s`);
  }
  return {
    type: 'EXPRESS',
    reason: `auto: Express (no callbacks, no .sync, no lock, timeout ${workflow.timeoutSeconds}s ≤ ${EXPRESS_MAX_SECONDS}s)`,
  };
}
