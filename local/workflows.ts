/** Finding a workflow of the compile output by what a user wrote (compiler/tools/workflowAddress.ts). */
import type { Manifest, ManifestWorkflow } from '../compiler/manifest/schema.ts';
import { lookupWorkflow } from '../compiler/tools/workflowAddress.ts';

/** No workflow of that address, or a bare name a process and a schedule share (`ambiguous`). */
export class UnknownWorkflow extends Error {
  override readonly name = 'UnknownWorkflow';
  constructor(
    message: string,
    readonly ambiguous = false,
  ) {
    super(message);
  }
}

/** The workflow `address` names (`process:x`, `schedule:x`, the id, or a unique bare name). */
export function findWorkflow(manifest: Manifest, address: string): ManifestWorkflow {
  const result = lookupWorkflow(manifest.workflows, address);
  if ('found' in result) return result.found;
  throw new UnknownWorkflow(result.error, result.ambiguous);
}
