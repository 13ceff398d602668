import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scanJson } from '../../../compiler/loader/json-positions.ts';
import { jsonPath, loadProcessesJson } from '../../../compiler/loader/processes-json.ts';
import { parseSource } from '../../../compiler/parser/index.ts';

/** Our own DSL files (fixtures and the example app). */
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const load = (text: string) => loadProcessesJson({ name: 'processes.json', text });
const codes = (text: string) => load(text).diagnostics.map((d) => [d.code, d.line, d.column]);

describe('processes.json loader', () => {
  // processes.json holds processes only (Dazzle's ProcessSpec list).
  it.each([
    'test/fixtures/apps/helpdesk.processes.dsl',
    'test/fixtures/dazzle-docs/processes.dsl',
    'examples/dsl/orders.dsl',
  ])('loads what the parser produces, unchanged (%s)', (file) => {
    const text = readFileSync(resolve(repo, file), 'utf8');
    const parsed = parseSource({ name: file, text }).ir.processes;
    expect(parsed.length).toBeGreaterThan(0);
    const loaded = load(JSON.stringify({ version: '1.0', processes: parsed }, null, 2));
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.ir.processes).toEqual(JSON.parse(JSON.stringify(parsed)));
  });

  it('applies Dazzle’s defaults and treats null as absent', () => {
    const { ir, diagnostics } = load(
      '{"version": "1.0", "processes": [{"name": "p", "title": null, "steps": [{"name": "s", "service": "x", "retry": {}}]}]}',
    );
    expect(diagnostics).toEqual([]);
    expect(ir.processes[0]).toMatchObject({
      name: 'p',
      implements: [],
      timeout_seconds: 86400,
      overlap_policy: 'skip',
      events: {},
      steps: [
        {
          name: 's',
          kind: 'service',
          timeout_seconds: 30,
          query_limit: 1000,
          retry: {
            max_attempts: 3,
            backoff: 'exponential',
            initial_interval_seconds: 1,
            backoff_coefficient: 2,
            max_interval_seconds: 60,
          },
        },
      ],
    });
    expect(ir.processes[0]).not.toHaveProperty('title');
  });

  it('locates JSON syntax errors (DZ700)', () => {
    expect(codes('{\n  "version": "1.0",\n  "processes": [,]\n}')).toEqual([['DZ700', 3, 17]]);
    expect(codes('{"version": "1.0"')).toEqual([['DZ700', 1, 18]]);
    expect(codes('')).toEqual([['DZ700', 1, 1]]);
  });

  it('names the JSON path of a schema error and points at the value (DZ701)', () => {
    const text =
      '{\n  "version": "1.0",\n  "processes": [\n    {"name": "p", "steps": [{"name": "s", "kind": "lambda"}]}\n  ]\n}';
    const { diagnostics, ir } = load(text);
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['DZ701', 4, 51]]);
    expect(diagnostics[0].message).toContain('processes[0].steps[0].kind');
    expect(ir.processes).toEqual([]);
  });

  it('keeps the valid processes when another one is broken', () => {
    const { ir, diagnostics } = load('{"processes": [{"name": "good"}, {"title": "no name"}]}');
    expect(ir.processes.map((p) => p.name)).toEqual(['good']);
    expect(diagnostics.map((d) => d.code)).toEqual(['DZ701']);
    expect(diagnostics[0].message).toContain('processes[1].name');
  });

  it('warns about unknown keys (DZ200), skips them and loads the rest', () => {
    const { ir, diagnostics } = load(
      '{"processes": [{"name": "p", "owner": "me", "steps": [{"name": "s", "service": "x", "color": 1}]}]}',
    );
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ['DZ200', 1, 39],
      ['DZ200', 1, 94],
    ]);
    expect(diagnostics[1].message).toContain('processes[0].steps[0].color');
    expect(ir.processes[0].steps[0]).not.toHaveProperty('color');
  });

  it('rejects a document that is not {version, processes}', () => {
    expect(codes('[1, 2]')).toEqual([['DZ701', 1, 1]]);
  });

  it('fills the source map with the positions of nodes and fields', () => {
    const { ir, sourceMap } = load(
      '{"processes": [\n  {"name": "p",\n   "steps": [{"name": "s", "service": "x"}]}]}',
    );
    const none = { file: '?', line: 0, column: 0 };
    const step = ir.processes[0].steps[0];
    expect(sourceMap.of(ir.processes[0], none)).toEqual({ file: 'processes.json', line: 2, column: 3 });
    expect(sourceMap.field(step, 'service', none)).toEqual({ file: 'processes.json', line: 3, column: 39 });
  });
});

describe('JSON position scan', () => {
  it('records where every value starts', () => {
    const scan = scanJson('{"a": [1,\n  {"b": true}]}');
    expect(scan.ok && Object.fromEntries(scan.positions)).toEqual({
      '': { line: 1, column: 1 },
      a: { line: 1, column: 7 },
      'a/0': { line: 1, column: 8 },
      'a/1': { line: 2, column: 3 },
      'a/1/b': { line: 2, column: 9 },
    });
  });

  it('parses like JSON.parse', () => {
    const text = '{"s": "x\\n\\u00e9", "n": -1.5e3, "l": [true, false, null], "o": {}}';
    const scan = scanJson(text);
    expect(scan.ok && scan.value).toEqual(JSON.parse(text));
  });

  it('prints paths the way users read them', () => {
    expect(jsonPath(['processes', 0, 'steps', 2, 'kind'])).toBe('processes[0].steps[2].kind');
  });
});
