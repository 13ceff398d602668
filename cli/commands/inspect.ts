import { qualifiedName, workflowKey } from '../../compiler/contracts/names.ts';
import { formatDiagnostics, hasErrors } from '../../compiler/diagnostics/diagnostic.ts';
import type { StateMachineDefinition } from '../../compiler/emit/asl/types.ts';
import { compileSources } from '../../compiler/index.ts';
import type { WorkflowTypeOption } from '../../compiler/manifest/workflowType.ts';
import { compiledShape } from '../../compiler/tools/compiledShape.ts';
import { formatInspect, inspectWorkflow } from '../../compiler/tools/inspect.ts';
import { collectInputs, textsByName } from '../../host/files.ts';
import { type RegisterCommand, UsageError } from '../context.ts';
import { findWorkflow } from './diagram.ts';

/** `inspect <paths…> <name>`: steps, trigger and linked stories of one process or schedule. */
export const registerInspect: RegisterCommand = (program, ctx) => {
  program
    .command('inspect')
    .description('show the steps, trigger and linked stories of a process or schedule')
    .argument(
      '<paths-and-name...>',
      '.dsl / processes.json files or directories, then the process or schedule name',
    )
    .option('--json', 'print the report as JSON')
    .option('--workflow-type <type>', 'standard | auto, for the compiled shape (as for compile)', 'standard')
    .action((args: string[], options: { json?: boolean; workflowType: string }) => {
      if (options.workflowType !== 'standard' && options.workflowType !== 'auto') {
        throw new UsageError(`--workflow-type must be standard or auto, got '${options.workflowType}'`);
      }
      if (args.length < 2)
        throw new UsageError('inspect needs at least one path and a name: inspect <paths…> <name>');
      const name = args[args.length - 1];
      const files = collectInputs(args.slice(0, -1), ctx.cwd);
      const compiled = compileSources(files, { workflowType: options.workflowType as WorkflowTypeOption });
      const { ir, diagnostics } = compiled;
      if (hasErrors(diagnostics)) {
        const texts = textsByName(files);
        for (const line of formatDiagnostics(
          diagnostics.filter((d) => d.severity === 'error'),
          (f) => texts.get(f),
        ))
          ctx.err(line);
      }
      const workflow = findWorkflow(ir, name);
      const ref = { kind: workflow.kind, name: workflow.spec.name };
      const report = inspectWorkflow(ir, qualifiedName(ref));
      if (!report) return;
      const id = workflowKey(ref);
      const entry = compiled.artifacts?.manifest.workflows.find((w) => w.id === id);
      // The policy in force (a process's `overlap:` counts only when written).
      if (entry) report.overlap = entry.overlap.policy;
      const asl = compiled.artifacts?.asl[id];
      if (entry && asl !== undefined)
        report.compiled = compiledShape(entry, JSON.parse(asl) as StateMachineDefinition);
      ctx.out(options.json ? JSON.stringify(report, null, 2) : formatInspect(report));
      if (hasErrors(diagnostics)) ctx.exitCode = 1;
    });
};
