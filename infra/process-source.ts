/**
 * Where the construct's processes come from: DSL / processes.json sources compiled at synth time, or
 * a precompiled `manifest.json` + `<name>.asl.json` directory (what `dazzle-sfn compile --out`
 * writes). Either way infra reads only the manifest and the ASL text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { qualifiedName } from '../compiler/contracts/names.ts';
import { compileSources, type SourceFile } from '../compiler/index.ts';
import { type Manifest, ManifestSchema } from '../compiler/manifest/schema.ts';
import type { WorkflowTypeOption } from '../compiler/manifest/workflowType.ts';
import { collectInputs } from '../host/files.ts';

/** What infra consumes: the manifest and the ASL text of each workflow, by workflow id. */
export interface CompiledProcesses {
  readonly manifest: Manifest;
  readonly asl: Readonly<Record<string, string>>;
}

export interface ProcessSourceBindOptions {
  /** @default 'standard' */
  readonly workflowType?: WorkflowTypeOption;
}

export abstract class ProcessSource {
  /** `.dsl` files and `processes.json` files, or directories searched for them (like the CLI). */
  static fromFiles(paths: readonly string[], cwd: string = process.cwd()): ProcessSource {
    if (paths.length === 0)
      throw new Error('ProcessSource.fromFiles: no paths given; pass DSL files or directories');
    return new SourcesProcessSource(() => collectInputs(paths, cwd));
  }

  /** In-memory sources `{name, text}` (a name ending in `.json` is a processes.json). */
  static fromSources(files: readonly SourceFile[]): ProcessSource {
    return new SourcesProcessSource(() => files);
  }

  /** A directory written by `dazzle-sfn compile --out DIR`. */
  static fromCompiled(dir: string): ProcessSource {
    return new CompiledProcessSource(() => {
      const manifest = parseManifest(
        readFileSync(join(dir, 'manifest.json'), 'utf8'),
        join(dir, 'manifest.json'),
      );
      const asl = Object.fromEntries(
        manifest.workflows.map((w) => [w.id, readFileSync(join(dir, w.asl), 'utf8')] as const),
      );
      return { manifest, asl };
    });
  }

  /** A manifest object and the ASL texts it names (by workflow id, `process-x` / `schedule-x`). */
  static fromManifest(manifest: unknown, asl: Readonly<Record<string, string>>): ProcessSource {
    return new CompiledProcessSource(() => ({ manifest: parseManifest(manifest, 'manifest'), asl }));
  }

  /** Compiles or loads the processes; called once by the construct. */
  abstract bind(options: ProcessSourceBindOptions): CompiledProcesses;
}

class SourcesProcessSource extends ProcessSource {
  constructor(private readonly files: () => readonly SourceFile[]) {
    super();
  }

  bind(options: ProcessSourceBindOptions): CompiledProcesses {
    const result = compileSources(this.files(), { workflowType: options.workflowType ?? 'standard' });
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    if (!result.artifacts || errors.length > 0) {
      const lines = errors.map((d) => `${d.file}:${d.line}:${d.column}: error ${d.code} ${d.message}`);
      throw new Error(`the Dazzle sources do not compile:\n${lines.join('\n')}`);
    }
    return { manifest: result.artifacts.manifest, asl: result.artifacts.asl };
  }
}

class CompiledProcessSource extends ProcessSource {
  constructor(private readonly load: () => CompiledProcesses) {
    super();
  }

  bind(options: ProcessSourceBindOptions): CompiledProcesses {
    const compiled = this.load();
    for (const w of compiled.manifest.workflows) {
      if (typeof compiled.asl[w.id] !== 'string') {
        throw new Error(`the manifest names ${qualifiedName(w)} but its ASL (${w.asl}) is missing`);
      }
      // A precompiled manifest fixed the type already: refuse Express when Standard was asked for.
      if (options.workflowType === 'standard' && w.workflow_type === 'EXPRESS') {
        throw new Error(
          `${qualifiedName(w)} was compiled as EXPRESS (${w.workflow_type_reason}) but workflowType is 'standard'; ` +
            `recompile with workflowType 'standard' or set workflowType: 'auto'`,
        );
      }
    }
    return compiled;
  }
}

function parseManifest(value: unknown, origin: string): Manifest {
  let json = value;
  if (typeof value === 'string') {
    try {
      json = JSON.parse(value);
    } catch (err) {
      throw new Error(`${origin} is not valid JSON: ${(err as Error).message}`);
    }
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${origin} is not a dazzle-sfn manifest: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}
