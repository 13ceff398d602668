import { didYouMean } from '../../diagnostics/suggest.ts';
import type { ProcessSpec, ScheduleSpec } from '../../ir/types.ts';
import type { ValidationContext } from '../context.ts';

/**
 * A subprocess names a process of the same app. One not in these files is a warning (it may be
 * deployed from another file set); one that leads back to the calling process is recursion that
 * never ends.
 */
export function KnownSubprocessesRule(context: ValidationContext): void {
  // Processes by name, built once: looking each subprocess up in the list of every process made
  // this rule quadratic in the number of processes.
  const byName = new Map<string, ProcessSpec[]>();
  for (const process of context.ir.processes) {
    const named = byName.get(process.name);
    if (named) named.push(process);
    else byName.set(process.name, [process]);
  }

  /** The process `name` as seen from `caller`: a process of the caller's app. */
  const resolve = (caller: ProcessSpec | ScheduleSpec, name: string): ProcessSpec | undefined =>
    byName.get(name)?.find((process) => context.sameApp(process, caller));

  /** The processes `spec` starts, directly, in written order (each process's list worked out once). */
  const calleesOf = new Map<ProcessSpec | ScheduleSpec, ProcessSpec[]>();
  const callees = (spec: ProcessSpec | ScheduleSpec): ProcessSpec[] => {
    let found = calleesOf.get(spec);
    if (!found) {
      found = context.stepsOf(spec).flatMap(({ step }) => {
        const callee =
          step.kind === 'subprocess' && step.subprocess ? resolve(spec, step.subprocess) : undefined;
        return callee ? [callee] : [];
      });
      calleesOf.set(spec, found);
    }
    return found;
  };

  /** A call chain from `from` back to `to` (names, `from` first), if there is one. */
  const pathBack = (
    from: ProcessSpec,
    to: ProcessSpec,
    seen = new Set<ProcessSpec>(),
  ): string[] | undefined => {
    if (from === to) return [to.name];
    if (seen.has(from)) return undefined;
    seen.add(from);
    for (const next of callees(from)) {
      const rest = pathBack(next, to, seen);
      if (rest) return [from.name, ...rest];
    }
    return undefined;
  };

  for (const workflow of context.workflows) {
    const { spec } = workflow;
    for (const { step } of context.stepsOf(spec)) {
      if (step.kind !== 'subprocess' || !step.subprocess) continue;
      const callee = resolve(spec, step.subprocess);
      if (!callee) {
        const candidates = context.ir.processes.filter((p) => context.sameApp(p, spec)).map((p) => p.name);
        context.report(
          'DZ302',
          `subprocess "${step.subprocess}" of step "${step.name}" is not a process of these files; ` +
            `it must be deployed from another file set.` +
            didYouMean(step.subprocess, candidates),
          step,
          'subprocess',
        );
        continue;
      }
      const cycle = workflow.kind === 'process' ? pathBack(callee, workflow.spec) : undefined;
      if (cycle) {
        context.report(
          'DZ303',
          `subprocess "${callee.name}" of step "${step.name}" starts process "${spec.name}" again ` +
            `(${[spec.name, ...cycle].join(' → ')}): the recursion never ends.`,
          step,
          'subprocess',
        );
      }
    }
  }
}
