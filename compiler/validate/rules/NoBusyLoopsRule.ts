import type { ProcessStep } from '../../ir/types.ts';
import type { StepScope, ValidationContext } from '../context.ts';
import { cyclesOf, flowGraph, jumpsOf } from '../flow.ts';

/**
 * A loop of jumps pauses somewhere: a wait or a human task (or a parallel, foreach or subprocess
 * that may hold one). A loop without a pause runs, and bills, state transitions until the workflow
 * times out. The loop is reported once, at the jump that goes back.
 */
export function NoBusyLoopsRule(context: ValidationContext): void {
  for (const { spec } of context.workflows) {
    for (const scope of context.scopesOf(spec)) {
      const busy = new Map<ProcessStep, ProcessStep[]>();
      for (const [step, targets] of flowGraph(scope)) {
        if (pauses(step)) continue;
        busy.set(
          step,
          targets.filter((target) => !pauses(target)),
        );
      }
      for (const loop of cyclesOf(busy)) reportLoop(context, scope, loop);
    }
  }
}

function reportLoop(context: ValidationContext, scope: StepScope, loop: ProcessStep[]): void {
  const order = (step: ProcessStep) => scope.steps.indexOf(step);
  const members = [...loop].sort((a, b) => order(a) - order(b));
  const position = new Map(members.map((member) => [member.name, order(member)]));
  for (const step of [...members].reverse()) {
    const back = jumpsOf(step).find(
      (jump) => (position.get(jump.target) ?? Number.POSITIVE_INFINITY) <= order(step),
    );
    if (!back) continue;
    const path = [...members.map((member) => member.name), members[0].name].join(' → ');
    context.report(
      'DZ308',
      `steps ${path} loop with no wait or human task on the way; ` +
        `the loop can run until the workflow times out.`,
      back.node,
      back.field,
    );
    return;
  }
}

/** Whether a step may pause the flow: a wait, a human task, or a step that may hold one. */
function pauses(step: ProcessStep): boolean {
  if (step.kind === 'wait' || step.kind === 'human_task' || step.kind === 'subprocess') return true;
  return (step.parallel_steps ?? []).some(pauses) || (step.foreach_steps ?? []).some(pauses);
}
