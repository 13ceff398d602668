/** Variable scopes (scope.ts): what an evaluation binds and what a snapshot saves. */
import { describe, expect, it } from 'vitest';
import { Scope } from '../../../local/asl/scope.ts';

describe('Scope', () => {
  it('binds `states` first and the variables as assigned; a copy keeps the values it was taken with', () => {
    const top = new Scope();
    top.assign({ a: 1, b: [1] });
    const before = { ...top.bindingsBase() };
    top.assign({ b: 2, c: 'x' });
    expect(Object.keys(before)).toEqual(['states', 'a', 'b']);
    expect(before).toEqual({ states: undefined, a: 1, b: [1] });
    expect(Object.keys(top.bindingsBase())).toEqual(['states', 'a', 'b', 'c']);
    expect({ ...top.bindingsBase() }).toEqual({ states: undefined, a: 1, b: 2, c: 'x' });
  });

  it('lists variables without `states`, inner names shadowing outer ones', () => {
    const top = new Scope();
    top.assign({ a: 1, b: 2 });
    expect(top.variables()).toEqual({ a: 1, b: 2 });
    expect(Object.keys(top.variables())).toEqual(['a', 'b']);
    const inner = new Scope(top);
    inner.assign({ b: 3 });
    expect(inner.variables()).toEqual({ a: 1, b: 3 });
    expect(inner.bindingsBase()).toEqual({ states: undefined, a: 1, b: 3 });
    const names: string[] = [];
    top.forEachOwn((name) => names.push(name));
    expect(names).toEqual(['a', 'b']);
    top.assign({ a: 5 });
    expect(top.variables()).toEqual({ a: 5, b: 2 });
    expect(new Scope(top).variables()).toEqual({ a: 5, b: 2 });
  });
});
