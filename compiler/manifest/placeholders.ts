/**
 * What the workflow and service placeholders of a manifest's ASL stand for
 * (`${StateMachine_process_x}` → workflow `process-x`, `${Service_Fulfillment_ship_<hash>}` →
 * service `Fulfillment.ship`), so infra and the local runtime resolve them alike without decoding
 * tokens. Pure.
 */
import {
  nameToken,
  WORKFLOW_KINDS,
  type WorkflowKind,
  workflowKey,
  workflowPlaceholderArg,
} from '../contracts/names.ts';
import type { Manifest } from './schema.ts';

export interface PlaceholderTargets {
  /** The workflow id of a `StateMachine_`/`Executions_`/`MapRunExecutions_` argument. */
  workflow(arg: string): string | undefined;
  /** The service name of a `Service_` argument. */
  service(arg: string): string | undefined;
}

export function placeholderTargets(manifest: Manifest): PlaceholderTargets {
  const workflows = new Map<string, string>();
  const services = new Map<string, string>();
  const addWorkflow = (kind: WorkflowKind, name: string) =>
    workflows.set(workflowPlaceholderArg({ kind, name }), workflowKey({ kind, name }));
  for (const w of manifest.workflows) {
    addWorkflow(w.kind, w.name);
    // A subprocess may live in another compile of the same app: its machine is named alike.
    for (const p of w.references.subprocesses) addWorkflow('process', p);
    for (const s of w.references.services) services.set(nameToken(s), s);
  }
  return {
    workflow: (arg) => workflows.get(arg) ?? decodeWorkflowArg(arg),
    service: (arg) => services.get(arg),
  };
}

/** `process_x` → `process-x` for a plain name the manifest does not list. */
function decodeWorkflowArg(arg: string): string | undefined {
  const kind = WORKFLOW_KINDS.find((k) => arg.startsWith(`${k}_`));
  return kind ? workflowKey({ kind, name: arg.slice(kind.length + 1) }) : undefined;
}
