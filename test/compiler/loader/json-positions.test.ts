import { describe, expect, it } from 'vitest';
import { pointer, scanJson } from '../../../compiler/loader/json-positions.ts';
import { loadProcessesJson } from '../../../compiler/loader/processes-json.ts';

describe('scanJson', () => {
  it('keeps a "__proto__" key an own property: it never sets the prototype', () => {
    const scan = scanJson('{"__proto__": {"polluted": true}, "a": 1}');
    expect(scan.ok).toBe(true);
    if (!scan.ok) return;
    const value = scan.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(value.polluted).toBeUndefined();
    expect(Object.keys(value)).toEqual(['__proto__', 'a']);
  });

  it('escapes "/" and "~" in pointers (RFC 6901), so the key "a/b" and the path a → b are two places', () => {
    const scan = scanJson('{\n"a/b": 1,\n"a": {"b": 2},\n"c~1": 3,\n"c/": 4\n}');
    if (!scan.ok) throw new Error(scan.message);
    expect(pointer(['a/b'])).toBe('a~1b');
    expect(pointer(['c~1'])).toBe('c~01');
    expect(scan.positions.get(pointer(['a/b']))).toEqual({ line: 2, column: 8 });
    expect(scan.positions.get(pointer(['a', 'b']))).toEqual({ line: 3, column: 12 });
    expect(scan.positions.get(pointer(['c~1']))).toEqual({ line: 4, column: 8 });
    expect(scan.positions.get(pointer(['c/']))).toEqual({ line: 5, column: 7 });
  });
});

describe('loadProcessesJson with a "__proto__" key', () => {
  it('reports it as an unknown key and loads the process without it', () => {
    const text = '{"version": "1.0", "processes": [{"name": "p", "__proto__": {"steps": [1]}, "steps": []}]}';
    const { ir, diagnostics } = loadProcessesJson({ name: 'processes.json', text });
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['DZ200', "unknown key '__proto__' at processes[0].__proto__ (skipped)"],
    ]);
    expect(ir.processes).toHaveLength(1);
    expect(Object.getPrototypeOf(ir.processes[0])).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).steps).toBeUndefined();
  });
});
