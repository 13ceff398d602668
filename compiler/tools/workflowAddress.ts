/**
 * How the CLI, the local runtime and the dev server find the workflow a user named. Processes and
 * schedules are separate namespaces (LANGUAGE.md "Names and overlap"), so a user writes
 * `process:daily_report` or `schedule:daily_report`; a bare `daily_report` works when only one
 * workflow has that name, and is an error listing both when two do. The generated id
 * (`process-daily_report`) is accepted too. Pure.
 */
import {
  parseWorkflowAddress,
  qualifiedName,
  resolveWorkflowAddress,
  type WorkflowRef,
} from '../contracts/names.ts';
import { suggestionList } from '../diagnostics/suggest.ts';

export type WorkflowLookup<T> =
  | { readonly found: T }
  | { readonly error: string; readonly ambiguous: boolean };

export function lookupWorkflow<T extends WorkflowRef>(
  workflows: readonly T[],
  address: string,
): WorkflowLookup<T> {
  const matches = resolveWorkflowAddress(workflows, address);
  if (matches.length === 1) return { found: matches[0] };
  if (matches.length > 1) {
    const options = matches.map(qualifiedName);
    return {
      error: `'${address}' names both ${options.join(' and ')}; write ${options.join(' or ')}`,
      ambiguous: true,
    };
  }
  return { error: unknownWorkflowMessage(workflows, address), ambiguous: false };
}

/** `no process or schedule named 'x' (did you mean …?)` / `(known: …)`. */
export function unknownWorkflowMessage(workflows: readonly WorkflowRef[], address: string): string {
  const labels = workflowLabels(workflows);
  // Near names, then every workflow of each (a bare name may be a process and a schedule).
  const near = suggestionList(parseWorkflowAddress(address).name, new Set(workflows.map((w) => w.name)));
  const close = near.flatMap((name) => labels.filter((_, i) => workflows[i].name === name));
  const hint = close.length
    ? ` (did you mean ${close.slice(0, 3).join(', ')}?)`
    : labels.length
      ? ` (known: ${labels.join(', ')})`
      : '';
  return `no process or schedule named '${address}'${hint}`;
}

/**
 * How to name each workflow unambiguously: the bare name where it is unique, else
 * `process:x` / `schedule:x`.
 */
export function workflowLabels(workflows: readonly WorkflowRef[]): string[] {
  const count = new Map<string, number>();
  for (const w of workflows) count.set(w.name, (count.get(w.name) ?? 0) + 1);
  return workflows.map((w) => ((count.get(w.name) ?? 0) > 1 ? qualifiedName(w) : w.name));
}
