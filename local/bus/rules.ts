/**
 * The bus rules of a compiled app: the manifest's trigger rules (each starts its workflow with an
 * execution named after the event id, so a redelivered event starts nothing new) and the rules infra
 * always deploys (Signal events → signal-deliver, status changes → run-record).
 */
import type { ExecutionInput } from '../../compiler/contracts/runtime.ts';
import { placeholderTargets } from '../../compiler/manifest/placeholders.ts';
import type { Manifest, ManifestTrigger } from '../../compiler/manifest/schema.ts';
import { resolvePlaceholders } from '../names.ts';
import type { BusEvent, BusRule } from './bus.ts';
import type { EventPattern } from './pattern.ts';
import {
  entityEventInput,
  executionNameFromEventId,
  type InputOf,
  processCompletedInput,
  signalInput,
} from './trigger-input.ts';

export interface RuleTargets {
  /** Starts a workflow, by id (a duplicate name is ignored). */
  start(workflow: string, input: ExecutionInput, name: string): void;
  /** The process inputs an execution was started with, if it is known (see `InputOf`). */
  inputOf: InputOf;
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
              target: async (event) => {
                const input = triggerInput(t, event, targets);
                if (input) targets.start(w.id, input, executionNameFromEventId(event.id));
              },
            },
          ]
        : [],
    ),
  );
}

function triggerInput(t: ManifestTrigger, event: BusEvent, targets: RuleTargets): ExecutionInput | undefined {
  switch (t.kind) {
    case 'entity_event':
    case 'entity_status_transition':
      return entityEventInput(t.kind, event);
    case 'signal':
      return signalInput(event);
    case 'process_completed':
      return processCompletedInput(t, event, targets.inputOf);
    case 'manual':
    case 'schedule_cron':
    case 'schedule_interval':
      return undefined;
    default: {
      const never: never = t;
      return never;
    }
  }
}
