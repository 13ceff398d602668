import type { StorySpec } from '../ir/types.ts';
import { type Cluster, storyEntities } from './propose.ts';

/**
 * A starting `process` block for a brief (beyond Dazzle, which only describes briefs): the trigger
 * its kind suggests, one service step per `then` outcome that declares it `satisfies` that outcome
 * (so coverage counts it once the services exist), the `unless` branches and design questions as
 * comments to resolve. The block parses and validates as it stands.
 */
export function briefToDsl(cluster: Cluster): string {
  const { brief, stories } = cluster;
  const entity = brief.entity ?? 'Item';
  const lines = [
    `# ${brief.reason}`,
    ...brief.design_questions.map((q) => `# TODO: ${q}`),
    ...statusNote(cluster, entity),
    `process ${identifier(brief.name)} ${quote(brief.title)}:`,
    `  ${quote(`Implements ${brief.implements.join(', ')}`)}`,
    `  implements: [${brief.implements.join(', ')}]`,
    '  trigger:',
    `    when: ${triggerFor(cluster, entity)}`,
  ];
  if (brief.entity) lines.push('  input:', `    ${snake(entity)}_id: uuid required`);
  lines.push('  steps:');
  // One step per distinct outcome; stories sharing an outcome share the step.
  const outcomes = new Map<string, { text: string; stories: string[] }>();
  for (const story of stories) {
    for (const { expression } of story.then) {
      const key = expression.trim().toLowerCase();
      const entry = outcomes.get(key) ?? { text: expression, stories: [] };
      if (!entry.stories.includes(story.story_id)) entry.stories.push(story.story_id);
      outcomes.set(key, entry);
    }
  }
  const names = new Set<string>();
  for (const { text, stories: ids } of outcomes.values()) {
    const name = uniqueName(names, stepName(text));
    lines.push(`    - step ${name}:`, `        service: ${name}`, '        satisfies:');
    for (const id of ids)
      lines.push(`          - story: ${quote(id)}`, `            outcome: ${quote(text)}`);
  }
  if (names.size === 0)
    lines.push(`    - step handle_${snake(entity)}:`, `        service: handle_${snake(entity)}`);
  for (const story of stories) {
    for (const exception of story.unless) {
      const then = exception.then_outcomes.join(', ');
      lines.push(`    # TODO ${story.story_id} unless ${exception.condition}${then ? ` → ${then}` : ''}`);
    }
  }
  lines.push(`  timeout: ${cluster.kind === 'lifecycle' ? '7d' : '1h'}`);
  return lines.join('\n');
}

function statusNote(cluster: Cluster, entity: string): string[] {
  const statuses = cluster.kind === 'lifecycle' ? targetStatuses(cluster.stories, entity) : [];
  return statuses.length > 1
    ? [
        `# TODO: the stories move ${entity} to ${statuses.join(', ')}: one process per transition, or one on '${entity} updated'?`,
      ]
    : [];
}

function triggerFor(cluster: Cluster, entity: string): string {
  switch (cluster.kind) {
    case 'lifecycle': {
      const to = targetStatus(cluster.stories, entity);
      return to ? `entity ${entity} status -> ${to}` : `entity ${entity} updated`;
    }
    case 'scheduled':
      return cluster.stories.some((s) => s.trigger === 'cron_hourly') ? 'interval 1h' : 'cron "0 8 * * *"';
    case 'events':
      return `signal ${identifier(`${snake(entity)}_event`)}`;
    case 'crud':
      return `entity ${entity} created`;
    case 'workflow':
      return cluster.stories.some((s) => storyEntities(s).length > 0 && s.trigger === 'form_submitted')
        ? `entity ${entity} created`
        : 'manual';
    default: {
      const never: never = cluster.kind;
      return never;
    }
  }
}

/** The status a lifecycle story moves its entity to: `Ticket.status becomes 'resolved'` → resolved. */
function targetStatus(stories: readonly StorySpec[], entity: string): string | undefined {
  return targetStatuses(stories, entity)[0];
}

/** Every status the stories move the entity to, in order of appearance. */
export function targetStatuses(stories: readonly StorySpec[], entity: string): string[] {
  const found: string[] = [];
  const pattern = new RegExp(
    `${entity}\\.status\\s+(?:becomes|is set to|changes to|moves to)\\s+'?([A-Za-z_][A-Za-z0-9_]*)`,
    'i',
  );
  for (const story of stories) {
    for (const { expression } of [...story.then, ...story.when]) {
      const match = pattern.exec(expression);
      if (match && !found.includes(match[1])) found.push(match[1]);
    }
  }
  return found;
}

/** A step name from an outcome: its words in snake case, cut at a word boundary near 40 characters. */
function stepName(outcome: string): string {
  const words = outcome
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
  let name = '';
  for (const word of words) {
    if (name && name.length + 1 + word.length > 40) break;
    name = name ? `${name}_${word}` : word;
  }
  return name.slice(0, 60) || 'step';
}

/** `TaskComment` → `task_comment` (the event input's `<entity_snake>_id`). */
const snake = (name: string): string =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_');

function uniqueName(taken: Set<string>, base: string): string {
  const stem = identifier(base);
  let name = stem;
  for (let n = 2; taken.has(name); n++) name = `${stem}_${n}`;
  taken.add(name);
  return name;
}

/** A valid DSL name: letters, digits and `_`, not starting with a digit. */
function identifier(text: string): string {
  const cleaned = text
    .replace(/[^A-Za-z0-9_]/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `w_${cleaned}`;
}

const quote = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
