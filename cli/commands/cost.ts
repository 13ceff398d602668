import { workflowKey } from '../../compiler/contracts/names.ts';
import { formatDiagnostics } from '../../compiler/diagnostics/diagnostic.ts';
import type { StateMachineDefinition } from '../../compiler/emit/asl/types.ts';
import { compileSources } from '../../compiler/index.ts';
import type { Workflow } from '../../compiler/ir/types.ts';
import type { WorkflowTypeOption } from '../../compiler/manifest/workflowType.ts';
import { type CompiledWorkflow, estimateCosts, formatCost } from '../../compiler/tools/cost.ts';
import { lookupWorkflow } from '../../compiler/tools/workflowAddress.ts';
import { collectInputs, textsByName } from '../../host/files.ts';
import { type RegisterCommand, UsageError } from '../context.ts';
import { count } from './coverage.ts';
import { irWorkflows } from './diagram.ts';

interface CostFlags {
  runs: number;
  json?: boolean;
  workflowType: string;
  items: number;
  lambdaMs: number;
  lambdaMb: number;
  only?: string[];
}

/** `cost <paths…> [--runs N]`: transitions, Lambda calls and AWS cost per run and per N runs. */
export const registerCost: RegisterCommand = (program, ctx) => {
  program
    .command('cost')
    .description('estimate transitions, Lambda invocations and AWS cost per run and per N runs')
    .argument('<paths...>', '.dsl / processes.json files or directories')
    .option('--runs <n>', 'runs to price', count('--runs'), 1000)
    .option('--json', 'print the estimate as JSON')
    .option('--workflow-type <type>', 'standard | auto (as for compile)', 'standard')
    .option('--items <n>', 'iterations per foreach (Map) state', count('--items'), 1)
    .option('--lambda-ms <n>', 'assumed duration of one Lambda invocation (ms)', count('--lambda-ms'), 100)
    .option('--lambda-mb <n>', 'assumed Lambda memory (MB)', count('--lambda-mb'), 128)
    .option(
      '--only <names...>',
      'only these processes or schedules (process:x / schedule:x where both exist)',
    )
    .action((paths: string[], options: CostFlags) => {
      if (options.workflowType !== 'standard' && options.workflowType !== 'auto') {
        throw new UsageError(`--workflow-type must be standard or auto, got '${options.workflowType}'`);
      }
      const files = collectInputs(paths, ctx.cwd);
      const result = compileSources(files, { workflowType: options.workflowType as WorkflowTypeOption });
      if (!result.artifacts) {
        const texts = textsByName(files);
        for (const line of formatDiagnostics(
          result.diagnostics.filter((d) => d.severity === 'error'),
          (f) => texts.get(f),
        ))
          ctx.err(line);
        ctx.exitCode = 1;
        return;
      }
      const { asl, manifest } = result.artifacts;
      const workflows = irWorkflows(result.ir);
      const chosen = new Set<Workflow>();
      for (const address of options.only ?? []) {
        const found = lookupWorkflow(workflows, address);
        if ('error' in found) throw new UsageError(found.error);
        chosen.add(found.found);
      }
      const compiled: CompiledWorkflow[] = workflows
        .filter((w) => !options.only || chosen.has(w))
        .flatMap((w) => {
          const id = workflowKey(w);
          const entry = manifest.workflows.find((m) => m.id === id);
          const text = asl[id];
          if (!entry || text === undefined) return [];
          return [
            {
              workflow: w,
              workflowType: entry.workflow_type,
              overlap: entry.overlap.policy,
              definition: JSON.parse(text) as StateMachineDefinition,
            },
          ];
        });
      const report = estimateCosts(compiled, options.runs, {
        mapItems: options.items,
        lambdaDurationMs: options.lambdaMs,
        lambdaMemoryMb: options.lambdaMb,
      });
      ctx.out(options.json ? JSON.stringify(report, null, 2) : formatCost(report));
    });
};
