/**
 * Generated names (LANGUAGE.md "Names and overlap"). Processes and schedules are separate
 * namespaces, as in Dazzle: `process daily_report` and `schedule daily_report` may both exist, so
 * every name generated for a workflow says which kind it is. Service names keep Dazzle's dotted
 * form (`Fulfillment.ship`); what AWS cannot take is mapped to a deterministic token.
 *
 * - `workflowKey`  `process-daily_report` / `schedule-daily_report`: the manifest's `id`, the
 *   compile output's file names, the local state machine names, the suffix of the AWS state
 *   machine name, schedule entry ids, config keys, lock and bookkeeping keys.
 * - `qualifiedName` `process:daily_report`: how a user writes a workflow where the bare name is
 *   ambiguous (CLI), and how tools print one.
 * - `nameToken`     the `[A-Za-z0-9_]` form of any name, for placeholder keys and Lambda names.
 *
 * Collision-free: workflow keys are injective (the kind is a fixed prefix, and `.` — the split
 * schedule separator — is not a workflow-name character); tokens of plain names are the names
 * themselves, other names get a hash suffix, and the compiler rejects a compile in which two
 * names share a token (DZ607) — so two names of one compile never share a generated name.
 * Pure: no I/O.
 */

export const WORKFLOW_KINDS = ['process', 'schedule'] as const;
export type WorkflowKind = (typeof WORKFLOW_KINDS)[number];

export interface WorkflowRef {
  readonly kind: WorkflowKind;
  readonly name: string;
}

/** `process-daily_report`, `schedule-daily_report`. */
export function workflowKey(ref: WorkflowRef): string {
  return `${ref.kind}-${ref.name}`;
}

/**
 * The id of the `n`th (from 2) Scheduler schedule of one workflow (a day-of-month OR day-of-week
 * cron splits in two): `schedule-x.2`. `.` is no workflow-name character, so it cannot collide.
 */
export function splitScheduleId(id: string, n: number): string {
  return `${id}.${n}`;
}

/** The kind and name of a workflow id (`schedule-x` → schedule `x`), or undefined. */
export function parseWorkflowKey(id: string): WorkflowRef | undefined {
  const m = /^(process|schedule)-(.+)$/.exec(id);
  return m ? { kind: m[1] as WorkflowKind, name: m[2] } : undefined;
}

/** `process:daily_report`, `schedule:daily_report`. */
export function qualifiedName(ref: WorkflowRef): string {
  return `${ref.kind}:${ref.name}`;
}

/**
 * What a user wrote to name a workflow: `process:x`, `schedule:x` (also `process-x` /
 * `schedule-x`, the generated key, when no workflow has that bare name), or a bare `x`.
 */
export interface WorkflowAddress {
  readonly kind?: WorkflowKind;
  readonly name: string;
}

export function parseWorkflowAddress(text: string): WorkflowAddress {
  const colon = /^(process|schedule):(.+)$/.exec(text);
  if (colon) return { kind: colon[1] as WorkflowKind, name: colon[2] };
  return { name: text };
}

/**
 * The workflows an address denotes: the one of that kind, else every workflow of that bare name
 * (two when a process and a schedule share it: the caller reports the ambiguity), else the
 * workflow whose generated key it is.
 */
export function resolveWorkflowAddress<T extends WorkflowRef>(workflows: readonly T[], text: string): T[] {
  const address = parseWorkflowAddress(text);
  const named = workflows.filter(
    (w) => w.name === address.name && (address.kind === undefined || w.kind === address.kind),
  );
  if (named.length > 0 || address.kind !== undefined) return named;
  return workflows.filter((w) => workflowKey(w) === text);
}

const PLAIN = /^[A-Za-z0-9_]+$/;

/**
 * The `[A-Za-z0-9_]+` form of a name: the name itself when it is one already (`order_fulfillment`),
 * else every other character as `_` plus `_` and a hash of the whole name
 * (`Fulfillment.ship` → `Fulfillment_ship_a5b0f9c2`), so `Fulfillment.ship` and `Fulfillment_ship`
 * stay apart.
 */
export function nameToken(name: string): string {
  if (PLAIN.test(name)) return name;
  return `${name.replace(/[^A-Za-z0-9_]/g, '_')}_${fnv1a(name)}`;
}

/**
 * The argument of the workflow placeholders (`${StateMachine_<arg>}`): `process_daily_report`.
 * Placeholder keys stay within `[A-Za-z0-9_]` — what definition substitution keys are known to
 * take (LocalStack's CloudFormation emulation matches `\${[a-zA-Z0-9_]+}`).
 */
export function workflowPlaceholderArg(ref: WorkflowRef): string {
  return `${ref.kind}_${nameToken(ref.name)}`;
}

/**
 * `name` when it has at most `max` characters, else its first `max - 9` characters, `-` and the
 * hash of the whole name: deterministic, and names that share a long head stay apart.
 */
export function fitName(name: string, max: number): string {
  if (name.length <= max) return name;
  return `${name.slice(0, max - 9)}-${fnv1a(name)}`;
}

/** 32-bit FNV-1a as 8 hex digits (deterministic, dependency-free). */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * Names that share a token: `[[a, b], …]` for every group of two or more distinct names whose
 * `token` is the same (a compile with any is rejected).
 */
export function tokenCollisions(names: Iterable<string>, token: (name: string) => string): string[][] {
  const byToken = new Map<string, Set<string>>();
  for (const name of names) {
    const t = token(name);
    const group = byToken.get(t) ?? new Set<string>();
    byToken.set(t, group);
    group.add(name);
  }
  return [...byToken.values()].filter((g) => g.size > 1).map((g) => [...g].sort());
}
