/**
 * Flow pictures for the console, by workflow id (`process-x`, `schedule-x`): the tooling's diagram
 * model (`compiler/tools/diagram.ts`) laid out server-side by its SVG renderer, with the Mermaid
 * text beside it, drawn from the IR of the very compile the runtime is running (the dev server
 * hands it over with each load and reload). Cached per IR object, which a reload replaces.
 */
import { qualifiedName, workflowKey } from '../../compiler/contracts/names.ts';
import type { AppIR, Workflow } from '../../compiler/ir/types.ts';
import { diagramModel, toMermaid } from '../../compiler/tools/diagram.ts';
import { renderSvg } from '../../compiler/tools/diagramSvg.ts';

export interface ConsoleDiagram {
  svg: string;
  mermaid: string;
  /** DSL step (or compensation) name → the id of its node in the SVG (`<g id=…>`). */
  nodes: Record<string, string>;
}

const cache = new WeakMap<AppIR, Map<string, ConsoleDiagram>>();

/** A picture per workflow of `ir` (none without an IR); a workflow that cannot be drawn is left out with a warning. */
export function diagramsFor(
  ir: AppIR | undefined,
  warn: (line: string) => void = () => {},
): Map<string, ConsoleDiagram> {
  if (!ir) return new Map();
  const known = cache.get(ir);
  if (known) return known;
  const diagrams = new Map<string, ConsoleDiagram>();
  cache.set(ir, diagrams);
  const workflows: Workflow[] = [
    ...ir.processes.map((spec) => ({ kind: 'process' as const, spec })),
    ...ir.schedules.map((spec) => ({ kind: 'schedule' as const, spec })),
  ];
  for (const w of workflows) {
    const ref = { kind: w.kind, name: w.spec.name };
    try {
      diagrams.set(workflowKey(ref), diagramOf(w));
    } catch (error) {
      warn(`dev console: no flow picture of ${qualifiedName(ref)} (${String(error)})`);
    }
  }
  return diagrams;
}

function diagramOf(workflow: Workflow): ConsoleDiagram {
  const model = diagramModel(workflow);
  const nodes: Record<string, string> = {};
  for (const n of model.nodes) {
    // `s_<step>`, `s_<parallel>__<step>` (steps inside a branch or loop), `c_<compensation>`.
    const m = /^(?:s_(?:.*__)?|c_)([^_].*)$/.exec(n.id);
    const name = m?.[1].split('__').at(-1);
    if (name && !name.endsWith('cluster') && !(name in nodes)) nodes[name] = n.id;
  }
  return { svg: renderSvg(model), mermaid: toMermaid(model), nodes };
}
