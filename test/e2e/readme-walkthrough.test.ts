/**
 * The README's walkthrough, copied literally: `dazzle-sfn dev` started as `npm start` starts it
 * (on a free port instead of 3000), and each `curl` of the README's block run by `sh` with the
 * substitutions a reader makes (the port, TASK_ID, EXECUTION_NAME). Step 4 shows the process's
 * declared output. Also local/README.md's Signal event starts handle_chargeback with valid input.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, until } from './harness.ts';

let child: ChildProcess;
let exited: Promise<unknown>;
let base = '';

beforeAll(async () => {
  // package.json's `start`: dev examples/dsl --services examples/services.
  child = spawn(
    process.execPath,
    ['bin/dazzle-sfn.js', 'dev', 'examples/dsl', '--services', 'examples/services', '--port', '0'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  exited = new Promise((done) => child.once('exit', done));
  base = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`the dev server did not start:\n${text}`)), 50_000);
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const m = /ready on (http:\/\/\S+)/.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  });
}, 60_000);

afterAll(async () => {
  child?.kill('SIGTERM');
  await exited;
});

/** The commands of a ```sh block (continuations joined, comments dropped), ports pointed at `base`. */
function commands(markdown: string, firstLine: string): string[] {
  const start = markdown.indexOf(firstLine);
  expect(start, firstLine).toBeGreaterThan(-1);
  const block = markdown.slice(start, markdown.indexOf('\n```', start));
  return block
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('#'))
    .map((line) => line.trim().replaceAll('http://127.0.0.1:3000', base));
}

/** Runs one command line as a shell does; its stdout as JSON. */
// biome-ignore lint/suspicious/noExplicitAny: the expectations below check the answers' shapes.
function sh(command: string): Record<string, any> {
  return JSON.parse(execFileSync('sh', ['-c', command], { encoding: 'utf8' }));
}

describe("the README's walkthrough, copied literally", () => {
  it('starts reopen_expense, finds and completes the task, and shows the result with its output', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const [start, tasks, complete, result, ...rest] = commands(readme, '# 1. start a process');
    expect(rest).toEqual([]);
    const started = sh(start);
    expect(started).toMatchObject({
      executionId: expect.stringContaining(':execution:process-reopen_expense:'),
    });
    const task = await until(
      async () => sh(tasks).tasks?.find((t: { step: string }) => t.step === 'manager_review'),
      'the manager_review task',
    );
    expect(sh(complete.replace('TASK_ID', task.id)).task).toMatchObject({ status: 'completed' });
    const run = await until(async () => {
      const r = sh(result.replace('EXECUTION_NAME', started.name)).execution;
      return r?.status === 'RUNNING' ? undefined : r;
    }, 'the run to end');
    expect(run).toMatchObject({
      process: 'reopen_expense',
      status: 'SUCCEEDED',
      output: { decision: { outcome: 'approve', data: { approved: true }, completed_by: 'bob' } },
    });
  }, 60_000);

  it("local/README.md's Signal event starts handle_chargeback, whose input is valid", async () => {
    const local = readFileSync(join(ROOT, 'local/README.md'), 'utf8');
    const signal = commands(local, 'curl -s -X POST http://127.0.0.1:3000/events').find((c) =>
      c.includes('chargeback_received'),
    );
    const put = sh(signal ?? '');
    expect(put.started).toHaveLength(1);
    const name = String(put.started[0]).split(':').at(-1);
    const listed = await until(async () => {
      const all = sh(`curl -s '${base}/executions?process=handle_chargeback'`).executions;
      return all.find((e: { name: string; transitions: number }) => e.name === name && e.transitions > 1);
    }, 'handle_chargeback to run');
    // Waiting for the finance review, not failed on its input (Process.InvalidInput).
    expect(listed).toMatchObject({ status: 'RUNNING' });
  }, 30_000);
});
