import { PLACEHOLDER } from '../../../contracts/runtime.ts';
import type { StepPlan } from '../../../plan/index.ts';
import type { Scope } from '../scope.ts';
import { EXECUTION_REF, emitTaskStep, RESOURCE } from '../task.ts';
import { str } from '../types.ts';
import { mappedInputs } from './service.ts';

/**
 * Subprocess: Task `states:startExecution.sync:2` on the child's machine with the execution input
 * `{input, trigger}`; the step output is the child's (parsed) Output. Without `inputs:` the child
 * gets the parent's inputs.
 */
export function emitSubprocess(scope: Scope, plan: StepPlan<'subprocess'>): string {
  const step = plan.step;
  const child = { kind: 'process', name: step.subprocess } as const;
  const machine = PLACEHOLDER.stateMachine(child);
  const input = step.inputs.length === 0 ? '$input' : mappedInputs(scope, step);
  const trigger = `{'kind': 'process', 'process': ${str(scope.env.workflow.name)}, 'step': ${str(step.name)}, 'execution': ${EXECUTION_REF}}`;
  const entry = emitTaskStep(scope, plan, {
    resource: RESOURCE.startExecutionSync,
    args: { StateMachineArn: machine, Input: scope.t(`{'input': ${input}, 'trigger': ${trigger}}`) },
    result: '$states.result.Output',
    timeoutSeconds: step.timeout_seconds,
    transient: ['StepFunctions.SdkClientException'],
  });
  const iam = scope.env.iam;
  iam.add(entry, ['states:StartExecution'], [machine]);
  iam.add(entry, ['states:DescribeExecution', 'states:StopExecution'], [PLACEHOLDER.executions(child)]);
  iam.add(
    entry,
    ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
    [PLACEHOLDER.syncEventRuleArn],
  );
  return entry;
}
