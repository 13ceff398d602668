/**
 * Large inputs for the benches, made from the project's own example app (examples/dsl), so a fresh
 * clone can run them: `n` copies of its process and schedule files, each copy's workflows renamed
 * `<name>_c<i>` (references between them too), plus its stories once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceFile } from '../compiler/parser/index.ts';

const EXAMPLES = join(import.meta.dirname, '../examples/dsl');
const WORKFLOW = /^(?:process|schedule) ([a-z_0-9]+)/gm;
const HAS_WORKFLOW = /^(?:process|schedule) /m;

/** The example app's files as they are. */
export function exampleFiles(): SourceFile[] {
  return readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.dsl'))
    .sort()
    .map((f) => ({ name: f, text: readFileSync(join(EXAMPLES, f), 'utf8') }));
}

/** The example app's workflows per copy (processes, schedules). */
export function exampleShape(): { processes: number; schedules: number } {
  const text = exampleFiles()
    .map((f) => f.text)
    .join('\n');
  return {
    processes: [...text.matchAll(/^process /gm)].length,
    schedules: [...text.matchAll(/^schedule /gm)].length,
  };
}

/** `n` renamed copies of the example app's workflows (files `c<i>/<file>`), its stories once. */
export function exampleCopies(n: number): SourceFile[] {
  const files = exampleFiles();
  const names = files.flatMap((f) => [...f.text.matchAll(WORKFLOW)].map((m) => m[1]));
  const name = new RegExp(`\\b(${names.join('|')})\\b`, 'g');
  const workflows = files.filter((f) => HAS_WORKFLOW.test(f.text));
  const rest = files.filter((f) => !workflows.includes(f));
  const out: SourceFile[] = [...rest];
  for (let i = 0; i < n; i++)
    for (const f of workflows) out.push({ name: `c${i}/${f.name}`, text: f.text.replace(name, `$1_c${i}`) });
  return out;
}
