import type { DiagnosticCode } from '../diagnostics/codes.ts';
import type { ValidationContext } from './context.ts';

/** Reports every named node whose name an earlier one in `nodes` already has. */
export function reportDuplicates(
  context: ValidationContext,
  code: DiagnosticCode,
  nodes: readonly { name: string }[],
  what: string,
  where: string,
): void {
  // The first node of each name, located only when a duplicate needs its line (rarely).
  const first = new Map<string, { name: string }>();
  for (const node of nodes) {
    const earlier = first.get(node.name);
    if (earlier) {
      const { line } = context.locate(earlier, 'name');
      context.report(
        code,
        `${what} "${node.name}" is already defined in ${where} (line ${line}).`,
        node,
        'name',
      );
    } else {
      first.set(node.name, node);
    }
  }
}
