/**
 * A process and a schedule of one name on the command line: `process:x` / `schedule:x` pick one,
 * a bare name both have is a usage error (exit 2) listing both; `compile` writes both.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runIn } from './harness.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/names');
const DSL = join(FIXTURES, 'clash.dsl');
const SERVICES = join(FIXTURES, 'services');
const AMBIGUOUS =
  "dazzle-sfn: 'daily_report' names both process:daily_report and schedule:daily_report; write process:daily_report or schedule:daily_report";

const run = (...argv: string[]) => runIn(FIXTURES, ...argv);

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('a name that is both a process and a schedule', () => {
  it('compile writes a definition for each, named with its kind', async () => {
    const out = mkdtempSync(join(tmpdir(), 'dz-names-'));
    dirs.push(out);
    const r = await run('compile', DSL, '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'manifest.json',
      'process-daily_report.asl.json',
      'process-order_lifecycle.asl.json',
      'schedule-daily_report.asl.json',
    ]);
  });

  it.each([['inspect'], ['diagram'], ['run'], ['cost', '--only']])(
    '%s: the bare name is a usage error listing both',
    async (...args: string[]) => {
      const [command, ...options] = args;
      const r = await run(command, DSL, ...options, 'daily_report');
      expect(r.code).toBe(2);
      expect(r.err).toBe(AMBIGUOUS);
    },
  );

  it('inspect and diagram take process:x and schedule:x', async () => {
    const process = JSON.parse((await run('inspect', DSL, 'process:daily_report', '--json')).out);
    const schedule = JSON.parse((await run('inspect', DSL, 'schedule:daily_report', '--json')).out);
    expect([process.kind, process.title, process.steps[0].name]).toEqual([
      'process',
      'Daily Report (process)',
      'generate_report',
    ]);
    expect([schedule.kind, schedule.title, schedule.steps[0].name]).toEqual([
      'schedule',
      'Daily Report (schedule)',
      'generate',
    ]);
    expect(schedule.compiled.schedules[0]).toMatchObject({ expression: 'cron(0 8 * * ? *)' });
    const diagram = JSON.parse((await run('diagram', DSL, 'schedule:daily_report', '--json')).out);
    expect(diagram).toMatchObject({ process_name: 'daily_report', kind: 'schedule' });
    expect(diagram.diagram).toContain('generate');
  });

  it('run runs the one named, with its own services', async () => {
    const process = await run('run', DSL, 'process:daily_report', '--services', SERVICES);
    const schedule = await run('run', DSL, 'schedule:daily_report', '--services', SERVICES);
    expect(process.code, process.err).toBe(0);
    expect(schedule.code, schedule.err).toBe(0);
    expect(JSON.parse(process.out).steps).toContain('generate_report');
    expect(JSON.parse(schedule.out).steps).toContain('generate');
    expect(JSON.parse(process.out).execution).toContain(':process-daily_report:');
    expect(JSON.parse(schedule.out).execution).toContain(':schedule-daily_report:');
  });

  it('cost lists both, labelled with their kind, and --only takes either', async () => {
    const table = (await run('cost', DSL)).out;
    expect(table).toContain('process:daily_report');
    expect(table).toContain('schedule:daily_report');
    const only = JSON.parse((await run('cost', DSL, '--only', 'schedule:daily_report', '--json')).out);
    expect(only.workflows.map((w: { kind: string; name: string }) => `${w.kind}:${w.name}`)).toEqual([
      'schedule:daily_report',
    ]);
  });

  it('an unknown name is a usage error (exit 2) with the near names', async () => {
    const r = await run('inspect', DSL, 'daily_reprt');
    expect(r.code).toBe(2);
    expect(r.err).toContain('did you mean process:daily_report, schedule:daily_report?');
  });
});
