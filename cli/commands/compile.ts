import { resolve } from 'node:path';
import { formatDiagnostics } from '../../compiler/diagnostics/diagnostic.ts';
import { aslFileName, compileSources } from '../../compiler/index.ts';
import type { WorkflowTypeOption } from '../../compiler/manifest/workflowType.ts';
import { aslValidator } from '../../host/asl-validator.ts';
import { collectInputs, textsByName } from '../../host/files.ts';
import { type RegisterCommand, UsageError } from '../context.ts';
import { writeOutputDirectory } from '../output.ts';

const WORKFLOW_TYPES: readonly WorkflowTypeOption[] = ['standard', 'auto'];

/**
 * `compile <paths…> --out DIR`: `DIR/<name>.asl.json` per process and schedule and
 * `DIR/manifest.json`; diagnostics on stderr; exit 1 on errors (nothing is written then).
 */
export const registerCompile: RegisterCommand = (program, ctx) => {
  program
    .command('compile')
    .description('compile processes and schedules to Step Functions ASL and a deployment manifest')
    .argument('<paths...>', '.dsl / processes.json files or directories')
    .requiredOption('--out <dir>', 'output directory')
    .option('--workflow-type <type>', 'standard | auto (Express where a workflow allows it)', 'standard')
    .option('--no-validate-asl', 'skip asl-validator on the emitted definitions')
    .action((paths: string[], options: { out: string; workflowType: string; validateAsl: boolean }) => {
      if (!WORKFLOW_TYPES.includes(options.workflowType as WorkflowTypeOption)) {
        throw new UsageError(
          `--workflow-type must be one of ${WORKFLOW_TYPES.join(', ')}, not '${options.workflowType}'`,
        );
      }
      const files = collectInputs(paths, ctx.cwd);
      const result = compileSources(files, {
        workflowType: options.workflowType as WorkflowTypeOption,
        ...(options.validateAsl && { validateAsl: aslValidator() }),
      });
      const texts = textsByName(files);
      for (const line of formatDiagnostics(result.diagnostics, (f) => texts.get(f))) ctx.err(line);
      if (!result.artifacts) {
        ctx.exitCode = 1;
        return;
      }
      const outputs: Record<string, string> = {};
      for (const [name, text] of Object.entries(result.artifacts.asl)) outputs[aslFileName(name)] = text;
      outputs['manifest.json'] = result.artifacts.manifestText;
      writeOutputDirectory(resolve(ctx.cwd, options.out), options.out, outputs);
      const count = Object.keys(result.artifacts.asl).length;
      ctx.out(`compiled ${count} state machine${count === 1 ? '' : 's'} to ${options.out}`);
    });
};
