import { nameToken, tokenCollisions, WORKFLOW_KINDS } from './contracts/names.ts';
import {
  type Diagnostic,
  diagnostic,
  hasErrors,
  type Location,
  sortDiagnostics,
} from './diagnostics/diagnostic.ts';
import { emitStateMachine } from './emit/asl/process.ts';
import type { AslValidator } from './emit/aslValidator.ts';
import { checkDefinition } from './emit/checks.ts';
import { toJsonText } from './emit/json.ts';
import type { SourceMap } from './ir/locations.ts';
import type { AppIR, Workflow } from './ir/types.ts';
import { indexWorkflows, workflowManifest } from './manifest/build.ts';
import type { Manifest, ManifestWorkflow } from './manifest/schema.ts';
import { MANIFEST_VERSION } from './manifest/version.ts';
import type { WorkflowTypeOption } from './manifest/workflowType.ts';
import type { SourceFile } from './parser/index.ts';
import { planWorkflow, type WorkflowDef, workflowOf } from './plan/index.ts';
import type { CheckResult } from './sources.ts';

export interface CompileOptions {
  /**
   * `standard`: every workflow is a Standard state machine. `auto`: Express when a workflow has no
   * callbacks, no `.sync`, no distributed Map, no lock, a timeout ≤ 300 s and no process triggered by
   * its Execution Status Change events (Standard only) (the manifest says why).
   * @default 'standard'
   */
  readonly workflowType?: WorkflowTypeOption;
  /**
   * A validator run on every definition; its violations are DZ602 errors. The compiler loads none
   * itself: pass `aslValidator()` from `host/asl-validator.ts` (asl-validator, ~70 ms per definition).
   * @default no validation
   */
  readonly validateAsl?: AslValidator;
}

export interface CompileArtifacts {
  /**
   * ASL JSON text per process and schedule, keyed by its id (`process-x`, `schedule-x`: the
   * manifest's `id`; processes and schedules are separate namespaces).
   */
  readonly asl: Record<string, string>;
  readonly manifest: Manifest;
  /** `manifest` as JSON text (what `manifest.json` holds). */
  readonly manifestText: string;
}

export interface CompileResult {
  readonly diagnostics: Diagnostic[];
  readonly ir: AppIR;
  /** Absent when there are errors. */
  readonly artifacts?: CompileArtifacts;
}

/**
 * `compileSources` after the front end (index.ts): plan, emit ASL (JSONata) per process and
 * schedule, and the deployment manifest, from what `checkSources` returned for `files`. Apart
 * from index.ts so that a caller can run the front end without the processes.json loader (sources.ts).
 */
export function compileChecked(
  checked: CheckResult,
  files: readonly SourceFile[],
  options: CompileOptions = {},
): CompileResult {
  const diagnostics = [...checked.diagnostics];
  if (hasErrors(diagnostics)) return { diagnostics, ir: checked.ir };
  const workflows: Workflow[] = [
    ...checked.ir.processes.map((spec) => ({ kind: 'process' as const, spec })),
    ...checked.ir.schedules.map((spec) => ({ kind: 'schedule' as const, spec })),
  ].sort((a, b) => a.spec.name.localeCompare(b.spec.name) || a.kind.localeCompare(b.kind));
  const defs: WorkflowDef[] = [];
  for (const w of workflows) if (w.kind === 'process') defs.push(workflowOf(w, checked.sourceMap));
  const index = indexWorkflows(defs);
  const asl: Record<string, string> = {};
  const entries: ManifestWorkflow[] = [];
  const locations = new Map<string, Location>();
  for (const w of workflows) {
    const at = locationOf(w, checked.sourceMap, files);
    const plan = planWorkflow(workflowOf(w, checked.sourceMap));
    const emitted = emitStateMachine(plan, checked.sourceMap, at);
    const text = toJsonText(emitted.definition);
    diagnostics.push(...emitted.diagnostics);
    diagnostics.push(...checkDefinition(w.spec.name, emitted.definition, text, at, options.validateAsl));
    const manifest = workflowManifest(plan, emitted.definition, emitted.iam, {
      sourceMap: checked.sourceMap,
      fallback: at,
      workflowType: options.workflowType ?? 'standard',
      workflows: index,
    });
    diagnostics.push(...manifest.diagnostics);
    asl[manifest.entry.id] = text;
    locations.set(manifest.entry.id, at);
    entries.push(manifest.entry);
  }
  diagnostics.push(...nameCollisions(entries, locations));
  const all = sortDiagnostics(dedupe(diagnostics));
  if (hasErrors(all)) return { diagnostics: all, ir: checked.ir };
  const manifest: Manifest = { version: MANIFEST_VERSION, generator: 'dazzle-sfn', workflows: entries };
  return {
    diagnostics: all,
    ir: checked.ir,
    artifacts: { asl, manifest, manifestText: toJsonText(manifest) },
  };
}

function locationOf(w: Workflow, sourceMap: SourceMap, files: readonly SourceFile[]): Location {
  const source = w.kind === 'process' ? w.spec.source : undefined;
  const fallback: Location = source
    ? { file: source.file, line: source.line, column: source.column }
    : { file: files[0]?.name ?? '<input>', line: 1, column: 1 };
  return sourceMap.of(w.spec, fallback);
}

/**
 * DZ607 for names that would share a generated name (contracts/names.ts): services whose tokens
 * are equal (`Fulfillment.ship` and a service literally named `Fulfillment_ship_<its hash>`), or
 * two workflows of one kind whose tokens are. Reported where the first user of each is.
 */
const PLURAL = { process: 'processes', schedule: 'schedules' } as const;

function nameCollisions(
  entries: readonly ManifestWorkflow[],
  locations: Map<string, Location>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (group: string[], what: string, users: (name: string) => ManifestWorkflow | undefined) => {
    const user = users(group[0]);
    const at = user && locations.get(user.id);
    if (!at) return;
    out.push(
      diagnostic(
        'DZ607',
        `${what} ${group.map((n) => `'${n}'`).join(' and ')} would share the generated name '${nameToken(group[0])}'; rename one`,
        at,
      ),
    );
  };
  const services = new Set(entries.flatMap((e) => e.references.services));
  for (const group of tokenCollisions(services, nameToken))
    report(group, 'services', (s) => entries.find((e) => e.references.services.includes(s)));
  for (const kind of WORKFLOW_KINDS) {
    const names = entries.filter((e) => e.kind === kind).map((e) => e.name);
    for (const group of tokenCollisions(names, nameToken))
      report(group, PLURAL[kind], (n) => entries.find((e) => e.kind === kind && e.name === n));
  }
  return out;
}

/** Drops repeats (the validator and the compiler may report the same cron split). */
function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}\u0000${d.file}\u0000${d.line}\u0000${d.column}\u0000${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
