import { describe, expect, it } from 'vitest';
import { checkSources, loadSources } from '../../compiler/frontend.ts';

const proc = (name: string, timeout = '1m') =>
  `process ${name}:\n  trigger:\n    when: manual\n  steps:\n    - step a:\n        service: x\n  timeout: ${timeout}\n`;
const codes = (files: { name: string; text: string }[]) =>
  checkSources(files).diagnostics.map((d) => [d.file, d.code, d.line, d.column]);

describe('checkSources', () => {
  it('merges processes, schedules and stories of all files', () => {
    const { ir, diagnostics } = checkSources([
      { name: 'a.dsl', text: proc('p') },
      { name: 'b.dsl', text: 'schedule s:\n  interval: 1h\n  steps:\n    - step a:\n        service: x\n' },
      { name: 'c.dsl', text: 'story ST-1 "T":\n  persona: a\n' },
    ]);
    expect(diagnostics).toEqual([]);
    expect([ir.processes.length, ir.schedules.length, ir.stories.length]).toEqual([1, 1, 1]);
  });

  it('reports a name defined twice (DZ201) at the second definition and keeps the first', () => {
    expect(
      codes([
        { name: 'a.dsl', text: `module shop.a\n${proc('p')}` },
        { name: 'b.dsl', text: `module shop.b\n${proc('p', '2m')}` },
      ]),
    ).toEqual([['b.dsl', 'DZ201', 2, 9]]);
    const { ir } = loadSources([{ name: 'a.dsl', text: `${proc('p')}${proc('p', '2m')}` }]);
    expect(ir.processes.map((p) => p.timeout_seconds)).toEqual([60]);
  });

  it('scopes names by app (module root), so unrelated apps in one folder do not clash', () => {
    expect(
      codes([
        { name: 'a.dsl', text: 'module shop.stories\nstory ST-1 "A":\n  persona: a\n' },
        { name: 'b.dsl', text: 'module clinic.stories\nstory ST-1 "B":\n  persona: b\n' },
      ]),
    ).toEqual([]);
  });

  it('lets a DSL process replace a processes.json one of the same name, with a warning (DZ207)', () => {
    const json = JSON.stringify({
      version: '1.0',
      processes: [{ name: 'p', timeout_seconds: 5 }, { name: 'q' }],
    });
    const { ir, diagnostics } = loadSources([
      { name: 'processes.json', text: json },
      { name: 'a.dsl', text: proc('p') },
    ]);
    expect(diagnostics.map((d) => [d.file, d.code, d.line])).toEqual([['a.dsl', 'DZ207', 1]]);
    expect(ir.processes.map((p) => [p.name, p.timeout_seconds])).toEqual([
      ['p', 60],
      ['q', 86400],
    ]);
  });

  it('sorts diagnostics by file, line and column', () => {
    const diagnostics = checkSources([
      { name: 'b.dsl', text: 'process p:\n  timeout: 1x\n  bogus: 1\n' },
      { name: 'a.dsl', text: 'process q:\n  bogus: 1\n' },
    ]).diagnostics;
    const keys = diagnostics.map((d) => `${d.file}:${String(d.line).padStart(4, '0')}`);
    expect(keys).toEqual([...keys].sort());
    expect(keys[0].startsWith('a.dsl')).toBe(true);
  });
});
