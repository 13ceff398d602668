import type { DiagnosticCode } from '../diagnostics/codes.ts';
import type { Location } from '../diagnostics/diagnostic.ts';
import type { ValidationContext } from './context.ts';

/** Reports every named node whose name an earlier one in `nodes` already has. */
export function reportDuplicates(
  context: ValidationContext,
  code: DiagnosticCode,
  nodes: readonly { name: string }[],
  what: string,
  where: string,
): void {
  const first = new Map<string, Location>();
  for (const node of nodes) {
    const earlier = first.get(node.name);
    if (earlier) {
      context.report(
        code,
        `${what} "${node.name}" is already defined in ${where} (line ${earlier.line}).`,
        node,
        'name',
      );
    } else {
      first.set(node.name, context.locate(node, 'name'));
    }
  }
}
