import type { AppIR, StorySpec } from '../ir/types.ts';
import { type AppOf, implementingLookup, missingAspects } from './coverage.ts';
import { CRUD_OUTCOME_WORDS, UI_FEEDBACK_WORDS } from './outcomeMatch.ts';

/**
 * Workflow design briefs for the stories that are not fully covered: Dazzle's `propose`
 * (`mcp/server/handlers/process/proposals.py`), reimplemented. Stories are grouped by their first
 * entity; within a group, plain CRUD stories are set aside (no process recommended), the rest are
 * split into lifecycle (status_changed), scheduled (cron_*), events (external_event,
 * timer_elapsed) and workflow (anything else) briefs, each with design questions and a review
 * checklist built from the stories' `unless` branches.
 *
 * Differences: rejected stories are never proposed; our story IR has no `constraints` or
 * `side_effects` (so neither questions nor checklist items come from them) and no entity
 * definitions (so the entity context is Dazzle's "not found" note).
 */

export type Recommendation = 'compose_process' | 'process_not_recommended';
export type BriefKind = 'crud' | 'lifecycle' | 'scheduled' | 'events' | 'workflow';

export interface StorySummary {
  story_id: string;
  title: string;
  trigger: string | null;
  actor: string | null;
}

export interface ChecklistItem {
  story_id: string;
  type: 'exception';
  obligation: string;
  verify: string;
}

export interface WorkflowBrief {
  name: string;
  title: string;
  implements: string[];
  story_summaries: StorySummary[];
  entity: string | null;
  design_questions: string[];
  recommendation: Recommendation;
  reason: string;
  review_checklist?: ChecklistItem[];
}

export interface EntityContext {
  entity: string;
  note: string;
}

export interface ProposalReport {
  workflow_count: number;
  workflows: WorkflowBrief[];
  entities?: Record<string, EntityContext>;
  skipped_crud?: string[];
  skipped_crud_count?: number;
}

export interface AllCovered {
  status: 'all_covered';
  message: string;
}

export interface ProposeOptions {
  /** Propose for exactly these stories (covered or not). */
  storyIds?: readonly string[];
  /** Keep CRUD-only groups, recommended as processes. @default false */
  includeCrud?: boolean;
  /** The app of each definition, for inputs holding several apps (see `analyseCoverage`). */
  appOf?: AppOf;
}

/** A brief plus the kind of cluster it came from (for `--dsl`). */
export interface Cluster {
  kind: BriefKind;
  brief: WorkflowBrief;
  stories: StorySpec[];
}

export function proposeWorkflows(
  ir: Pick<AppIR, 'processes' | 'schedules' | 'stories'>,
  options: ProposeOptions = {},
): ProposalReport | AllCovered {
  const clusters = proposeClusters(ir, options);
  if (clusters === undefined)
    return { status: 'all_covered', message: 'All stories are fully covered by processes.' };
  const workflows: WorkflowBrief[] = [];
  const skipped: string[] = [];
  for (const cluster of clusters) {
    if (cluster.brief.recommendation === 'process_not_recommended') {
      if (cluster.brief.entity && !skipped.includes(cluster.brief.entity)) skipped.push(cluster.brief.entity);
      continue;
    }
    workflows.push(cluster.brief);
  }
  const report: ProposalReport = { workflow_count: workflows.length, workflows };
  const entities = [...new Set(workflows.flatMap((w) => (w.entity ? [w.entity] : [])))];
  if (entities.length > 0) {
    report.entities = Object.fromEntries(
      entities.map((e) => [e, { entity: e, note: 'Entity not found in the inputs' }]),
    );
  }
  if (skipped.length > 0) {
    report.skipped_crud = skipped;
    report.skipped_crud_count = skipped.length;
  }
  return report;
}

