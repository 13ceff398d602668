import type { Location } from '../diagnostics/diagnostic.ts';

interface NodeLocations {
  at: Location;
  /** Made on the first field recorded (most nodes have none). */
  fields?: Map<string, Location>;
}

/**
 * Where each IR node (process, schedule, story, step, outcome, compensation, input, …) and each of
 * its fields was written. A side table, so the IR itself stays exactly Dazzle's JSON shape.
 */
export class SourceMap {
  /**
   * A Map, not a WeakMap: a source map lives as long as the IR it describes (one compile), and a
   * WeakMap's ephemeron entries made every garbage collection during compilation markedly slower.
   */
  private readonly nodes = new Map<object, NodeLocations>();

  set(node: object, at: Location): void {
    const existing = this.nodes.get(node);
    if (existing) existing.at = at;
    else this.nodes.set(node, { at });
  }

  setField(node: object, field: string, at: Location): void {
    let entry = this.nodes.get(node);
    if (!entry) {
      entry = { at };
      this.nodes.set(node, entry);
    }
    entry.fields ??= new Map();
    entry.fields.set(field, at);
  }

  /** The node's location, or `fallback` when the node was not recorded (e.g. built in code). */
  of(node: object, fallback: Location): Location {
    return this.nodes.get(node)?.at ?? fallback;
  }

  /** A field's location, else the node's, else `fallback`. */
  field(node: object, field: string, fallback: Location): Location {
    const entry = this.nodes.get(node);
    return entry?.fields?.get(field) ?? entry?.at ?? fallback;
  }

  /** Where `field` of `node` was written, or undefined when it was not (a default). */
  fieldAt(node: object, field: string): Location | undefined {
    return this.nodes.get(node)?.fields?.get(field);
  }

  has(node: object): boolean {
    return this.nodes.has(node);
  }

  /**
   * Records that a value field holds a string literal, not an expression: a quoted value on the right
   * of `->` (`- Task.title -> "Confirm period close"`), which Dazzle's IR stores without its quotes
   * and Dazzle's runtime uses as the string. Kept here, not in the IR, which is Dazzle's shape.
   */
  markLiteral(node: object, field: string): void {
    let fields = this.literals.get(node);
    if (!fields) {
      fields = new Set();
      this.literals.set(node, fields);
    }
    fields.add(field);
  }

  /** Whether `markLiteral` recorded the field as a string literal. */
  isLiteral(node: object, field: string): boolean {
    return this.literals.get(node)?.has(field) ?? false;
  }

  private readonly literals = new Map<object, Set<string>>();
}
