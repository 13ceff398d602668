import { basename } from 'node:path';
import { formatDiagnostics, hasErrors } from '../../compiler/diagnostics/diagnostic.ts';
import { type CheckResult, checkSources } from '../../compiler/frontend.ts';
import {
  analyseCoverage,
  COVERAGE_FILTERS,
  type CoverageFilter,
  formatCoverage,
} from '../../compiler/tools/coverage.ts';
import { collectInputs, textsByName } from '../../host/files.ts';
import { type CliContext, type RegisterCommand, UsageError } from '../context.ts';

/**
 * Parses and validates the inputs for a tool command; errors are printed (with caret lines) to
 * stderr and set exit code 1, and the tool still runs on what did parse.
 */
export function loadApp(paths: readonly string[], ctx: CliContext): CheckResult {
  const files = collectInputs(paths, ctx.cwd);
  const checked = checkSources(files);
  const { diagnostics } = checked;
  if (hasErrors(diagnostics)) {
    const texts = textsByName(files);
    for (const line of formatDiagnostics(
      diagnostics.filter((d) => d.severity === 'error'),
      (f) => texts.get(f),
    ))
      ctx.err(line);
    ctx.exitCode = 1;
  }
  return { ...checked, appOf: (node) => sameStemApp(checked.appOf(node)) };
}

/**
 * A file without a `module` line is an app of its own to the front end; for tying stories to
 * processes in a folder of several apps, `x.stories.dsl` goes with `module x.…` (the corpus's layout).
 */
function sameStemApp(app: string): string {
  if (!app.startsWith('file:')) return app;
  return `module:${basename(app.slice('file:'.length)).split('.')[0]}`;
}

/** A non-negative integer option. */
export function count(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0)
      throw new UsageError(`${name} must be a whole number ≥ 0, got '${value}'`);
    return n;
  };
}

const NO_STORIES = {
  error: 'No stories found in the inputs',
  hint: 'Add .dsl files with story blocks to the paths.',
};

/** `coverage <paths…>`: which story outcomes the processes satisfy. */
export const registerCoverage: RegisterCommand = (program, ctx) => {
  program
    .command('coverage')
    .description('story coverage: covered / partial / uncovered stories and their missing aspects')
    .argument('<paths...>', '.dsl / processes.json files or directories')
    .option('--json', 'print the report as JSON (Dazzle’s shape)')
    .option('--status <status>', `only stories with this status: ${COVERAGE_FILTERS.join(', ')}`, 'all')
    .option('--limit <n>', 'stories per page', count('--limit'), 50)
    .option('--offset <n>', 'stories to skip', count('--offset'), 0)
    .action((paths: string[], options: { json?: boolean; status: string; limit: number; offset: number }) => {
      if (!(COVERAGE_FILTERS as readonly string[]).includes(options.status)) {
        throw new UsageError(
          `--status must be one of ${COVERAGE_FILTERS.join(', ')}, got '${options.status}'`,
        );
      }
      const { ir, appOf } = loadApp(paths, ctx);
      if (ir.stories.length === 0) {
        if (options.json) ctx.out(JSON.stringify(NO_STORIES, null, 2));
        else ctx.err(`${NO_STORIES.error}. ${NO_STORIES.hint}`);
        ctx.exitCode = 1;
        return;
      }
      const report = analyseCoverage(ir, {
        statusFilter: options.status as CoverageFilter,
        limit: options.limit,
        offset: options.offset,
        appOf,
      });
      ctx.out(options.json ? JSON.stringify(report, null, 2) : formatCoverage(report));
    });
};
