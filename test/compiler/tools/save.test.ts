import { describe, expect, it } from 'vitest';
import { loadProcessesJson } from '../../../compiler/loader/processes-json.ts';
import {
  declaredEntities,
  jsonPath,
  mergeProcesses,
  parseProcessSpecs,
  readStoredContainer,
  saveWarnings,
  serialiseContainer,
} from '../../../compiler/tools/save.ts';
import { app, appFiles } from './harness.ts';

const spec = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  implements: ['ST-1'],
  trigger: { kind: 'entity_status_transition', entity_name: 'Ticket', to_status: 'resolved' },
  steps: [{ name: 'notify', kind: 'service', service: 'notify_customer' }],
  ...extra,
});

describe('save: parsing ProcessSpec JSON', () => {
  it('accepts one spec, a list, or a container, applying Dazzle’s defaults', () => {
    for (const value of [
      spec('a'),
      [spec('a')],
      { version: '1.0', processes: [spec('a')] },
      { processes: [spec('a')] },
    ]) {
      const parsed = parseProcessSpecs(value);
      expect(parsed.errors).toEqual([]);
      expect(parsed.specs).toHaveLength(1);
      expect(parsed.specs[0]).toMatchObject({
        name: 'a',
        timeout_seconds: 86_400,
        overlap_policy: 'skip',
        steps: [{ name: 'notify', timeout_seconds: 30, parallel_policy: 'fail_fast', inputs: [] }],
      });
    }
  });

  it('names the JSON path of every schema error', () => {
    const bad = [spec('ok'), spec('bad', { steps: [{ name: 'x', kind: 'servise' }], timeout_seconds: -1 })];
    const { specs, errors } = parseProcessSpecs(bad);
    expect(specs).toEqual([]);
    expect(errors.map((e) => e.path).sort()).toEqual(['[1].steps[0].kind', '[1].timeout_seconds']);
    const container = parseProcessSpecs({ processes: [{ name: 'p', stepz: [] }] });
    expect(container.errors.map((e) => e.path)).toEqual(['processes[0]']);
    expect(container.errors[0].message).toMatch(/stepz/);
    expect(parseProcessSpecs({ steps: [{ name: 's', service: 3 }] }).errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['name', 'steps[0].service']),
    );
  });

  it('runs the compiler’s validation rules on each spec', () => {
    const { errors } = parseProcessSpecs(
      spec('p', { steps: [{ name: 'a', kind: 'service', service: 's', on_success: 'nowhere' }] }),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe('(root)');
    expect(errors[0].message).toMatch(/^DZ\d+ .*nowhere/);
  });

  it('rejects a name given twice, non-objects and stray container keys', () => {
    expect(parseProcessSpecs([spec('a'), spec('a')]).errors).toEqual([
      { path: '[1].name', message: "process 'a' appears twice" },
    ]);
    expect(parseProcessSpecs(42).errors[0].message).toMatch(/expected a ProcessSpec/);
    expect(parseProcessSpecs({ processes: [], extra: 1 }).errors[0].path).toBe('extra');
  });

  it('treats nulls as absent (Dazzle writes them)', () => {
    const parsed = parseProcessSpecs(spec('a', { title: null, events: { on_start: null } }));
    expect(parsed.errors).toEqual([]);
    expect(parsed.specs[0].title).toBeUndefined();
  });
});

describe('save: warnings', () => {
  it('warns on unknown stories and trigger entities, when any are known', () => {
    const specs = parseProcessSpecs([
      spec('a'),
      spec('b', {
        implements: ['ST-404'],
        trigger: { kind: 'entity_event', entity_name: 'Tikcet', event_type: 'created' },
      }),
    ]).specs;
    const ir = app('story ST-1 "S":\n  entities: [Ticket]\n  then:\n    - "x"\n');
    expect(saveWarnings(specs, { stories: ir.stories, entities: new Set(['Ticket']) })).toEqual([
      "Process 'b' references unknown story 'ST-404'",
      "Process 'b' trigger references unknown entity 'Tikcet'",
    ]);
    expect(saveWarnings(specs, { stories: [], entities: new Set() })).toEqual([]);
  });

  it('finds declared entities in DSL text', () => {
    expect([
      ...declaredEntities(['entity Ticket "T":\n  id: uuid\nentity User:\n', '  entity Nested']),
    ]).toEqual(['Ticket', 'User']);
  });
});

describe('save: merging into processes.json', () => {
  const existing = {
    version: '1.0',
    processes: [{ name: 'a', steps: [], custom_field: 'kept' }, { name: 'z' }],
  };

  it('skips names already saved unless overwrite', () => {
    const specs = parseProcessSpecs([spec('a'), spec('b')]).specs;
    const merged = mergeProcesses(existing, specs, false);
    expect(merged.saved).toEqual(['b']);
    expect(merged.skipped).toEqual(['a']);
    expect(merged.container.processes.map((p) => p.name)).toEqual(['a', 'z', 'b']);
    expect(merged.container.processes[0]).toEqual(existing.processes[0]);
  });

  it('replaces them with overwrite (the new one last, as Dazzle does)', () => {
    const specs = parseProcessSpecs([spec('a')]).specs;
    const merged = mergeProcesses(existing, specs, true);
    expect(merged).toMatchObject({ saved: ['a'], skipped: [] });
    expect(merged.container.processes.map((p) => p.name)).toEqual(['z', 'a']);
    expect(merged.container.processes[1].custom_field).toBeUndefined();
  });

  it('starts a new file at version 1.0, and what it writes loads back unchanged', () => {
    const specs = parseProcessSpecs([spec('a'), spec('b')]).specs;
    const text = serialiseContainer(mergeProcesses(undefined, specs, false).container);
    expect(JSON.parse(text).version).toBe('1.0');
    expect(text.endsWith('}\n')).toBe(true);
    const loaded = loadProcessesJson({ name: 'processes.json', text });
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.ir.processes).toEqual(specs);
  });

  it('refuses to merge into a file it cannot read', () => {
    expect(readStoredContainer('{')).toMatchObject({ error: expect.stringMatching(/not valid JSON/) });
    expect(readStoredContainer('[]')).toEqual({ error: 'expected {"version", "processes": [ … ]}' });
    expect(readStoredContainer('{"processes":[{"title":"x"}]}')).toEqual({
      error: 'processes[0] has no name',
    });
    expect(readStoredContainer('{"processes":[{"name":"x"}]}')).toEqual({
      version: '1.0',
      processes: [{ name: 'x' }],
    });
  });

  it('saves a fixture process round trip: IR → JSON → save → load', () => {
    const ir = app(...appFiles('helpdesk'));
    const json = JSON.parse(JSON.stringify(ir.processes.map(({ source: _s, ...p }) => p)));
    const parsed = parseProcessSpecs(json);
    expect(parsed.errors).toEqual([]);
    const loaded = loadProcessesJson({
      name: 'processes.json',
      text: serialiseContainer(mergeProcesses(undefined, parsed.specs, false).container),
    });
    expect(loaded.ir.processes.map((p) => p.name)).toEqual(ir.processes.map((p) => p.name));
  });

  it('formats JSON paths', () => {
    expect(jsonPath(['processes', 0, 'steps', 2, 'kind'])).toBe('processes[0].steps[2].kind');
    expect(jsonPath([1, 'name'])).toBe('[1].name');
    expect(jsonPath([])).toBe('(root)');
  });
});
