import type { AppIR, StorySpec } from '../ir/types.ts';
import { type ImplementingWorkflow, matchPool, outcomeMatches } from './outcomeMatch.ts';

/**
 * Story coverage: which story outcomes the processes satisfy. The JSON shape and the rules are
 * Dazzle's (`mcp/server/handlers/process/coverage.py`, `stories_coverage_handler`), reimplemented:
 * rejected stories are left out (and counted); a story no workflow `implements` is uncovered; else
 * every `then` outcome and every `unless` condition must match (see `outcomeMatch.ts`), or the
 * story is partial and the unmatched ones are its missing aspects. Processes from DSL and from
 * `processes.json` arrive already merged by the front end (the DSL one wins a name clash).
 *
 * Deliberate difference: schedules that `implements` a story count as implementing it too
 * (Dazzle's schedules have no `implements`).
 */

export type CoverageStatus = 'covered' | 'partial' | 'uncovered';
export const COVERAGE_FILTERS = ['all', 'covered', 'partial', 'uncovered'] as const;
export type CoverageFilter = (typeof COVERAGE_FILTERS)[number];

export interface StoryCoverage {
  story_id: string;
  title: string;
  status: CoverageStatus;
  implementing_processes: string[];
  missing_aspects: string[];
}

export interface CoverageReport {
  total_stories: number;
  covered: number;
  partial: number;
  uncovered: number;
  rejected_excluded: number;
  coverage_percent: number;
  effective_coverage_percent: number;
  has_process: number;
  has_process_percent: number;
  showing: number;
  offset: number;
  has_more: boolean;
  stories: StoryCoverage[];
  guidance?: string;
  discovery_hint?: string;
}

export interface CoverageOptions {
  /** @default 'all' */
  statusFilter?: CoverageFilter;
  /** Page size. @default 50 */
  limit?: number;
  /** @default 0 */
  offset?: number;
  /** The app of each definition (the front end's `appOf`), for inputs holding several apps. */
  appOf?: AppOf;
}

export type AppOf = (node: ImplementingWorkflow | StorySpec) => string;

/** The missing aspect of a story nothing implements (Dazzle's wording). */
export const NO_IMPLEMENTING_PROCESS = 'No implementing process';

const STATUS_ORDER: Record<CoverageStatus, number> = { uncovered: 0, partial: 1, covered: 2 };

export function analyseCoverage(
  ir: Pick<AppIR, 'processes' | 'schedules' | 'stories'>,
  options: CoverageOptions = {},
): CoverageReport {
  const workflows: ImplementingWorkflow[] = [...ir.processes, ...ir.schedules];
  const implementing = implementingLookup(workflows, ir.stories, options.appOf);
  const active = ir.stories.filter((s) => s.status !== 'rejected');
  const all = active.map((story) => storyCoverage(story, implementing(story)));
  const count = (status: CoverageStatus) => all.filter((s) => s.status === status).length;
  const covered = count('covered');
  const partial = count('partial');
  const uncovered = count('uncovered');
  const total = all.length;
  const percent = (n: number) => (total > 0 ? round1((n / total) * 100) : 0);

  const filter = options.statusFilter ?? 'all';
  const limit = options.limit ?? 50;
  const offset = options.offset ?? 0;
  const selected = all
    .filter((s) => filter === 'all' || s.status === filter)
    .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]);
  const page = selected.slice(offset, offset + limit);
  const hasMore = offset + limit < selected.length;

  const report: CoverageReport = {
    total_stories: total,
    covered,
    partial,
    uncovered,
    rejected_excluded: ir.stories.length - active.length,
    coverage_percent: percent(covered),
    effective_coverage_percent: percent(covered + partial * 0.5),
    has_process: covered + partial,
    has_process_percent: percent(covered + partial),
    showing: page.length,
    offset,
    has_more: hasMore,
    stories: page,
  };
  if (hasMore) {
    report.guidance = `Showing ${page.length} of ${selected.length} stories (filter: ${filter}). Use --offset ${offset + limit} for the next page.`;
  }
  if (uncovered > 0) {
    report.discovery_hint = `${uncovered} stories have no implementing process. Run 'dazzle-sfn propose' for workflow briefs.`;
  }
  return report;
}

/**
 * The workflows that implement a story, in definition order. A story id defined by more than one
 * app (a folder of several Dazzle apps) is matched within the story's own app only.
 */
export function implementingLookup(
  workflows: readonly ImplementingWorkflow[],
  stories: readonly StorySpec[],
  appOf: AppOf | undefined,
): (story: StorySpec) => ImplementingWorkflow[] {
  const byId = implementersByStory(workflows);
  const seen = new Set<string>();
  const shared = new Set<string>();
  for (const s of stories) (seen.has(s.story_id) ? shared : seen).add(s.story_id);
  return (story) => {
    const all = byId.get(story.story_id) ?? [];
    return appOf && shared.has(story.story_id) ? all.filter((w) => appOf(w) === appOf(story)) : all;
  };
}

/** Story id → the workflows that implement it, in definition order. */
export function implementersByStory(
  workflows: readonly ImplementingWorkflow[],
): Map<string, ImplementingWorkflow[]> {
  const map = new Map<string, ImplementingWorkflow[]>();
  for (const w of workflows) {
    for (const id of new Set(w.implements)) {
      const list = map.get(id) ?? [];
      list.push(w);
      map.set(id, list);
    }
  }
  return map;
}

export function storyCoverage(
  story: StorySpec,
  implementing: readonly ImplementingWorkflow[],
): StoryCoverage {
  const missing = implementing.length === 0 ? [NO_IMPLEMENTING_PROCESS] : missingAspects(story, implementing);
  return {
    story_id: story.story_id,
    title: story.title,
    status: implementing.length === 0 ? 'uncovered' : missing.length > 0 ? 'partial' : 'covered',
    implementing_processes: implementing.map((w) => w.name),
    missing_aspects: missing,
  };
}

/** The `then` outcomes and `unless` conditions (as `Exception: …`) that nothing satisfies. */
export function missingAspects(story: StorySpec, implementing: readonly ImplementingWorkflow[]): string[] {
  const pool = matchPool(story.story_id, implementing);
  const missing = story.then.map((c) => c.expression).filter((outcome) => !outcomeMatches(outcome, pool));
  for (const exception of story.unless) {
    if (!outcomeMatches(exception.condition, pool)) missing.push(`Exception: ${exception.condition}`);
  }
  return missing;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

/** The report as a terminal table with a summary line. */
export function formatCoverage(report: CoverageReport): string {
  const rows = report.stories.map((s) => [
    s.story_id,
    s.status,
    s.implementing_processes.join(', ') || '-',
    truncate(s.title, 40),
    s.missing_aspects.join('; ') || '-',
  ]);
  const lines = table(['STORY', 'STATUS', 'PROCESSES', 'TITLE', 'MISSING'], rows);
  lines.push(
    '',
    `${report.total_stories} stories: ${report.covered} covered, ${report.partial} partial, ${report.uncovered} uncovered` +
      ` (${report.rejected_excluded} rejected excluded) — coverage ${report.coverage_percent}%, effective ${report.effective_coverage_percent}%`,
  );
  if (report.guidance) lines.push(report.guidance);
  return lines.join('\n');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Left-aligned columns; the last column is not padded. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}
