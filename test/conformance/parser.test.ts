import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProcessesJson } from '../../compiler/loader/processes-json.ts';
import { parseSource } from '../../compiler/parser/index.ts';
import { parse } from '../compiler/parser/harness.ts';
import { dazzleCorpus } from './corpus.ts';

/** Parser and processes.json loader on Dazzle's own files. */
const corpus = dazzleCorpus();

describe("the parser on Dazzle's corpus", () => {
  it.each([
    'acme_billing.processes.dsl',
    'design_studio.processes.dsl',
    'fieldtest_hub.processes.dsl',
    'hr_records.processes.dsl',
    'llm_ticket_classifier.processes.dsl',
    'project_tracker.processes.dsl',
    'support_tickets.processes.dsl',
    'simple_task.processes.dsl',
  ])('parses the title: and form: that Dazzle drops in %s, with nothing dropped', (file) => {
    const result = parse(readFileSync(resolve(corpus, file), 'utf8'), file);
    expect(result.diagnostics).toEqual([]);
    const tasks = result.ir.processes
      .flatMap((p) => p.steps)
      .flatMap((s) => (s.kind === 'human_task' ? [s.human_task] : []));
    expect(tasks.length).toBeGreaterThan(0);
    for (const task of tasks) {
      expect(task.title).toMatch(/\S/);
      expect(task.form?.map((f) => f.name)).toContain('notes');
      expect(task.form?.[0]).toMatchObject({ type: 'bool', required: true });
      expect(task.timeout_seconds).toBe(14400);
    }
  });
});

describe("the processes.json loader on Dazzle's corpus", () => {
  it('loads what the parser produces, unchanged (fixture_pra)', () => {
    const text = readFileSync(resolve(corpus, 'fixture_pra.processes.dsl'), 'utf8');
    const parsed = parseSource({ name: 'fixture_pra.processes.dsl', text }).ir.processes;
    const json = JSON.stringify({ version: '1.0', processes: parsed }, null, 2);
    const loaded = loadProcessesJson({ name: 'processes.json', text: json });
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.ir.processes).toEqual(JSON.parse(JSON.stringify(parsed)));
  });
});
