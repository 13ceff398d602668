/**
 * Workflow variable scopes. The top-level states share one scope; each Parallel branch and each
 * inline Map iteration gets a child scope that reads the enclosing ones (a distributed Map
 * iteration is a child execution with a fresh scope). Inner states cannot assign outer variables:
 * that is rejected when the definition is registered (see compile.ts).
 */
export class Scope {
  /**
   * Its own variables; in a top-level scope after a `states` key (undefined), so that the object
   * is its own `bindingsBase()`, kept up to date by `assign` (an evaluation copies it and never
   * keeps it): building a base again after each Assign was a copy of every variable per state.
   */
  private readonly values: Record<string, unknown>;
  private flat: Record<string, unknown> | undefined;
  private base: Record<string, unknown> | undefined;
  /**
   * The byte size of its own variables (limits.ts keeps them, for AWS's limits on variables): a
   * sum that never undercounts, and, once that passes the limit, each variable's size (negated
   * when an upper bound) and their sum.
   */
  sizes: Map<string, number> | undefined = undefined;
  sizesTotal = 0;

  constructor(readonly parent?: Scope) {
    // `states` is no variable's name (compile.ts rejects it).
    this.values = parent ? {} : { states: undefined };
  }

  /** All visible variables, inner names shadowing outer ones. */
  variables(): Record<string, unknown> {
    if (!this.flat) {
      if (this.parent) this.flat = { ...this.parent.variables(), ...this.values };
      else {
        const { states: _, ...own } = this.values;
        this.flat = own;
      }
    }
    return this.flat;
  }

  /**
   * `variables()` with a `states` key (undefined), to copy as an evaluation's bindings: built
   * once per assignment, `states` first (added after a spread, a key gave each object a V8 map
   * of its own; copies of this one share its map).
   */
  bindingsBase(): Record<string, unknown> {
    if (!this.parent) return this.values;
    this.base ??= { states: undefined, ...this.parent.variables(), ...this.values };
    return this.base;
  }

  /** Calls `fn` with each of its own variables. */
  forEachOwn(fn: (name: string, value: unknown) => void): void {
    for (const name of Object.keys(this.values)) if (name !== 'states') fn(name, this.values[name]);
  }

  /** The value of one of its own variables. */
  own(name: string): unknown {
    return this.values[name];
  }

  /** Applies one state's assignments at once (they were all evaluated against the old values). */
  assign(values: Record<string, unknown>): void {
    Object.assign(this.values, values);
    this.flat = undefined;
    this.base = undefined;
  }
}
