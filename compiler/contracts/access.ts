/**
 * Who may do what over the HTTP API (DESIGN.md §6 "Access"): the access rules of a stage
 * (`stages.<stage>.access` in cdk.json, validated by `stage-config.ts`), the decisions the handler
 * Lambdas take with them, and the checks synth and the dev server run against the manifest. Pure
 * data and functions with no dependencies, so the handler bundles can carry it.
 *
 * Deny by default where the DSL says nothing: a signal is delivered over HTTP only to a role the
 * stage lists for it (or to IAM-signed callers when the stage allows them); an execution is
 * readable by its starter, the holders of its task roles and the admin role, and is otherwise
 * reported as not found; a manual start needs a role listed for the process, except on a stage with
 * no start rules at all, where any authenticated caller may start (and synth warns).
 */

import { didYouMean } from '../diagnostics/suggest.ts';
import type { Manifest, ManifestWorkflow } from '../manifest/schema.ts';

export interface AccessConfig {
  /** Holders of this role may read every execution (`GET /executions/{id}`). */
  readonly adminRole?: string;
  /**
   * Process name → roles that may start it (`POST /processes/{name}/executions`); `"*"` gives the
   * roles for every process not named. Absent: any authenticated caller may start any process.
   */
  readonly start?: Readonly<Record<string, readonly string[]>>;
  /**
   * Signal name → roles that may deliver it over HTTP (`POST /signals/{name}`); `"*"` gives the
   * roles for every signal not named. A signal not covered is not deliverable over HTTP (the bus
   * still delivers it).
   */
  readonly signals?: Readonly<Record<string, readonly string[]>>;
  /** IAM-signed callers (the `POST /iam/signals/{name}` route) may deliver any signal. @default false */
  readonly iamSignals?: boolean;
}

/** The key of a start or signal rule that covers every name without a rule of its own. */
export const ANY_OTHER = '*';

/** Roles allowed by `rules` for `name`: its own rule, else the `"*"` rule, else none. */
function rolesFor(rules: Readonly<Record<string, readonly string[]>>, name: string): readonly string[] {
  if (Object.hasOwn(rules, name)) return rules[name];
  return Object.hasOwn(rules, ANY_OTHER) ? rules[ANY_OTHER] : [];
}

const holdsOneOf = (roles: readonly string[], allowed: readonly string[]) =>
  allowed.some((r) => roles.includes(r));

/** The roles that may start `process`, or `'any'` on a stage without start rules. */
export function startRoles(access: AccessConfig, process: string): readonly string[] | 'any' {
  return access.start === undefined ? 'any' : rolesFor(access.start, process);
}

export function mayStart(access: AccessConfig, process: string, roles: readonly string[]): boolean {
  const allowed = startRoles(access, process);
  return allowed === 'any' || holdsOneOf(roles, allowed);
}

/** The roles that may deliver `signal` over HTTP (never `'any'`: signals are denied by default). */
export function signalRoles(access: AccessConfig, signal: string): readonly string[] {
  return rolesFor(access.signals ?? {}, signal);
}

/** Who is asking to deliver a signal over HTTP: a user with roles, or an IAM-signed principal. */
export type SignalCaller =
  | { readonly iam: true }
  | { readonly iam?: false; readonly roles: readonly string[] };

export function maySignal(access: AccessConfig, signal: string, caller: SignalCaller): boolean {
  if (caller.iam === true) return access.iamSignals === true;
  return holdsOneOf(caller.roles, signalRoles(access, signal));
}

/** What decides who may read an execution. */
export interface ExecutionAudience {
  /** The caller that started it by hand (`trigger.user`); undefined for triggered executions. */
  readonly startedBy?: string;
  /** Roles of the human tasks its process declares. */
  readonly taskRoles: readonly string[];
}

export function mayReadExecution(
  access: AccessConfig,
  caller: { readonly ids: readonly string[]; readonly roles: readonly string[] },
  execution: ExecutionAudience,
): boolean {
  if (execution.startedBy !== undefined && caller.ids.includes(execution.startedBy)) return true;
  if (access.adminRole !== undefined && caller.roles.includes(access.adminRole)) return true;
  return holdsOneOf(caller.roles, execution.taskRoles);
}

/** What the rules are checked against: the app's manual processes and the signals it waits for. */
export interface AccessSubjects {
  readonly manualProcesses: readonly string[];
  readonly waitedSignals: readonly string[];
}

export function accessSubjects(manifest: Manifest): AccessSubjects {
  const processes = manifest.workflows.filter((w) => w.kind === 'process');
  return {
    manualProcesses: processes.filter((w) => w.triggers.some((t) => t.kind === 'manual')).map((w) => w.name),
    waitedSignals: [...new Set(manifest.workflows.flatMap((w) => w.signals.map((s) => s.signal)))].sort(),
  };
}

/** The roles of a workflow's human tasks: their holders may read its executions. */
export function taskRolesOf(workflow: ManifestWorkflow): string[] {
  return [...new Set(workflow.human_tasks.flatMap((t) => (t.role === undefined ? [] : [t.role])))].sort();
}

export interface AccessReport {
  /** Rules naming what does not exist: synth and `dev` refuse the stage. */
  readonly errors: string[];
  /** Open or unreachable starts: synth adds a warning annotation, `dev` prints it. */
  readonly warnings: string[];
}

/**
 * Checks `access` (the rules of stage `where`, e.g. `stages.dev.access`) against the app: every
 * rule must name a manual process or a waited-for signal, and processes left open or unstartable
 * are reported.
 */
export function checkAccess(access: AccessConfig, subjects: AccessSubjects, where: string): AccessReport {
  const errors: string[] = [];
  const warnings: string[] = [];
  const unknown = (kind: string, key: string, known: readonly string[], hint: string) =>
    errors.push(
      `${where}.${kind}: "${key}" is not ${hint} (${known.length ? known.join(', ') : 'there are none'}); remove it or fix the name.${didYouMean(key, known)}`,
    );
  for (const name of Object.keys(access.start ?? {}))
    if (name !== ANY_OTHER && !subjects.manualProcesses.includes(name))
      unknown('start', name, subjects.manualProcesses, 'a manually started process of this app');
  for (const name of Object.keys(access.signals ?? {}))
    if (name !== ANY_OTHER && !subjects.waitedSignals.includes(name))
      unknown('signals', name, subjects.waitedSignals, 'a signal a process of this app waits for');
  if (subjects.manualProcesses.length > 0) {
    if (access.start === undefined) {
      warnings.push(
        `${where} has no start rules: any authenticated caller may start ${subjects.manualProcesses.join(', ')}; ` +
          `add ${where}.start {"<process>": ["<role>", …]} to restrict them`,
      );
    } else {
      const nobody = subjects.manualProcesses.filter((p) => {
        const roles = startRoles(access, p);
        return roles !== 'any' && roles.length === 0;
      });
      if (nobody.length > 0)
        warnings.push(
          `${where}.start names no role for ${nobody.join(', ')}: no caller may start ${nobody.length > 1 ? 'them' : 'it'} over HTTP`,
        );
    }
  }
  return { errors, warnings };
}
