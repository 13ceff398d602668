import { PLACEHOLDER } from '../../../contracts/runtime.ts';
import type { StepPlan } from '../../../plan/index.ts';
import type { Scope } from '../scope.ts';
import { EXECUTION_REF, emitTaskStep, RESOURCE } from '../task.ts';
import { str, text } from '../types.ts';
import { mappedInputs } from './service.ts';

export const EVENTS_TRANSIENT_ERRORS = [
  'EventBridge.EventBridgeException',
  'EventBridge.InternalException',
  'EventBridge.ThrottlingException',
];

/**
 * Send: Task `events:putEvents` on the app bus (no Lambda). No check of `FailedEntryCount` follows:
 * the optimized integration itself fails the Task with `EventBridge.FailedEntry` when it is non-zero
 * ("Add EventBridge events with Step Functions", Step Functions developer guide; local/asl does the
 * same), so that error goes through the step's Catch like any other and a send costs one transition.
 */
export function emitSend(scope: Scope, plan: StepPlan<'send'>): string {
  const step = plan.step;
  // The message is the mapped inputs; a send that maps none sends the process inputs and trigger.
  const payload =
    step.inputs.length > 0 ? mappedInputs(scope, step) : "{'input': $input, 'trigger': $trigger}";
  const detail = `{'channel': ${str(step.channel)}, 'process': ${str(scope.env.workflow.name)}, 'execution': ${EXECUTION_REF}, 'step': ${str(step.name)}, 'payload': ${payload}}`;
  const entry = emitTaskStep(scope, plan, {
    resource: RESOURCE.putEvents,
    args: {
      Entries: [
        {
          Source: PLACEHOLDER.eventSource,
          EventBusName: PLACEHOLDER.eventBusName,
          DetailType: text(step.message),
          Detail: scope.t(detail),
        },
      ],
    },
    result: '$states.result',
    timeoutSeconds: step.timeout_seconds,
    transient: EVENTS_TRANSIENT_ERRORS,
  });
  scope.env.iam.putEvents(entry);
  return entry;
}