/** The clusters behind the briefs, or undefined when every story is covered. */
export function proposeClusters(
  ir: Pick<AppIR, 'processes' | 'schedules' | 'stories'>,
  options: ProposeOptions = {},
): Cluster[] | undefined {
  const implementers = implementingLookup([...ir.processes, ...ir.schedules], ir.stories, options.appOf);
  const wanted = options.storyIds ? new Set(options.storyIds) : undefined;
  const targets = ir.stories.filter((s) => {
    if (wanted) return wanted.has(s.story_id);
    if (s.status === 'rejected') return false;
    const implementing = implementers(s);
    return implementing.length === 0 || missingAspects(s, implementing).length > 0;
  });
  if (targets.length === 0) return undefined;
  const clusters = clusterStories(targets);
  if (!options.includeCrud) return clusters;
  return clusters.map((c) =>
    c.brief.recommendation === 'process_not_recommended'
      ? {
          ...c,
          brief: {
            ...c.brief,
            recommendation: 'compose_process',
            design_questions: designQuestions(c.stories),
          },
        }
      : c,
  );
}

/** The story's entities: Dazzle's `scope`, our DSL's `entities`. */
export const storyEntities = (s: StorySpec): string[] => s.entities ?? [];
const storyActor = (s: StorySpec): string | undefined => s.persona;

/** A story a surface's CRUD handler already fulfils: user-initiated, one entity, CRUD/UI outcomes only. */
export function isCrudStory(story: StorySpec): boolean {
  if (story.trigger !== 'form_submitted' && story.trigger !== 'user_click') return false;
  if (story.unless.length > 0 || storyEntities(story).length !== 1 || story.then.length === 0) return false;
  let crud = false;
  for (const { expression } of story.then) {
    const words = expression.toLowerCase().split(/\s+/);
    if (words.some((w) => CRUD_OUTCOME_WORDS.has(w))) crud = true;
    else if (!words.some((w) => UI_FEEDBACK_WORDS.has(w))) return false;
  }
  return crud;
}

export function classifyStory(story: StorySpec): BriefKind {
  if (isCrudStory(story)) return 'crud';
  switch (story.trigger) {
    case 'status_changed':
      return 'lifecycle';
    case 'cron_daily':
    case 'cron_hourly':
      return 'scheduled';
    case 'external_event':
    case 'timer_elapsed':
      return 'events';
    default:
      return 'workflow';
  }
}

const KIND_ORDER: readonly BriefKind[] = ['crud', 'lifecycle', 'scheduled', 'events', 'workflow'];

const BRIEF_TEXT: Record<BriefKind, (entity: string) => { title: string; reason: string }> = {
  crud: (e) => ({
    title: `${e} CRUD Operations`,
    reason:
      'These stories describe standard create/read/update/delete operations that are handled by surface CRUD handlers. No process needed.',
  }),
  lifecycle: (e) => ({
    title: `${e} Lifecycle`,
    reason: `Stories drive status transitions on ${e}. Compose a process that orchestrates this lifecycle.`,
  }),
  scheduled: (e) => ({ title: `${e} Scheduled Tasks`, reason: `Scheduled operations on ${e}.` }),
  events: (e) => ({ title: `${e} Event Handling`, reason: `External event-driven operations on ${e}.` }),
  workflow: (e) => ({
    title: `${e} Workflow`,
    reason: `Non-CRUD operations on ${e} that need orchestration.`,
  }),
};

function clusterStories(stories: readonly StorySpec[]): Cluster[] {
  const groups = new Map<string, StorySpec[]>();
  const unscoped: StorySpec[] = [];
  for (const story of stories) {
    const entity = storyEntities(story)[0];
    if (entity === undefined) unscoped.push(story);
    else groups.set(entity, [...(groups.get(entity) ?? []), story]);
  }
  const clusters: Cluster[] = [];
  for (const [entity, group] of groups) {
    for (const kind of KIND_ORDER) {
      const members = group.filter((s) => classifyStory(s) === kind);
      if (members.length === 0) continue;
      const { title, reason } = BRIEF_TEXT[kind](entity);
      const recommendation: Recommendation = kind === 'crud' ? 'process_not_recommended' : 'compose_process';
      clusters.push({
        kind,
        stories: members,
        brief: brief(`${slugify(entity)}_${kind}`, title, members, entity, recommendation, reason),
      });
    }
  }
  if (unscoped.length > 0) {
    const b = brief(
      'unscoped_workflow',
      'Unscoped Workflow',
      unscoped,
      null,
      'compose_process',
      'Stories without a primary entity scope.',
    );
    clusters.push({ kind: 'workflow', stories: unscoped, brief: b });
  }
  return clusters;
}

