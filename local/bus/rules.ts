/**
 * The bus rules of a compiled app: the manifest's trigger rules and the rules infra always deploys
 * (Signal events → signal-deliver, status changes → run-record). A trigger rule does what its
 * EventBridge rule does in AWS: it starts the trigger router (compiler/emit/router.ts, the same
 * ASL on the local interpreter) with `routerEventInput` and the event; the router starts the
 * workflow, named after the event id, so a redelivered event starts nothing new.
 */
import { routerEventInput } from '../../compiler/emit/router.ts';
import { placeholderTargets } from '../../compiler/manifest/placeholders.ts';
import type { Manifest } from '../../compiler/manifest/schema.ts';
import { resolvePlaceholders, stateMachineArn } from '../names.ts';
import type { BusEvent, BusRule } from './bus.ts';
import type { EventPattern } from './pattern.ts';

export interface RuleTargets {
  /** Runs the trigger router on `input` to its end; rejects when it fails (the bus retries). */
  route(input: Record<string, unknown>): Promise<void>;
  signalDeliver(event: BusEvent): Promise<unknown>;
  runRecord(event: BusEvent): Promise<unknown>;
}
export function builtInRules(eventSource: string, targets: RuleTargets): BusRule[] {
  return [
    {
      name: 'signal-deliver',
      pattern: { source: [eventSource], 'detail-type': ['Signal'] },
      target: async (event) => {
        await targets.signalDeliver(event);
      },
    },
    {
      name: 'run-record',
      pattern: { source: ['aws.states'], 'detail-type': ['Step Functions Execution Status Change'] },
      target: async (event) => {
        await targets.runRecord(event);
      },
    },
  ];
}

export function triggerRules(manifest: Manifest, eventSource: string, targets: RuleTargets): BusRule[] {
  const placeholders = placeholderTargets(manifest);
  return manifest.workflows.flatMap((w) =>
    w.triggers.flatMap((t, i): BusRule[] =>
      'pattern' in t
        ? [
            {
              name: `${w.id}-trigger-${i + 1}`,
              pattern: resolvePlaceholders(t.pattern, eventSource, placeholders) as unknown as EventPattern,
              target: (event) => targets.route({ ...routerEventInput(w, t, stateMachineArn(w.id)), event }),
            },
          ]
        : [],
    ),
  );
}
