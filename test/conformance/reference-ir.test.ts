import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../compiler/parser/index.ts';
import { dazzleCorpus } from './corpus.ts';

const corpus = dazzleCorpus();
const referenceDir = join(corpus, 'reference-ir');
const references = readdirSync(referenceDir).filter((f) => f.endsWith('.ir.json'));

/** Fields whose value Dazzle cuts at the first dot (`service: Task.create` → `Task`); we keep it whole. */
const DOTTED_VALUE_FIELDS = new Set([
  'service',
  'channel',
  'message',
  'subprocess',
  'llm_intent',
  'entity_path',
  'assignee_role',
  'surface',
  'on_success',
  'on_failure',
  'on_true',
  'on_false',
  'goto',
  'compensate_with',
  'output_mapping',
  'entity_name',
  'process_name',
]);
/** Expressions: Dazzle re-joins tokens with spaces (`Invoice . total`); we keep them as written. */
const EXPRESSION_FIELDS = new Set(['condition', 'assignee_expression', 'where']);

/**
 * Applies the deliberate differences LANGUAGE.md names, and nothing else: ours keeps the whole
 * type text and dotted values; Dazzle's expressions have spaces around dots.
 */
function normalise(ours: unknown, theirs: unknown, key?: string): unknown {
  if (Array.isArray(ours) && Array.isArray(theirs)) return ours.map((o, i) => normalise(o, theirs[i]));
  if (ours && theirs && typeof ours === 'object' && typeof theirs === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(ours))
      out[k] = normalise(v, (theirs as Record<string, unknown>)[k], k);
    return out;
  }
  if (typeof ours !== 'string' || typeof theirs !== 'string') return ours;
  if (key === 'type' && /^[A-Za-z_]\w*/.exec(ours)?.[0] === theirs) return theirs;
  if (key && DOTTED_VALUE_FIELDS.has(key) && ours.split('.')[0] === theirs) return theirs;
  if (key && EXPRESSION_FIELDS.has(key) && ours === theirs.replace(/\s*\.\s*/g, '.')) return theirs;
  return ours;
}

describe('conformance with the IR of Dazzle’s parser', () => {
  it('has reference IR files to compare with', () => {
    expect(references.length).toBeGreaterThanOrEqual(15);
  });

  for (const reference of references) {
    const source = reference.replace(/\.ir\.json$/, '.dsl');
    it(`${source} parses to the reference IR`, () => {
      const expected = JSON.parse(readFileSync(join(referenceDir, reference), 'utf8'));
      const result = parseSource({ name: source, text: readFileSync(join(corpus, source), 'utf8') });
      expect(result.diagnostics).toEqual([]);
      const ours = JSON.parse(JSON.stringify(result.ir));
      expect(normalise(ours, expected)).toEqual(expected);
    });
  }

  it('keeps the whole type text, dotted values and expressions as written', () => {
    const text = readFileSync(join(corpus, 'fixture_pra.processes.dsl'), 'utf8');
    const { ir } = parseSource({ name: 'fixture_pra.processes.dsl', text });
    const byName = new Map(ir.processes.map((p) => [p.name, p]));
    expect(byName.get('new_user_onboarding')?.inputs[1].type).toBe('str(255)');
    const chain = byName.get('approval_chain')!;
    const check = chain.steps.find((s) => s.name === 'check_amount');
    expect(check?.kind === 'condition' && check.condition).toBe('Invoice.total > 10000');
    const first = chain.steps[0];
    expect(first.kind === 'human_task' && first.human_task.assignee_expression).toBe(
      'Invoice.submitted_by.manager',
    );
  });
});
