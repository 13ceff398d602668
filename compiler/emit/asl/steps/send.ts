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
 * Send: Task `events:putEvents` on the app bus (no Lambda). The optimized integration already fails
 * the Task with `EventBridge.FailedEntry` when `FailedEntryCount` is non-zero (Step Functions
 * developer guide, "Add EventBridge events with Step Functions"; local/asl does the same), so the
 * Choice after it is a belt-and-braces check that does not fire on AWS.
 */
export function emitSend(scope: Scope, plan: StepPlan<'send'>): string {
  const step = plan.step;
  const names = scope.env.names;
  const check = names.aux(step.name, 'delivered');
  const detail = `{'channel': ${str(step.channel)}, 'process': ${str(scope.env.workflow.name)}, 'execution': ${EXECUTION_REF}, 'step': ${str(step.name)}, 'payload': ${mappedInputs(scope, step)}}`;
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
    next: check,
  });
  const undelivered = scope.failWith(
    names.aux(step.name, 'undelivered'),
    step.name,
    "'EventBridge.FailedEntry'",
    `$string(${scope.ownOutput(step.name)}.Entries[ErrorCode])`,
    plan.onFailure,
  );
  scope.add(check, {
    Type: 'Choice',
    Choices: [{ Condition: `{% ${scope.ownOutput(step.name)}.FailedEntryCount > 0 %}`, Next: undelivered }],
    Default: scope.target(plan.next),
  });
  scope.env.iam.putEvents(entry);
  return entry;
}
