import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { suggestionList } from '../../compiler/diagnostics/suggest.ts';
import type { AppIR, Workflow } from '../../compiler/ir/types.ts';
import { diagramModel, toMermaid } from '../../compiler/tools/diagram.ts';
import { renderSvg } from '../../compiler/tools/diagramSvg.ts';
import { workflowNames } from '../../compiler/tools/inspect.ts';
import { type CliContext, type RegisterCommand, UsageError } from '../context.ts';
import { loadApp } from './coverage.ts';

/** The process or schedule called `name`, or undefined after saying what names there are. */
export function findWorkflow(ir: AppIR, name: string, ctx: CliContext): Workflow | undefined {
  const process = ir.processes.find((p) => p.name === name);
  if (process) return { kind: 'process', spec: process };
  const schedule = ir.schedules.find((s) => s.name === name);
  if (schedule) return { kind: 'schedule', spec: schedule };
  reportUnknownWorkflow(ir, name, ctx);
  return undefined;
}

/** `no process or schedule named 'x' (did you mean …?)` on stderr, exit code 1. */
export function reportUnknownWorkflow(ir: AppIR, name: string, ctx: CliContext): void {
  const names = workflowNames(ir);
  const close = suggestionList(name, names);
  const hint = close.length
    ? ` (did you mean ${close.slice(0, 3).join(', ')}?)`
    : names.length
      ? ` (known: ${names.join(', ')})`
      : '';
  ctx.err(`no process or schedule named '${name}'${hint}`);
  ctx.exitCode = 1;
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
    .option('--json', 'print {process_name, title, type, diagram} as JSON')
    .action((args: string[], options: { svg?: string; json?: boolean }) => {
      const { paths, name } = pathsAndName(args, 'diagram');
      const workflow = findWorkflow(loadApp(paths, ctx).ir, name, ctx);
      if (!workflow) return;
      const model = diagramModel(workflow);
      const mermaid = toMermaid(model);
      if (options.svg) {
        writeFileSync(resolve(ctx.cwd, options.svg), renderSvg(model), 'utf8');
        ctx.err(`wrote ${options.svg}`);
      }
      ctx.out(
        options.json
          ? JSON.stringify(
              { process_name: name, title: workflow.spec.title ?? null, type: 'flowchart', diagram: mermaid },
              null,
              2,
            )
          : mermaid,
      );
    });
};
