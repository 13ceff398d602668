import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProcessStep } from '../../compiler/ir/types.ts';
import { parseSource } from '../../compiler/parser/index.ts';
import { dazzleCorpus } from './corpus.ts';

/**
 * Our IR of every corpus file has the field names of Dazzle's pydantic models (manwithacat/dazzle,
 * src/dazzle/core/ir/process.py, stories.py, params.py), for the parts the reference IR files do
 * not cover: step effects, schedule params and stories. Our extensions are listed as such.
 */
const STEP_EFFECT = ['action', 'entity_name', 'where', 'assignments'];
const FIELD_ASSIGNMENT = ['field_path', 'value'];
const PARAM_REF = ['key', 'param_type', 'default'];
const STORY_SPEC = [
  'story_id',
  'title',
  'description',
  'persona',
  'trigger',
  'entities',
  'given',
  'when',
  'then',
  'unless',
  'status',
  'executed_by',
  'narrative_only',
  'source',
];

const corpus = dazzleCorpus();
const files = readdirSync(corpus)
  .filter((f) => f.endsWith('.dsl'))
  .sort()
  .map((name) => ({ name, ir: parseSource({ name, text: readFileSync(join(corpus, name), 'utf8') }).ir }));

function* stepsOf(steps: readonly ProcessStep[]): Generator<ProcessStep> {
  for (const step of steps) {
    yield step;
    yield* stepsOf(step.parallel_steps);
    yield* stepsOf(step.foreach_steps);
  }
}

const keysWithin = (value: object, allowed: string[]) =>
  expect(Object.keys(value).filter((k) => !allowed.includes(k))).toEqual([]);

describe("our IR uses the field names of Dazzle's models", () => {
  it('has corpus files with stories, schedules and outcome sets to check', () => {
    expect(files.flatMap((f) => f.ir.stories).length).toBeGreaterThan(50);
    expect(files.flatMap((f) => f.ir.schedules).length).toBeGreaterThan(3);
  });

  for (const { name, ir } of files) {
    it(`${name}: effects, sets, schedule params and stories`, () => {
      for (const workflow of [...ir.processes, ...ir.schedules]) {
        for (const step of stepsOf(workflow.steps)) {
          for (const effect of step.effects) {
            keysWithin(effect, STEP_EFFECT);
            expect(Array.isArray(effect.assignments)).toBe(true);
            for (const a of effect.assignments) keysWithin(a, FIELD_ASSIGNMENT);
          }
          if (step.kind === 'human_task') {
            for (const o of step.human_task.outcomes) for (const a of o.sets) keysWithin(a, FIELD_ASSIGNMENT);
          }
        }
      }
      for (const schedule of ir.schedules) {
        for (const value of [schedule.cron, schedule.timezone, schedule.timeout_seconds]) {
          if (value !== null && typeof value === 'object')
            expect(Object.keys(value).sort()).toEqual([...PARAM_REF].sort());
        }
        expect(schedule).not.toHaveProperty('timeout_param');
      }
      for (const story of ir.stories) {
        keysWithin(JSON.parse(JSON.stringify(story)), STORY_SPEC);
        expect(Array.isArray(story.entities)).toBe(true);
      }
    });
  }
});
