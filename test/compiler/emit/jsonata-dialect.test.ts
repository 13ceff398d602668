import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { triggerRouterDefinition } from '../../../compiler/emit/router.ts';

/**
 * Step Functions evaluates JSONata 2.0.6 without `$eval` ("Transforming data with JSONata in Step
 * Functions": "All built-in JSONata functions and operators in the 2.0.6 specification are
 * supported, with one exception: $eval is not available"). The jsonata package we test with is
 * newer, so an expression using a later operator (`??`, `?:`, both 2.1.0) would pass every local
 * test and fail on deploy. Every expression of every golden definition is checked here.
 */
const GOLDEN = resolve(dirname(fileURLToPath(import.meta.url)), '../golden/expected');

function* aslFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* aslFiles(path);
    else if (entry.name.endsWith('.asl.json')) yield path;
  }
}

function* expressions(value: unknown): Generator<string> {
  if (typeof value === 'string') {
    const m = /^\{%([\s\S]*)%\}$/.exec(value);
    if (m) yield m[1];
  } else if (Array.isArray(value)) {
    for (const v of value) yield* expressions(v);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) yield* expressions(v);
  }
}

/** The expression with string literals blanked, so `'a ?? b'` inside quotes is not a finding. */
const code = (expr: string) => expr.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, "''");

describe('emitted JSONata stays within what Step Functions runs', () => {
  const files = [...aslFiles(GOLDEN)];

  it('finds the golden definitions', () => {
    expect(files.length).toBeGreaterThan(40);
  });

  it.each(files.map((f) => [f.slice(GOLDEN.length + 1), f]))('%s', (_name, file) => {
    const definition = JSON.parse(readFileSync(file, 'utf8'));
    for (const expr of expressions(definition)) {
      const text = code(expr);
      expect(text, expr).not.toMatch(/\?\?|\?:|\$eval\s*\(/);
      expect(() => jsonata(expr), expr).not.toThrow();
    }
  });

  it('the trigger router (compiler/emit/router.ts) too', () => {
    const found = [...expressions(triggerRouterDefinition())];
    expect(found.length).toBeGreaterThan(5);
    for (const expr of found) {
      expect(code(expr), expr).not.toMatch(/\?\?|\?:|\$eval\s*\(/);
      expect(() => jsonata(expr), expr).not.toThrow();
    }
  });

  it('would catch a 2.1-only operator', () => {
    expect(code("$x ?? 'a ?? b'")).toMatch(/\?\?/);
    expect(code("'only ?? in a string'")).not.toMatch(/\?\?/);
  });
});
