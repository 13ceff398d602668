import { SourceMap } from '../ir/locations.ts';
import { processSchema } from '../ir/schema.ts';
import type { ProcessSpec, StorySpec } from '../ir/types.ts';
import { markLiteralValues } from '../loader/processes-json.ts';
import { validateApp } from '../validate/index.ts';

/**
 * `save`: validate ProcessSpec JSON and merge it into Dazzle's `.dazzle/processes/processes.json`.
 * The behaviour is Dazzle's (`mcp/server/handlers/process/storage.py` `save_processes_handler` and
 * `core/process_persistence.py` `add_processes`), reimplemented: every spec must validate or
 * nothing is saved; unknown stories and trigger entities are warnings; existing names are kept
 * unless `overwrite` (then replaced, moved to the end as Dazzle does). The file write itself
 * (temporary file + rename) is the CLI's.
 */

export interface SpecError {
  /** JSON path of the offending value: `processes[0].steps[2].kind`, `[1].name`, `name`. */
  path: string;
  message: string;
}

export interface ParsedSpecs {
  specs: ProcessSpec[];
  errors: SpecError[];
}

/**
 * Parses what the user gave: one ProcessSpec object, a list of them, or a container
 * `{version?, processes: […]}`. Each spec is checked against the IR schema (unknown keys are errors,
 * Dazzle's defaults applied), then by the compiler's validation rules.
 */
export function parseProcessSpecs(value: unknown): ParsedSpecs {
  const located = locateSpecs(value);
  if ('error' in located) return { specs: [], errors: [located.error] };
  const specs: ProcessSpec[] = [];
  const errors: SpecError[] = [];
  located.items.forEach(({ item, path }) => {
    const result = processSchema.safeParse(withoutNulls(item));
    if (!result.success) {
      for (const issue of result.error.issues) {
        errors.push({ path: jsonPath([...path, ...issue.path]), message: issue.message });
      }
      return;
    }
    const spec = result.data as ProcessSpec;
    const first = specs.findIndex((s) => s.name === spec.name);
    if (first >= 0)
      errors.push({ path: jsonPath([...path, 'name']), message: `process '${spec.name}' appears twice` });
    else specs.push(spec);
    const sourceMap = new SourceMap();
    markLiteralValues(spec.steps, sourceMap);
    for (const d of validateApp({ processes: [spec], schedules: [], stories: [] }, sourceMap, {
      storiesLoaded: false,
    })) {
      if (d.severity === 'error') errors.push({ path: jsonPath(path), message: `${d.code} ${d.message}` });
    }
  });
  return { specs: errors.length > 0 ? [] : specs, errors };
}

type PathItem = { item: unknown; path: PropertyKey[] };

function locateSpecs(value: unknown): { items: PathItem[] } | { error: SpecError } {
  if (Array.isArray(value)) return { items: value.map((item, i) => ({ item, path: [i] })) };
  if (isRecord(value) && Array.isArray(value.processes)) {
    const extra = Object.keys(value).filter((k) => k !== 'version' && k !== 'processes');
    if (extra.length > 0)
      return { error: { path: extra[0], message: `unknown key '${extra[0]}' in a processes container` } };
    return { items: value.processes.map((item, i) => ({ item, path: ['processes', i] })) };
  }
  if (isRecord(value)) return { items: [{ item: value, path: [] }] };
  return {
    error: {
      path: '',
      message: 'expected a ProcessSpec object, a list of them, or {"version", "processes": [ … ]}',
    },
  };
}

export interface SaveContext {
  /** The app's stories (for unknown-story warnings; none loaded → no warnings). */
  stories: readonly StorySpec[];
  /** Entity names the app defines or mentions (none known → no warnings). */
  entities: ReadonlySet<string>;
}

/** Dazzle's warnings: `implements` naming an unknown story, a trigger naming an unknown entity. */
export function saveWarnings(specs: readonly ProcessSpec[], context: SaveContext): string[] {
  const storyIds = new Set(context.stories.map((s) => s.story_id));
  const warnings: string[] = [];
  for (const p of specs) {
    if (storyIds.size > 0) {
      for (const id of p.implements) {
        if (!storyIds.has(id)) warnings.push(`Process '${p.name}' references unknown story '${id}'`);
      }
    }
    const entity = p.trigger?.entity_name;
    if (entity && context.entities.size > 0 && !context.entities.has(entity)) {
      warnings.push(`Process '${p.name}' trigger references unknown entity '${entity}'`);
    }
  }
  return warnings;
}

/** A saved process as found in the file: only its name is relied on, the rest is kept as it was. */
export type StoredProcess = { name: string } & Record<string, unknown>;

export interface StoredContainer {
  version: string;
  processes: StoredProcess[];
}

export interface MergeResult {
  container: StoredContainer;
  /** Names written (new, or replaced with `overwrite`). */
  saved: string[];
  /** Names left as they were because they already exist (without `overwrite`). */
  skipped: string[];
}

/**
 * Dazzle's `add_processes`: without `overwrite` a name already saved is kept and the new one
 * skipped; with it the old one is removed and the new one appended. Processes already in the file
 * are kept exactly as they are (even ones this version cannot read), so nothing is lost.
 */
export function mergeProcesses(
  existing: StoredContainer | undefined,
  incoming: readonly ProcessSpec[],
  overwrite: boolean,
): MergeResult {
  const current = existing?.processes ?? [];
  const version = existing?.version ?? '1.0';
  const stored = incoming.map(toStored);
  if (overwrite) {
    const names = new Set(incoming.map((p) => p.name));
    return {
      container: { version, processes: [...current.filter((p) => !names.has(p.name)), ...stored] },
      saved: incoming.map((p) => p.name),
      skipped: [],
    };
  }
  const names = new Set(current.map((p) => p.name));
  const added = stored.filter((p) => !names.has(p.name));
  return {
    container: { version, processes: [...current, ...added] },
    saved: added.map((p) => p.name),
    skipped: stored.filter((p) => names.has(p.name)).map((p) => p.name),
  };
}

/** A spec as stored: source locations are not part of Dazzle's shape. */
function toStored(spec: ProcessSpec): StoredProcess {
  const { source: _source, ...rest } = spec;
  return rest as unknown as StoredProcess;
}

/**
 * Reads an existing `processes.json` text for merging. Anything but `{version?, processes: [{name,
 * …}]}` is an error: the file is then left alone rather than rewritten without what it held.
 */
export function readStoredContainer(text: string): StoredContainer | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { error: `not valid JSON (${(e as Error).message})` };
  }
  if (!isRecord(value) || !Array.isArray(value.processes))
    return { error: 'expected {"version", "processes": [ … ]}' };
  const bad = value.processes.findIndex((p) => !isRecord(p) || typeof p.name !== 'string');
  if (bad >= 0) return { error: `processes[${bad}] has no name` };
  return {
    version: typeof value.version === 'string' ? value.version : '1.0',
    processes: value.processes as StoredProcess[],
  };
}

/** The JSON file text: two-space indent, a final newline. */
export function serialiseContainer(container: StoredContainer): string {
  return `${JSON.stringify({ version: container.version, processes: container.processes }, null, 2)}\n`;
}

/** Entity names a set of DSL texts declares (`entity Ticket "Ticket":` at the start of a line). */
export function declaredEntities(texts: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const text of texts)
    for (const m of text.matchAll(/^entity\s+([A-Za-z_][A-Za-z0-9_]*)/gm)) names.add(m[1]);
  return names;
}

export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out || '(root)';
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Dazzle writes `null` for unset optional fields: they count as absent. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}
