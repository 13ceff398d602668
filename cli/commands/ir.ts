import { formatDiagnostics, hasErrors } from '../../compiler/diagnostics/diagnostic.ts';
import { loadSources } from '../../compiler/frontend.ts';
import { collectInputs, textsByName } from '../../host/files.ts';
import type { RegisterCommand } from '../context.ts';

/** `ir <paths…>`: the parsed IR as JSON `{processes, schedules, stories}`; exit 1 on syntax errors. */
export const registerIr: RegisterCommand = (program, ctx) => {
  program
    .command('ir')
    .description('print the parsed IR as JSON {processes, schedules, stories}')
    .argument('<paths...>', '.dsl / processes.json files or directories')
    .action((paths: string[]) => {
      const files = collectInputs(paths, ctx.cwd);
      const { ir, diagnostics } = loadSources(files);
      const texts = textsByName(files);
      for (const line of formatDiagnostics(diagnostics, (f) => texts.get(f))) ctx.err(line);
      ctx.out(
        JSON.stringify({ processes: ir.processes, schedules: ir.schedules, stories: ir.stories }, null, 2),
      );
      if (hasErrors(diagnostics)) ctx.exitCode = 1;
    });
};
