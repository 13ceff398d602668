import type { z } from 'zod';
import { type Diagnostic, diagnostic, type Location, sortDiagnostics } from '../diagnostics/diagnostic.ts';
import { parseExpression } from '../expr/parser.ts';
import { SourceMap } from '../ir/locations.ts';
import { processSchema } from '../ir/schema.ts';
import type { AppIR, FieldAssignment, ProcessSpec, ProcessStep } from '../ir/types.ts';
import type { ParseResult, SourceFile } from '../parser/index.ts';
import { type JsonPosition, pointer, scanJson } from './json-positions.ts';

/**
 * Loads Dazzle's persisted `processes.json` (`{version, processes}`). Every problem is a located
 * diagnostic naming the JSON path (`processes[0].steps[2].kind`); a process with errors is left
 * out, the others load. Unknown keys are warnings and are skipped. Nulls count as absent (Dazzle
 * writes them for unset optional fields).
 */
export function loadProcessesJson(file: SourceFile, sourceMap: SourceMap = new SourceMap()): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const ir: AppIR = { processes: [], schedules: [], stories: [] };
  const scan = scanJson(file.text);
  if (!scan.ok) {
    diagnostics.push(diagnostic('DZ700', `invalid JSON: ${scan.message}`, { file: file.name, ...scan.at }));
    return { ir, sourceMap, diagnostics };
  }
  const locate = (path: readonly PropertyKey[]): Location => ({
    file: file.name,
    ...nearest(scan.positions, path),
  });
  const root = withoutNulls(scan.value);
  if (!isRecord(root) || !Array.isArray(root.processes)) {
    diagnostics.push(
      diagnostic('DZ701', 'processes.json must be an object {"version": …, "processes": [ … ]}', locate([])),
    );
    return { ir, sourceMap, diagnostics };
  }
  for (const key of Object.keys(root)) {
    if (key !== 'version' && key !== 'processes') {
      diagnostics.push(diagnostic('DZ200', `unknown key '${key}' (skipped)`, locate([key])));
    }
  }
  root.processes.forEach((candidate, index) => {
    const process = parseProcess(candidate, ['processes', index], locate, diagnostics);
    if (!process) return;
    recordLocations(process, ['processes', index], scan.positions, file.name, sourceMap);
    markLiteralValues(process.steps, sourceMap);
    ir.processes.push(process);
  });
  return { ir, sourceMap, diagnostics: sortDiagnostics(diagnostics) };
}

/** Parses one process; unknown keys are reported and removed, then it is parsed again. */
function parseProcess(
  candidate: unknown,
  path: PropertyKey[],
  locate: (path: readonly PropertyKey[]) => Location,
  diagnostics: Diagnostic[],
): ProcessSpec | undefined {
  let input = candidate;
  for (let attempt = 0; attempt < 2; attempt++) {
    const result = processSchema.safeParse(input);
    if (result.success) return result.data;
    const unknownKeys = result.error.issues.filter((i) => i.code === 'unrecognized_keys');
    if (unknownKeys.length === 0 || unknownKeys.length !== result.error.issues.length || attempt > 0) {
      for (const issue of result.error.issues) report(issue, path, locate, diagnostics);
      return undefined;
    }
    input = structuredClone(input);
    for (const issue of unknownKeys) {
      const owner = resolve(input, issue.path) as Record<string, unknown>;
      for (const key of issue.code === 'unrecognized_keys' ? issue.keys : []) {
        const at = [...path, ...issue.path, key];
        diagnostics.push(
          diagnostic('DZ200', `unknown key '${key}' at ${jsonPath(at)} (skipped)`, locate(at)),
        );
        delete owner[key];
      }
    }
  }
  return undefined;
}

function report(
  issue: z.core.$ZodIssue,
  path: PropertyKey[],
  locate: (path: readonly PropertyKey[]) => Location,
  diagnostics: Diagnostic[],
): void {
  const at = [...path, ...issue.path];
  const message =
    issue.code === 'unrecognized_keys'
      ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`
      : issue.message;
  diagnostics.push(diagnostic('DZ701', `${jsonPath(at)}: ${message}`, locate(at)));
}

/** `processes[0].steps[2].kind` */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, i) =>
      typeof segment === 'number' ? `[${segment}]` : `${i === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('');
}

/** The position of the value at `path`, else of its nearest recorded ancestor. */
function nearest(positions: Map<string, JsonPosition>, path: readonly PropertyKey[]): JsonPosition {
  for (let n = path.length; n >= 0; n--) {
    const found = positions.get(pointer(path.slice(0, n)));
    if (found) return found;
  }
  return { line: 1, column: 1 };
}

function resolve(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const segment of path) current = (current as Record<PropertyKey, unknown>)[segment];
  return current;
}

/** Fills the source map for every object of the loaded IR from the JSON positions. */
function recordLocations(
  node: unknown,
  path: PropertyKey[],
  positions: Map<string, JsonPosition>,
  file: string,
  sourceMap: SourceMap,
): void {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) recordLocations(node[i], [...path, i], positions, file, sourceMap);
    return;
  }
  if (!isRecord(node)) return;
  sourceMap.set(node, { file, ...nearest(positions, path) });
  for (const [key, value] of Object.entries(node)) {
    const at = positions.get(pointer([...path, key]));
    if (at) sourceMap.setField(node, key, { file, ...at });
    recordLocations(value, [...path, key], positions, file, sourceMap);
  }
}

/**
 * A `sets`/`assignments` value that is no expression (`Confirm period close`) is the string itself:
 * Dazzle stores a quoted DSL value without its quotes, and its runtime uses any value it cannot
 * resolve as a string literal (`side_effect_executor._resolve_value`).
 */
export function markLiteralValues(steps: readonly ProcessStep[], sourceMap: SourceMap): void {
  const at = { file: '', line: 1, column: 1 };
  const mark = (set: FieldAssignment) => {
    if (parseExpression(set.value, at, { mode: 'value' }).diagnostics.length > 0) {
      sourceMap.markLiteral(set, 'value');
    }
  };
  for (const step of steps) {
    for (const effect of step.effects) effect.assignments.forEach(mark);
    if (step.kind === 'human_task') for (const o of step.human_task.outcomes) o.sets.forEach(mark);
    markLiteralValues(step.parallel_steps, sourceMap);
    markLiteralValues(step.foreach_steps, sourceMap);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isRecord(value)) return value;
  // fromEntries defines own properties: a "__proto__" key stays a key (then reported as unknown).
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}
