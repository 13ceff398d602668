import type { Manifest } from './schema.ts';

/** Every service the manifest's workflows reference, sorted (infra bundles and deploys these). */
export function referencedServices(manifest: Manifest): string[] {
  return [...new Set(manifest.workflows.flatMap((w) => w.references.services))].sort();
}