function brief(
  name: string,
  title: string,
  stories: StorySpec[],
  entity: string | null,
  recommendation: Recommendation,
  reason: string,
): WorkflowBrief {
  const b: WorkflowBrief = {
    name,
    title,
    implements: stories.map((s) => s.story_id),
    story_summaries: stories.map((s) => ({
      story_id: s.story_id,
      title: s.title,
      trigger: s.trigger ?? null,
      actor: storyActor(s) ?? null,
    })),
    entity,
    design_questions: recommendation === 'compose_process' ? designQuestions(stories) : [],
    recommendation,
    reason,
  };
  const checklist = reviewChecklist(stories);
  if (checklist.length > 0 && recommendation === 'compose_process') b.review_checklist = checklist;
  return b;
}

const AUTOMATED_TRIGGERS = new Set(['cron_daily', 'cron_hourly', 'external_event', 'timer_elapsed']);
const INTEGRATION_WORDS = new Set(['api', 'hmrc', 'xero', 'sync', 'file', 'pull', 'submit', 'webhook']);

export function designQuestions(stories: readonly StorySpec[]): string[] {
  const questions: string[] = [];
  if (stories.some((s) => s.trigger !== undefined && AUTOMATED_TRIGGERS.has(s.trigger))) {
    questions.push(
      'What triggers this workflow? Consider: scheduled job, webhook, or event from another process.',
    );
  }
  const actors = [...new Set(stories.flatMap((s) => storyActor(s) ?? []))].sort();
  if (actors.length > 1) {
    questions.push(`Multiple actors involved (${actors.join(', ')}). How are handoffs between them managed?`);
  }
  if (stories.some((s) => s.unless.length > 0)) {
    questions.push('Exception paths exist. Are compensations needed if a step fails?');
  }
  if (new Set(stories.flatMap(storyEntities)).size > 1) {
    questions.push(
      "Multiple entities in scope. What's the failure/retry strategy for cross-entity operations?",
    );
  }
  const integration = stories.filter((s) =>
    s.title
      .toLowerCase()
      .split(/\s+/)
      .some((w) => INTEGRATION_WORDS.has(w)),
  );
  if (integration.length > 0) {
    const ids = integration
      .slice(0, 3)
      .map((s) => s.story_id)
      .join(', ');
    questions.push(
      `Stories reference external integrations (${ids}). What is the failure/retry/compensation strategy for API calls?`,
    );
  }
  return questions;
}

export function reviewChecklist(stories: readonly StorySpec[]): ChecklistItem[] {
  return stories.flatMap((s) =>
    s.unless.map((e) => ({
      story_id: s.story_id,
      type: 'exception' as const,
      obligation: e.condition,
      verify: `Process must handle: ${e.condition} → ${e.then_outcomes.join(', ')}`,
    })),
  );
}

/** Dazzle's slug: lower case, punctuation dropped, spaces and dashes to `_`, at most 30 characters. */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .trim()
    .replace(/[^\p{L}\p{N}_\s-]/gu, '')
    .replace(/[-\s]+/g, '_')
    .slice(0, 30);
}

/** The briefs as text. */
export function formatProposals(report: ProposalReport | AllCovered): string {
  if ('status' in report) return report.message;
  const lines: string[] = [];
  for (const w of report.workflows) {
    lines.push(`${w.name} — ${w.title} [${w.recommendation}]`, `  ${w.reason}`);
    for (const s of w.story_summaries) {
      lines.push(`  ${s.story_id} ${s.title} (${s.trigger ?? 'no trigger'}${s.actor ? `, ${s.actor}` : ''})`);
    }
    for (const q of w.design_questions) lines.push(`  ? ${q}`);
    for (const c of w.review_checklist ?? []) lines.push(`  ☐ ${c.story_id}: ${c.verify}`);
    lines.push('');
  }
  lines.push(`${report.workflow_count} workflow briefs`);
  if (report.skipped_crud)
    lines.push(`CRUD only, no process needed: ${report.skipped_crud.join(', ')} (--include-crud to keep)`);
  return lines.join('\n');
}
