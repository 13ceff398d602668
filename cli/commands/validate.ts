import { compileChecked } from '../../compiler/compile.ts';
import { formatDiagnostics, hasErrors } from '../../compiler/diagnostics/diagnostic.ts';
import { checkSourcesWith, isProcessesJson } from '../../compiler/sources.ts';
import { collectInputs, textsByName } from '../../host/files.ts';
import type { RegisterCommand } from '../context.ts';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * `validate <paths…>`: diagnostics as `file:line:col: error|warning CODE message`; exit 1 on errors.
 * It runs the whole compile (writing nothing), so that what `validate` accepts `compile`, `dev` and
 * `cdk synth` accept too: names AWS cannot take (DZ604/DZ607) and definitions AWS would reject
 * (DZ606) are found after the front end. Only asl-validator (DZ602, a check of our own emitter that
 * `compile` runs) is left to `compile`. The processes.json loader (and zod with it, about a third of
 * this command's start) is imported only when an input is a processes.json.
 */
export const registerValidate: RegisterCommand = (program, ctx) => {
  program
    .command('validate')
    .description('check .dsl and processes.json inputs; exit 1 when there are errors')
    .argument('<paths...>', '.dsl / processes.json files or directories')
    .option('--json', 'print the diagnostics as JSON')
    .action(async (paths: string[], options: { json?: boolean }) => {
      const files = collectInputs(paths, ctx.cwd);
      const loadJson = files.some((f) => isProcessesJson(f.name))
        ? (await import('../../compiler/loader/processes-json.ts')).loadProcessesJson
        : undefined;
      const { diagnostics } = compileChecked(checkSourcesWith(files, loadJson), files);
      const errors = diagnostics.filter((d) => d.severity === 'error').length;
      const warnings = diagnostics.length - errors;
      if (options.json) {
        ctx.out(JSON.stringify({ files: files.length, errors, warnings, diagnostics }, null, 2));
      } else {
        const texts = textsByName(files);
        for (const line of formatDiagnostics(diagnostics, (f) => texts.get(f))) ctx.out(line);
        ctx.out(
          `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(files.length, 'file')}`,
        );
      }
      if (hasErrors(diagnostics)) ctx.exitCode = 1;
    });
};
