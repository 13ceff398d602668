import { suggestionList } from '../../compiler/diagnostics/suggest.ts';
import { formatProposals, proposeClusters, proposeWorkflows } from '../../compiler/tools/propose.ts';
import { briefToDsl } from '../../compiler/tools/proposeDsl.ts';
import { type RegisterCommand, UsageError } from '../context.ts';
import { loadApp } from './coverage.ts';

interface ProposeFlags {
  json?: boolean;
  dsl?: boolean;
  includeCrud?: boolean;
  story?: string[];
}

/** `propose <paths…>`: workflow briefs for the stories no process fully covers. */
export const registerPropose: RegisterCommand = (program, ctx) => {
  program
    .command('propose')
    .description('workflow design briefs for uncovered and partial stories')
    .argument('<paths...>', '.dsl / processes.json files or directories')
    .option('--json', 'print the briefs as JSON (Dazzle’s shape)')
    .option('--dsl', 'print a starting process block for each brief (with --json: a "dsl" field per brief)')
    .option('--include-crud', 'keep CRUD-only stories as briefs too')
    .option('--story <ids...>', 'propose for exactly these stories')
    .action((paths: string[], options: ProposeFlags) => {
      const { ir, appOf } = loadApp(paths, ctx);
      if (ir.stories.length === 0) {
        const error = { error: 'No stories found', hint: 'Add .dsl files with story blocks to the paths.' };
        if (options.json) ctx.out(JSON.stringify(error, null, 2));
        else ctx.err(`${error.error}. ${error.hint}`);
        ctx.exitCode = 1;
        return;
      }
      const storyIds = options.story?.flatMap((s) => s.split(',')).filter((s) => s !== '');
      const known = ir.stories.map((s) => s.story_id);
      for (const id of storyIds ?? []) {
        if (known.includes(id)) continue;
        const near = suggestionList(id, known);
        throw new UsageError(
          `--story: no story '${id}' in these files (${near.length ? `did you mean ${near.slice(0, 3).join(', ')}?` : `${known.length} stories: ${known.slice(0, 5).join(', ')}${known.length > 5 ? ', …' : ''}`})`,
        );
      }
      const proposeOptions = { includeCrud: options.includeCrud, appOf, storyIds };
      const report = proposeWorkflows(ir, proposeOptions);
      const clusters = (proposeClusters(ir, proposeOptions) ?? []).filter(
        (c) => c.brief.recommendation === 'compose_process',
      );
      if (options.json) {
        if (options.dsl && 'workflows' in report) {
          const dsl = new Map(clusters.map((c) => [c.brief.name, briefToDsl(c)]));
          for (const w of report.workflows) Object.assign(w, { dsl: dsl.get(w.name) });
        }
        ctx.out(JSON.stringify(report, null, 2));
      } else if (options.dsl) {
        ctx.out(
          clusters.length
            ? clusters.map(briefToDsl).join('\n\n')
            : '# All stories are fully covered by processes.',
        );
      } else {
        ctx.out(formatProposals(report));
      }
    });
};
