/**
 * Flow pictures for the console: the tooling's diagram model (`compiler/tools/diagram.ts`) laid out
 * server-side by its SVG renderer, with the Mermaid text beside it. The model needs the IR, which
 * the runtime does not keep, so the DSL sources are read and checked again (once per compile
 * output: the cache is keyed by the runtime's artifacts object, which a reload replaces).
 */
import { collectInputs } from '../../cli/files.ts';
import { checkSources } from '../../compiler/frontend.ts';
import type { CompileArtifacts } from '../../compiler/index.ts';
import type { Workflow } from '../../compiler/ir/types.ts';
import { diagramModel, toMermaid } from '../../compiler/tools/diagram.ts';
import { renderSvg } from '../../compiler/tools/diagramSvg.ts';

export interface ConsoleDiagram {
  svg: string;
  mermaid: string;
  /** DSL step (or compensation) name → the id of its node in the SVG (`<g id=…>`). */
  nodes: Record<string, string>;
}

const cache = new WeakMap<CompileArtifacts, Map<string, ConsoleDiagram>>();

export function diagramsFor(
  artifacts: CompileArtifacts,
  paths: readonly string[] | undefined,
  warn: (line: string) => void = () => {},
): Map<string, ConsoleDiagram> {
  const known = cache.get(artifacts);
  if (known) return known;
  const diagrams = new Map<string, ConsoleDiagram>();
  cache.set(artifacts, diagrams);
  if (!paths?.length) return diagrams;
  try {
    const { ir } = checkSources(collectInputs(paths, process.cwd()));
    const workflows: Workflow[] = [
      ...ir.processes.map((spec) => ({ kind: 'process' as const, spec })),
      ...ir.schedules.map((spec) => ({ kind: 'schedule' as const, spec })),
    ];
    for (const w of workflows) diagrams.set(w.spec.name, diagramOf(w));
  } catch (error) {
    warn(`dev console: no flow pictures (${String(error)})`);
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
