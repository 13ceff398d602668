/**
 * Fresh copies of the deployed Lambda entry points (`lambdas/<name>/handler.ts` → `handler`), as at
 * a cold start: each builds its deps (and its logger) from `process.env` on first use, so a test
 * sets the environment of the stage it plays, then loads them.
 */
import { vi } from 'vitest';

// biome-ignore lint/suspicious/noExplicitAny: a test drives each entry point with its own event shapes.
export type Entry = (event: unknown) => Promise<any>;

export interface Entries {
  start: Entry;
  runRecord: Entry;
  signalDeliver: Entry;
  signalRegister: Entry;
  taskApi: Entry;
  taskRegister: Entry;
}

export function setEnv(values: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}

/** Sets `env` (undefined deletes a variable) and loads new instances of the HTTP and register handlers. */
export async function coldStart(env: Record<string, string | undefined>): Promise<Entries> {
  vi.resetModules();
  setEnv(env);
  const load = async (dir: string): Promise<Entry> =>
    ((await import(`../../../lambdas/${dir}/handler.ts`)) as { handler: Entry }).handler;
  return {
    start: await load('start'),
    runRecord: await load('run-record'),
    signalDeliver: await load('signal-deliver'),
    signalRegister: await load('signal-register'),
    taskApi: await load('task-api'),
    taskRegister: await load('task-register'),
  };
}
