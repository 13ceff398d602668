import { type Diagnostic, diagnostic, sortDiagnostics } from './diagnostics/diagnostic.ts';
import { SourceMap } from './ir/locations.ts';
import type { AppIR, ProcessSpec, ScheduleSpec, StorySpec } from './ir/types.ts';
import { type ParseResult, parseSource, type SourceFile } from './parser/index.ts';
import { validateApp } from './validate/index.ts';

/**
 * The front end with the `processes.json` loader passed in. Its loader validates with zod, whose
 * import is about a third of a CLI start, so a caller whose inputs are all DSL (`dazzle-sfn
 * validate x.dsl`) can leave it out; `frontend.ts` is the front end with the loader wired in.
 */
export type ProcessesJsonLoader = (file: SourceFile, sourceMap: SourceMap) => ParseResult;

export interface CheckResult {
  ir: AppIR;
  sourceMap: SourceMap;
  diagnostics: Diagnostic[];
  /** The app each process, schedule and story belongs to (see `appScope`). */
  appOf: (node: ProcessSpec | ScheduleSpec | StorySpec) => string;
}

/** A `processes.json` (any `*.json`) input; everything else is read as DSL. */
export const isProcessesJson = (name: string): boolean => name.toLowerCase().endsWith('.json');

/**
 * The front end: parses every `.dsl` and `processes.json` input, merges them into one app (a name
 * defined twice is DZ201; a DSL process replaces a processes.json one of the same name with DZ207),
 * then runs validation. Never throws on any input; diagnostics come sorted. `loadJson` may be left
 * out only when no input is a processes.json (that is a programming error, and throws).
 */
export function checkSourcesWith(
  files: readonly SourceFile[],
  loadJson: ProcessesJsonLoader | undefined,
): CheckResult {
  const loaded = loadSourcesWith(files, loadJson);
  const storiesLoaded = loaded.ir.stories.length > 0;
  const diagnostics = [
    ...loaded.diagnostics,
    ...validateApp(loaded.ir, loaded.sourceMap, { storiesLoaded, appOf: loaded.appOf }),
  ];
  return { ...loaded, diagnostics: sortDiagnostics(diagnostics) };
}

/** Parsing and merging only, without validation (what `dazzle-sfn ir` needs). */
export function loadSourcesWith(
  files: readonly SourceFile[],
  loadJson: ProcessesJsonLoader | undefined,
): CheckResult {
  const sourceMap = new SourceMap();
  const diagnostics: Diagnostic[] = [];
  const dsl: ParseResult[] = [];
  const json: ParseResult[] = [];
  for (const file of files) {
    const isJson = isProcessesJson(file.name);
    if (isJson && !loadJson) throw new Error(`no processes.json loader was given for ${file.name}`);
    const result = isJson && loadJson ? loadJson(file, sourceMap) : parseSource(file, sourceMap);
    (isJson ? json : dsl).push(result);
    diagnostics.push(...result.diagnostics);
  }
  const apps = new WeakMap<object, string>();
  const ir = merge(dsl, json, sourceMap, diagnostics, apps);
  // A processes.json belongs to the app beside it: with one DSL app, that app.
  const dslApps = new Set(
    files.filter((f) => !isProcessesJson(f.name)).map((f, i) => appScope(dsl[i], f.name)),
  );
  const jsonApp = dslApps.size === 1 ? [...dslApps][0] : 'json';
  const appOf = (node: object): string => apps.get(node) ?? jsonApp;
  return { ir, sourceMap, diagnostics: sortDiagnostics(diagnostics), appOf };
}

/**
 * The app a file belongs to, for name uniqueness: the root of its `module` (`acme_billing` for
 * `module acme_billing.stories`), else the file alone. A folder of several Dazzle apps (like the
 * corpus) then does not report one app's ST-001 as a duplicate of another's.
 */
const appScope = (result: ParseResult, file: string): string =>
  result.module !== undefined ? `module:${result.module.split('.')[0]}` : `file:${file}`;

interface Scoped<T> {
  item: T;
  scope: string;
}

function merge(
  dsl: ParseResult[],
  json: ParseResult[],
  sourceMap: SourceMap,
  diagnostics: Diagnostic[],
  apps: WeakMap<object, string>,
): AppIR {
  const fallback = { file: '<input>', line: 1, column: 1 };
  const scoped = <T extends object>(results: ParseResult[], pick: (ir: AppIR) => T[]): Scoped<T>[] =>
    results.flatMap((r) =>
      pick(r.ir).map((item) => {
        const scope = appScope(r, sourceMap.of(item, fallback).file);
        if (results === dsl) apps.set(item, scope);
        return { item, scope };
      }),
    );
  const unique = <T extends object>(items: Scoped<T>[], key: (item: T) => string, what: string): T[] => {
    const seen = new Map<string, T>();
    const kept: T[] = [];
    for (const { item, scope } of items) {
      const first = seen.get(`${scope}\u0000${key(item)}`);
      if (!first) {
        seen.set(`${scope}\u0000${key(item)}`, item);
        kept.push(item);
        continue;
      }
      const at = sourceMap.field(item, what === 'story' ? 'story_id' : 'name', fallback);
      const firstAt = sourceMap.of(first, fallback);
      diagnostics.push(
        diagnostic(
          'DZ201',
          `${what} '${key(item)}' is already defined at ${firstAt.file}:${firstAt.line}`,
          at,
        ),
      );
    }
    return kept;
  };
  const dslProcesses = unique(
    scoped(dsl, (ir) => ir.processes),
    (p) => p.name,
    'process',
  );
  const dslNames = new Set(dslProcesses.map((p) => p.name));
  const jsonProcesses: ProcessSpec[] = [];
  for (const p of unique(
    scoped(json, (ir) => ir.processes).map(({ item }) => ({ item, scope: 'json' })),
    (p) => p.name,
    'process',
  )) {
    if (!dslNames.has(p.name)) {
      jsonProcesses.push(p);
      continue;
    }
    const replacement = dslProcesses.find((d) => d.name === p.name)!;
    const jsonAt = sourceMap.of(p, fallback);
    diagnostics.push(
      diagnostic(
        'DZ207',
        `process '${p.name}' replaces the one in ${jsonAt.file}:${jsonAt.line} (the DSL definition wins)`,
        sourceMap.field(replacement, 'name', fallback),
      ),
    );
  }
  const schedules: ScheduleSpec[] = unique(
    scoped(dsl, (ir) => ir.schedules),
    (s) => s.name,
    'schedule',
  );
  const stories: StorySpec[] = unique(
    scoped(dsl, (ir) => ir.stories),
    (s) => s.story_id,
    'story',
  );
  return { processes: [...dslProcesses, ...jsonProcesses], schedules, stories };
}
