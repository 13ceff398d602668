/**
 * The trigger-input contract (README "What a process starts with"): every example of
 * TRIGGER_INPUT_EXAMPLES is delivered to the emitted trigger router (compiler/emit/router.ts) running
 * on the local interpreter — the definition infra deploys and the local runtime runs — with the
 * input a rule or schedule target sends it, and the execution the router starts must have exactly
 * the expected `{input, trigger}` and the contract's name. Catch-up slots never pass the router:
 * the catch-up Lambda starts them with `scheduleTriggerInput`.
 */
import { describe, expect, it } from 'vitest';
import type { WorkflowRef } from '../../../compiler/contracts/names.ts';
import { scheduleTriggerInput, type TriggerRoute } from '../../../compiler/contracts/trigger-input.ts';
import { TRIGGER_INPUT_EXAMPLES } from '../../../compiler/contracts/trigger-input-examples.ts';
import {
  routerEventInput,
  routerScheduleInput,
  TRIGGER_ROUTER_NAME,
  triggerRouterDefinition,
} from '../../../compiler/emit/router.ts';
import { slotExecutionName } from '../../../lambdas/schedule-catch-up/slots.ts';
import { AslEngine, type ExecutionDescription } from '../../../local/asl/index.ts';

/** An engine with the router and the workflow `ref`, whose machine ends with its input. */
function withRouter(ref: WorkflowRef) {
  const engine = new AslEngine();
  engine.registerStateMachine(TRIGGER_ROUTER_NAME, triggerRouterDefinition(), { type: 'EXPRESS' });
  const { stateMachineArn } = engine.registerStateMachine(`${ref.kind}-${ref.name}`, {
    QueryLanguage: 'JSONata',
    StartAt: 'Started',
    States: { Started: { Type: 'Pass', End: true } },
  });
  /** Runs the router on `input`; the router's end and what it started. */
  const route = async (input: Record<string, unknown>) => {
    const router = await engine.runExecution(TRIGGER_ROUTER_NAME, input);
    const started = engine.listExecutions({ stateMachine: stateMachineArn });
    return { router, started };
  };
  return { stateMachineArn, route };
}

const downstream: WorkflowRef = { kind: 'process', name: 'downstream' };

function onlyStart(router: ExecutionDescription, started: ExecutionDescription[]) {
  expect(router.status, `${router.error}: ${router.cause}`).toBe('SUCCEEDED');
  expect(started).toHaveLength(1);
  return started[0];
}

describe('trigger input contract, through the emitted trigger router on the local interpreter', () => {
  for (const example of TRIGGER_INPUT_EXAMPLES) {
    describe(example.name, () => {
      if (example.route.kind === 'schedule') {
        const { schedule, scheduled_time, catch_up } = example.route;
        const ref: WorkflowRef = { kind: 'schedule', name: schedule };
        if (!catch_up)
          it('a Scheduler slot: the router starts `<workflow id>-<stamp>` with the expected input', async () => {
            const { stateMachineArn, route } = withRouter(ref);
            const { router, started } = await route(
              routerScheduleInput(ref, stateMachineArn, scheduled_time),
            );
            const execution = onlyStart(router, started);
            expect(execution.input).toStrictEqual(example.expected);
            // Named as schedule-catch-up names a missed slot, so a slot both start runs once.
            expect(execution.name).toBe(slotExecutionName('schedule-' + schedule, new Date(scheduled_time)));
          });
        it('catch-up and local `run`: scheduleTriggerInput', () => {
          expect(scheduleTriggerInput(schedule, new Date(scheduled_time), catch_up)).toStrictEqual(
            example.expected,
          );
        });
        return;
      }
      const { route: r, event } = example as { route: TriggerRoute; event: { id: string } };
      it('an EventBridge rule target: the router starts the execution named after the event id', async () => {
        const { stateMachineArn, route } = withRouter(downstream);
        const { router, started } = await route({
          ...routerEventInput(downstream, r, stateMachineArn),
          event,
        });
        const execution = onlyStart(router, started);
        expect(execution.input).toStrictEqual(example.expected);
        expect(execution.name).toBe(event.id);
      });
    });
  }
});
