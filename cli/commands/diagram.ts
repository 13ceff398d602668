import { resolve } from 'node:path';
import type { AppIR, Workflow } from '../../compiler/ir/types.ts';
import { diagramModel, toMermaid } from '../../compiler/tools/diagram.ts';
import { renderSvg } from '../../compiler/tools/diagramSvg.ts';
import { lookupWorkflow } from '../../compiler/tools/workflowAddress.ts';
import { type RegisterCommand, UsageError } from '../context.ts';
import { writeOutputFile } from '../output.ts';
import { loadApp } from './coverage.ts';

/** Every process and schedule of the IR, with its kind and name (a `WorkflowRef`). */
export function irWorkflows(ir: AppIR): (Workflow & { name: string })[] {
  return [
    ...ir.processes.map((spec) => ({ kind: 'process' as const, spec, name: spec.name })),
    ...ir.schedules.map((spec) => ({ kind: 'schedule' as const, spec, name: spec.name })),
  ];
}

/**
 * The process or schedule `address` names (`process:x`, `schedule:x`, or a bare name only one of
 * them has). An unknown name (with a suggestion) and a bare name a process and a schedule share
 * are usage errors, as in every command that takes a name.
 */
export function findWorkflow(ir: AppIR, address: string): Workflow {
  const result = lookupWorkflow(irWorkflows(ir), address);
  if ('error' in result) throw new UsageError(result.error);
  return { kind: result.found.kind, spec: result.found.spec } as Workflow;
}

/** Splits `<paths…> <name>`. */
export function pathsAndName(args: readonly string[], command: string): { paths: string[]; name: string } {
  if (args.length < 2)
    throw new UsageError(`${command} needs at least one path and a name: ${command} <paths…> <name>`);
  return { paths: args.slice(0, -1), name: args[args.length - 1] };
}

/** `diagram <paths…> <name>`: a Mermaid flowchart; `--svg FILE` also renders a picture. */
export const registerDiagram: RegisterCommand = (program, ctx) => {
  program
    .command('diagram')
    .description('a Mermaid flowchart of a process or schedule; --svg FILE renders it as SVG')
    .argument(
      '<paths-and-name...>',
      '.dsl / processes.json files or directories, then the process or schedule name',
    )
    .option('--svg <file>', 'also write the diagram, laid out, as an SVG picture')
    .option('--json', 'print {process_name, kind, title, type, diagram} as JSON')
    .action((args: string[], options: { svg?: string; json?: boolean }) => {
      const { paths, name } = pathsAndName(args, 'diagram');
      const workflow = findWorkflow(loadApp(paths, ctx).ir, name);
      const model = diagramModel(workflow);
      const mermaid = toMermaid(model);
      if (options.svg) {
        writeOutputFile(resolve(ctx.cwd, options.svg), options.svg, renderSvg(model));
        ctx.err(`wrote ${options.svg}`);
      }
      ctx.out(
        options.json
          ? JSON.stringify(
              {
                process_name: workflow.spec.name,
                kind: workflow.kind,
                title: workflow.spec.title ?? null,
                type: 'flowchart',
                diagram: mermaid,
              },
              null,
              2,
            )
          : mermaid,
      );
    });
};
