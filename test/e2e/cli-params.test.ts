/**
 * `--param KEY=VALUE` and `--stage NAME` of `dazzle-sfn run` and `dev`: values from cdk.json's
 * stage (dev by default), overridden by `--param`; exit 1 on an invalid value, 2 on a bad option.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, ROOT } from './harness.ts';

const scratch = mkdtempSync(join(tmpdir(), 'dz-params-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const NAP = join(scratch, 'nap.dsl');
writeFileSync(
  NAP,
  'schedule nap "Nap":\n  interval: 1d\n  timeout: param("nap_timeout")\n  steps:\n    - step sleep:\n        wait: 3h\n',
);
const DEV_PARAMS =
  'params from cdk.json stage dev: warehouse_report_cron=0 6 * * 1-5, warehouse_timezone=Europe/London, warehouse_report_timeout=30m';

describe('dazzle-sfn run --param', () => {
  it('applies a timeout: param(…) from --param (virtual time), saying where the values came from', async () => {
    const r = await cli('run', NAP, 'nap', '--param', 'nap_timeout=2h');
    expect(r.code).toBe(3);
    expect(JSON.parse(r.out)).toMatchObject({ status: 'TIMED_OUT', duration_seconds: 7200 });
    expect(r.err).toContain('params from --param: nap_timeout=2h');
  });

  it('takes the params of cdk.json stage dev by default, and of --stage', async () => {
    const run = ['run', 'examples/dsl', 'warehouse_report', '--services', 'examples/services'];
    const dev = await cli(...run);
    expect(dev.code).toBe(0);
    expect(dev.err).toContain(DEV_PARAMS);
    const prod = await cli(...run, '--stage', 'prod', '--param', 'warehouse_timezone=UTC');
    expect(prod.code).toBe(0);
    expect(prod.err).toContain('params from cdk.json stage prod: ');
    expect(prod.err).toContain('warehouse_report_timeout=1h');
    expect(prod.err).toContain('params from --param: warehouse_timezone=UTC');
  });

  it('exits 1 with the param named on an invalid value', async () => {
    const r = await cli('run', NAP, 'nap', '--param', 'nap_timeout=soon');
    expect(r.code).toBe(1);
    expect(r.err).toContain("param 'nap_timeout' = 'soon' (timeout of schedule:nap) is not a duration");
  });

  it.each([
    [['--param', 'nap_timeout']],
    [['--param', '=2h']],
    [['--param', 'nap_timeout=']],
    [['--stage', 'staging']],
  ])('exits 2 on %j', async (extra) => {
    const r = await cli('run', NAP, 'nap', ...extra);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /--param expects KEY=VALUE|--stage staging: .*cdk\.json has no stages\.staging \(stages: dev, prod\)/,
    );
  });
});

describe('dazzle-sfn dev --param', () => {
  it('exits 1 at startup on an invalid value, 2 on a malformed --param', async () => {
    const bad = await cli('dev', 'examples/dsl', '--port', '0', '--param', 'warehouse_timezone=Europe/Londn');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("timezone 'Europe/Londn', which is not an IANA timezone");
    expect((await cli('dev', 'examples/dsl', '--port', '0', '--param', 'oops')).code).toBe(2);
  });

  it('arms the param schedule from cdk.json stage dev and says so in the startup summary', async () => {
    const child = spawn(
      process.execPath,
      ['bin/dazzle-sfn.js', 'dev', 'examples/dsl', '--services', 'examples/services', '--port', '0'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise((done) => child.once('exit', done));
    try {
      const out = await readUntil(child, /ready on (http:\/\/\S+)/);
      expect(out.text).toContain(DEV_PARAMS);
      expect(out.text).not.toContain('warehouse_report is not run locally');
      expect(out.text).not.toContain('schedule:warehouse_report is not run locally');
      const index = (await (await fetch(`${out.match[1]}/`)).json()) as {
        schedules: { id: string; next?: string }[];
      };
      const next = index.schedules.find((s) => s.id === 'schedule-warehouse_report')?.next;
      // 06:00 London on a weekday.
      expect(new Date(next ?? 0).toLocaleString('en-GB', { timeZone: 'Europe/London' })).toMatch(
        /, 06:00:00$/,
      );
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 30_000);
});

/** Collects the child's stdout and stderr until `pattern` matches stdout. */
function readUntil(child: ChildProcess, pattern: RegExp): Promise<{ text: string; match: RegExpExecArray }> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`no ${pattern} in:\n${text}`)), 25_000);
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const match = pattern.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve({ text, match });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`dev exited ${code}:\n${text}`)));
  });
}
