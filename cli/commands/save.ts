import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { formatDiagnostics } from '../../compiler/diagnostics/diagnostic.ts';
import { checkSources, loadSources } from '../../compiler/frontend.ts';
import type { ProcessSpec, StorySpec } from '../../compiler/ir/types.ts';
import type { SourceFile } from '../../compiler/parser/index.ts';
import { storyEntities } from '../../compiler/tools/propose.ts';
import {
  declaredEntities,
  mergeProcesses,
  parseProcessSpecs,
  readStoredContainer,
  type SaveContext,
  saveWarnings,
  serialiseContainer,
} from '../../compiler/tools/save.ts';
import { collectInputs, SourceFilesError, textsByName } from '../../host/files.ts';
import { type CliContext, type RegisterCommand, UsageError } from '../context.ts';

/** Where Dazzle keeps composed processes, under the project root. */
export const PROCESSES_FILE = join('.dazzle', 'processes', 'processes.json');

interface SaveFlags {
  overwrite?: boolean;
  project: string;
  json?: boolean;
}

/** `save <spec.json>`: validate ProcessSpecs and merge them into `.dazzle/processes/processes.json`. */
export const registerSave: RegisterCommand = (program, ctx) => {
  program
    .command('save')
    .description('validate ProcessSpec JSON and merge it into .dazzle/processes/processes.json')
    .argument('<spec>', 'a JSON file: one ProcessSpec, a list of them, or {"version", "processes": [...]}')
    .option('--overwrite', 'replace saved processes of the same name (default: keep them, skip the new ones)')
    .option(
      '--project <dir>',
      'the project root (its .dsl files give the stories and entities to check)',
      '.',
    )
    .option('--json', 'print the result as JSON')
    .action((specPath: string, options: SaveFlags) => {
      const report = (result: Record<string, unknown>, text: string, isError = false) => {
        if (options.json) ctx.out(JSON.stringify(result, null, 2));
        else (isError ? ctx.err : ctx.out)(text);
        if (isError) ctx.exitCode = 1;
      };
      let value: unknown;
      try {
        value = JSON.parse(readSpec(specPath, ctx));
      } catch (e) {
        if (e instanceof UsageError) throw e;
        report(
          { error: `${specPath} is not valid JSON: ${(e as Error).message}` },
          `${specPath}: not valid JSON: ${(e as Error).message}`,
          true,
        );
        return;
      }
      const parsed = parseProcessSpecs(value);
      if (parsed.errors.length > 0) {
        const details = parsed.errors.map((e) => `${e.path}: ${e.message}`);
        report(
          { error: 'Validation failed', details },
          details.map((d) => `${specPath}: ${d}`).join('\n'),
          true,
        );
        return;
      }
      const root = resolve(ctx.cwd, options.project);
      const target = join(root, PROCESSES_FILE);
      const existingText = readIfExists(target);
      const existing = existingText === undefined ? undefined : readStoredContainer(existingText);
      if (existing && 'error' in existing) {
        const message = `${relative(ctx.cwd, target)} cannot be merged into: ${existing.error} (left unchanged)`;
        report({ error: message }, message, true);
        return;
      }
      const project = projectContext(root, ctx);
      const refused = refusals(parsed.specs, project.processes);
      if (refused.length > 0) {
        report(
          { error: 'Validation failed', details: refused },
          [...refused.map((r) => `${specPath}: ${r}`), `${specPath}: not saved`].join('\n'),
          true,
        );
        return;
      }
      const warnings = saveWarnings(parsed.specs, project);
      const merged = mergeProcesses(existing, parsed.specs, options.overwrite === true);
      const text = serialiseContainer(merged.container);
      const errors = validateAsSaved(options.project, target, text, ctx);
      if (errors.length > 0) {
        report(
          { error: 'Validation failed', details: errors },
          [...errors, `${specPath}: not saved: the project would not validate with it`].join('\n'),
          true,
        );
        return;
      }
      writeAtomically(target, text);
      const result: Record<string, unknown> = {
        saved: merged.saved.length,
        total: merged.container.processes.length,
        process_names: merged.saved,
        path: relative(ctx.cwd, target) || target,
      };
      if (merged.skipped.length) result.skipped = merged.skipped;
      if (warnings.length) result.warnings = warnings;
      const lines = [
        `saved ${merged.saved.length} of ${parsed.specs.length} to ${result.path} (${merged.container.processes.length} in total)`,
      ];
      if (merged.skipped.length)
        lines.push(`skipped (already saved; --overwrite to replace): ${merged.skipped.join(', ')}`);
      for (const w of warnings) lines.push(`warning: ${w}`);
      report(result, lines.join('\n'));
    });
};

function readSpec(path: string, ctx: CliContext): string {
  const text = readIfExists(resolve(ctx.cwd, path));
  if (text === undefined) throw new UsageError(`no such file: ${path}`);
  return text;
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * What `validate` does not catch in a ProcessSpec but a save must not write: a process with no
 * steps (Dazzle's `steps` defaults to [], so `{"name": "x"}` parses; it would compile to nothing
 * to run), and a name a `process` of the project's DSL already has (`--overwrite` replaces saved
 * processes only; the DSL one would be shadowed by, or clash with, the saved one).
 */
function refusals(specs: readonly ProcessSpec[], dslProcesses: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const spec of specs) {
    if (spec.steps.length === 0) out.push(`${spec.name}: a process needs at least one step ("steps": [...])`);
    if (dslProcesses.has(spec.name))
      out.push(`${spec.name}: the project's DSL already defines process ${spec.name}; choose another name`);
  }
  return out;
}

/** The stories, entity names and process names of the project's DSL (none when it has no inputs). */
function projectContext(root: string, ctx: CliContext): SaveContext & { processes: Set<string> } {
  let files: { name: string; text: string }[];
  try {
    files = collectInputs([root], ctx.cwd).filter((f) => f.name.endsWith('.dsl'));
  } catch (e) {
    if (e instanceof SourceFilesError) return { stories: [], entities: new Set(), processes: new Set() };
    throw e;
  }
  const { ir } = loadSources(files);
  const stories: StorySpec[] = ir.stories;
  const entities = declaredEntities(files.map((f) => f.text));
  for (const s of stories) for (const e of storyEntities(s)) entities.add(e);
  return { stories, entities, processes: new Set(ir.processes.map((p) => p.name)) };
}

/**
 * The errors `validate` would report on the project once `target` holds `text` (formatted, with
 * caret lines): a spec without a trigger or steps, a name the DSL already defines, a step that
 * names no service… A save that would leave the project invalid writes nothing.
 */
function validateAsSaved(project: string, target: string, text: string, ctx: CliContext): string[] {
  let files: SourceFile[] = [];
  try {
    files = collectInputs([project], ctx.cwd).filter((f) => resolve(ctx.cwd, f.name) !== target);
  } catch (e) {
    if (!(e instanceof SourceFilesError)) throw e;
  }
  files.push({ name: relative(ctx.cwd, target) || target, text });
  const { diagnostics } = checkSources(files);
  const texts = textsByName(files);
  return formatDiagnostics(
    diagnostics.filter((d) => d.severity === 'error'),
    (f) => texts.get(f),
  );
}

/** Write to a temporary file beside the target, then rename over it (atomic on POSIX). */
function writeAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.processes_${process.pid}_${Date.now()}.tmp`);
  try {
    writeFileSync(temp, text, 'utf8');
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}
