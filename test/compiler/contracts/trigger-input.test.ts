/**
 * One contract, two implementations: every example of TRIGGER_INPUT_EXAMPLES goes through the
 * trigger router's ASL (its Choice picks the route, whose JSONata is evaluated with the local
 * runtime's AWS functions, serialised as the router's `$string` sends it) and through the local
 * runtime's bus rules, and both must build exactly the expected `{input, trigger}`.
 */
import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import type { ExecutionInput } from '../../../compiler/contracts/runtime.ts';
import {
  scheduleTriggerInput,
  type TriggerEvent,
  type TriggerRoute,
} from '../../../compiler/contracts/trigger-input.ts';
import { TRIGGER_INPUT_EXAMPLES } from '../../../compiler/contracts/trigger-input-examples.ts';
import type { Manifest, ManifestTrigger } from '../../../compiler/manifest/schema.ts';
import { routerDefinition } from '../../../infra/trigger-router.ts';
import { awsFunctions } from '../../../local/asl/functions.ts';
import { seededRandom } from '../../../local/asl/random.ts';
import type { BusEvent } from '../../../local/bus/bus.ts';
import { type RuleTargets, triggerRules } from '../../../local/bus/rules.ts';

const jsonataBody = (field: unknown) =>
  String(field)
    .replace(/^\{%\s*/, '')
    .replace(/\s*%\}$/, '');

async function evaluate(field: unknown, input: unknown): Promise<unknown> {
  const bindings = { ...awsFunctions(() => 0, seededRandom(1)), states: { input } };
  return jsonata(jsonataBody(field)).evaluate({}, bindings);
}

interface RouterState {
  Condition?: string;
  Next?: string;
  Assign?: { route: string };
}

/** The router's Route choice, then the chosen state's `route`: the payload as StartExecution gets it. */
async function viaRouter(input: Record<string, unknown>): Promise<unknown> {
  const states = routerDefinition().States as Record<string, RouterState & { Choices?: RouterState[] }>;
  for (const choice of states.Route.Choices ?? []) {
    if ((await evaluate(choice.Condition, input)) !== true) continue;
    const route = (await evaluate(states[choice.Next ?? ''].Assign?.route, input)) as { payload: unknown };
    return JSON.parse(JSON.stringify(route.payload));
  }
  throw new Error(`no route for ${JSON.stringify(input)}`);
}

const routerInput = (route: TriggerRoute, event: TriggerEvent) => ({
  process: 'downstream',
  machine: 'arn:aws:states:eu-west-1:123456789012:stateMachine:downstream',
  kind: route.kind,
  ...(route.kind === 'process_completed' ? { via: route.via, watched: route.process } : {}),
  event,
});

/** The local runtime's rule for `route`, given the event: what it starts the workflow with. */
async function viaLocalRule(route: TriggerRoute, event: TriggerEvent): Promise<ExecutionInput | undefined> {
  const pattern = { source: [event.source], 'detail-type': [event['detail-type']] };
  const trigger = { ...route, pattern } as ManifestTrigger;
  const manifest = {
    workflows: [
      {
        id: 'process-downstream',
        name: 'downstream',
        kind: 'process',
        triggers: [trigger],
        references: { subprocesses: [], services: [] },
      },
    ],
  } as unknown as Manifest;
  let started: ExecutionInput | undefined;
  const targets: RuleTargets = {
    start: (_workflow, input) => {
      started = input;
    },
    inputOf: () => undefined,
    signalDeliver: async () => undefined,
    runRecord: async () => undefined,
  };
  const [rule] = triggerRules(manifest, event.source, targets);
  const busEvent: BusEvent = {
    version: '0',
    account: '123456789012',
    region: 'eu-west-1',
    time: '2026-11-25T09:00:00Z',
    resources: [],
    ...event,
  };
  await rule.target(busEvent);
  return started;
}

describe('trigger input contract (compiler/contracts/trigger-input.ts)', () => {
  for (const example of TRIGGER_INPUT_EXAMPLES) {
    describe(example.name, () => {
      if (example.route.kind === 'schedule') {
        const { schedule, scheduled_time, catch_up } = example.route;
        // Catch-up slots never pass the router: the catch-up Lambda starts them itself.
        if (!catch_up)
          it('AWS: the trigger router', async () => {
            expect(await viaRouter({ kind: 'schedule', schedule, scheduled_time })).toStrictEqual(
              example.expected,
            );
          });
        it('Scheduler slot, catch-up and local schedules: scheduleTriggerInput', () => {
          expect(scheduleTriggerInput(schedule, new Date(scheduled_time), catch_up)).toStrictEqual(
            example.expected,
          );
        });
        return;
      }
      const { route, event } = example as { route: TriggerRoute; event: TriggerEvent };
      it('AWS: the trigger router', async () => {
        expect(await viaRouter(routerInput(route, event))).toStrictEqual(example.expected);
      });
      it('local: the bus rule', async () => {
        expect(await viaLocalRule(route, event)).toStrictEqual(example.expected);
      });
    });
  }
});
