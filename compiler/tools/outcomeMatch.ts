import type { ProcessSpec, ProcessStep, ProcessTriggerSpec, ScheduleSpec } from '../ir/types.ts';

/**
 * Whether a story outcome is satisfied by the workflows that implement the story: Dazzle's
 * heuristics (`mcp/server/handlers/process/coverage.py`), reimplemented. In order:
 *  1. an explicit `satisfies` ref (on a step or an output) with the same outcome text, ignoring case;
 *  2. a significant word (longer than 3 characters) of the outcome inside a step, service,
 *     compensation or output name (or output description);
 *  3. UI feedback ("sees confirmation message") when some workflow implements the story at all;
 *  4. structure: a create/update/delete (or "save") step or service for a matching verb, or an
 *     entity status-transition trigger for status-like outcomes.
 *
 * Deliberate difference: Dazzle accepts a `satisfies` ref naming any story; here the ref's story
 * must be the story being checked (ignoring case), so one story's ref cannot cover another's.
 */

/** Words shorter than this+1 carry no meaning for matching. */
const MIN_MEANINGFUL_WORD_LENGTH = 3;

/** Outcomes that a plain create/read/update/delete screen produces. */
export const CRUD_OUTCOME_WORDS: ReadonlySet<string> = new Set([
  'saved',
  'created',
  'updated',
  'deleted',
  'displayed',
  'listed',
]);

/** UI feedback: needs no workflow step of its own. */
export const UI_FEEDBACK_WORDS: ReadonlySet<string> = new Set([
  'confirmation',
  'message',
  'success',
  'toast',
  'notification',
  'sees',
  'shown',
  'redirected',
  'navigated',
  'refreshed',
]);

/** A step or service named after a CRUD verb satisfies outcomes that use one of these words. */
const CRUD_VERB_OUTCOMES: Readonly<Record<'create' | 'update' | 'delete', readonly string[]>> = {
  create: ['created', 'saved', 'stored', 'persisted', 'added', 'recorded'],
  update: ['updated', 'modified', 'changed', 'saved', 'stored'],
  delete: ['deleted', 'removed', 'archived'],
};

/** A status-transition trigger satisfies outcomes that mention one of these. */
const STATUS_TRANSITION_WORDS: readonly string[] = [
  'status',
  'transition',
  'changed',
  'moved',
  'set to',
  'becomes',
  'timestamp',
  'recorded',
  'logged',
  'tracked',
];

/** A process or schedule, as far as matching cares. */
export type ImplementingWorkflow = ProcessSpec | ScheduleSpec;

/** What the implementing workflows offer to match a story's outcomes against. */
export interface MatchPool {
  /** Lower-cased names (steps, services, compensations, outputs) and output descriptions. */
  readonly texts: readonly string[];
  /** Lower-cased outcome texts of `satisfies` refs for this story. */
  readonly satisfied: ReadonlySet<string>;
  readonly workflows: readonly ImplementingWorkflow[];
}

const triggerOf = (w: ImplementingWorkflow): ProcessTriggerSpec | undefined =>
  'trigger' in w ? w.trigger : undefined;

/** Every step, nested ones (parallel branches, foreach bodies) included. */
export function flattenSteps(steps: readonly ProcessStep[]): ProcessStep[] {
  return steps.flatMap((s) => [s, ...flattenSteps(s.parallel_steps), ...flattenSteps(s.foreach_steps)]);
}

export function matchPool(storyId: string, workflows: readonly ImplementingWorkflow[]): MatchPool {
  const texts: string[] = [];
  const satisfied = new Set<string>();
  const story = storyId.toLowerCase();
  const addRefs = (refs: readonly { story: string; outcome: string }[]) => {
    for (const ref of refs)
      if (ref.story.trim().toLowerCase() === story) satisfied.add(normalise(ref.outcome));
  };
  for (const w of workflows) {
    for (const step of flattenSteps(w.steps)) {
      texts.push(step.name.toLowerCase());
      if (step.kind === 'service') texts.push(step.service.toLowerCase());
      addRefs(step.satisfies);
    }
    if ('compensations' in w) for (const c of w.compensations) texts.push(c.name.toLowerCase());
    if ('outputs' in w) {
      for (const out of w.outputs) {
        texts.push(out.name.toLowerCase());
        if (out.description) texts.push(out.description.toLowerCase());
        addRefs(out.satisfies);
      }
    }
  }
  return { texts, satisfied, workflows };
}

const normalise = (text: string): string => text.trim().toLowerCase();

/** True when the outcome (a `then` line or an `unless` condition) is satisfied by the pool. */
export function outcomeMatches(outcome: string, pool: MatchPool): boolean {
  const lower = normalise(outcome);
  if (pool.satisfied.has(lower)) return true;
  const words = lower.split(/\s+/).filter((w) => w !== '');
  const meaningful = words.filter((w) => w.length > MIN_MEANINGFUL_WORD_LENGTH);
  if (meaningful.some((word) => pool.texts.some((text) => text.includes(word)))) return true;
  if (pool.workflows.length > 0 && words.some((w) => UI_FEEDBACK_WORDS.has(w))) return true;
  return pool.workflows.some((w) => structurallySatisfies(lower, w));
}

function structurallySatisfies(outcome: string, workflow: ImplementingWorkflow): boolean {
  const mentions = (patterns: readonly string[]) => patterns.some((p) => outcome.includes(p));
  for (const step of workflow.steps) {
    const sources =
      step.kind === 'service'
        ? [step.service.toLowerCase(), step.name.toLowerCase()]
        : [step.name.toLowerCase()];
    for (const source of sources) {
      for (const [verb, patterns] of Object.entries(CRUD_VERB_OUTCOMES)) {
        if (source.includes(verb) && mentions(patterns)) return true;
      }
      if (source.includes('save') && mentions(CRUD_VERB_OUTCOMES.create)) return true;
    }
  }
  return triggerOf(workflow)?.kind === 'entity_status_transition' && mentions(STATUS_TRANSITION_WORDS);
}
