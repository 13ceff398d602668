import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runIn } from './harness.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Our own files with the mistakes users make. */
const INVALID = 'test/fixtures/invalid';

const run = (...argv: string[]) => runIn(repoRoot, ...argv);

function tempApp(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dazzle-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('dazzle-sfn ir', () => {
  it('prints {processes, schedules, stories} and exits 0', async () => {
    const { code, out } = await run('ir', 'examples/dsl');
    expect(code).toBe(0);
    const ir = JSON.parse(out);
    expect(Object.keys(ir)).toEqual(['processes', 'schedules', 'stories']);
    expect(ir.processes.map((p: { name: string }) => p.name)).toContain('order_fulfillment');
    expect(ir.schedules.length).toBeGreaterThan(0);
    expect(ir.stories.length).toBeGreaterThan(0);
  });

  it('exits 1 on syntax errors and prints them on stderr', async () => {
    const { code, err, out } = await run('ir', `${INVALID}/invalid-duration.dsl`);
    expect(code).toBe(1);
    expect(err).toContain(`${INVALID}/invalid-duration.dsl:10:18: error DZ500`);
    expect(JSON.parse(out).processes).toHaveLength(1);
  });

  it('does not fail on validation findings (ir is the parse only)', async () => {
    const { code } = await run('ir', `${INVALID}/unknown-step.dsl`);
    expect(code).toBe(0);
  });
});

describe('dazzle-sfn validate', () => {
  it('passes the example app with no diagnostics', async () => {
    const { code, out } = await run('validate', 'examples/dsl');
    expect(code).toBe(0);
    expect(out).toBe('0 errors, 0 warnings in 4 files');
  });

  it('prints file:line:col: severity CODE message with a caret line, then a summary, and exits 1', async () => {
    const { code, out } = await run('validate', `${INVALID}/invalid-duration.dsl`);
    expect(code).toBe(1);
    expect(out.split('\n')).toEqual([
      expect.stringMatching(/^test\/fixtures\/invalid\/invalid-duration\.dsl:10:18: error DZ500 /),
      '          timeout: 30x',
      '                   ^^^',
      '1 error, 0 warnings in 1 file',
    ]);
  });

  it('reports the real problems of a folder and no parse noise', async () => {
    const { code, out } = await run('validate', '--json', INVALID);
    expect(code).toBe(1);
    const report = JSON.parse(out) as {
      files: number;
      diagnostics: { code: string; file: string; message: string }[];
    };
    expect(report.files).toBe(2);
    const parseLevel = report.diagnostics.filter((d) => /^DZ[127]/.test(d.code));
    expect(parseLevel).toEqual([]);
    expect(report.diagnostics.filter((d) => d.code === 'DZ500').map((d) => d.file)).toEqual([
      `${INVALID}/invalid-duration.dsl`,
    ]);
    expect(report.diagnostics.some((d) => d.code === 'DZ300' && d.message.includes('call_support'))).toBe(
      true,
    );
  });

  it('reads processes.json files found under a directory', async () => {
    const dir = tempApp({
      '.dazzle/processes/processes.json':
        '{"version": "1.0", "processes": [{"name": "p", "steps": [{"name": "a", "kind": "lambda"}]}]}',
    });
    const { code, out } = await run('validate', dir);
    expect(code).toBe(1);
    expect(out).toContain(
      `${join(dir, '.dazzle/processes/processes.json')}:1:80: error DZ701 processes[0].steps[0].kind`,
    );
  });
});

describe('an outcome name that is not an identifier (DZ327)', () => {
  const review = {
    name: 'review',
    kind: 'human_task',
    human_task: {
      surface: 's',
      outcomes: [
        { name: 'approve', goto: 'complete' },
        { name: '__proto__', goto: 'fail' },
      ],
    },
  };
  const text = JSON.stringify({ version: '1.0', processes: [{ name: 'p', steps: [review] }] });

  it.each([
    ['validate', [] as string[]],
    ['compile', ['--out', 'OUT']],
    ['run', ['p']],
    ['dev', ['--port', '0', '--no-schedules']],
  ])('is refused by %s, located at the name, exit 1', async (command, rest) => {
    const dir = tempApp({ '.dazzle/processes/processes.json': text });
    const argv = rest.map((a) => (a === 'OUT' ? join(dir, 'out') : a));
    const { code, out, err } = await run(command, dir, ...argv);
    expect(code).toBe(1);
    const column = text.indexOf('"__proto__"') + 1;
    const at = `${join(dir, '.dazzle/processes/processes.json')}:1:${column}: error DZ327 `;
    expect(`${out}\n${err}`).toContain(at);
    expect(out).not.toMatch(/ready on/);
  });
});

describe('dazzle-sfn inspect', () => {
  it('shows steps, trigger and linked stories', async () => {
    const { code, out } = await run('inspect', 'examples/dsl', 'order_fulfillment');
    expect(code).toBe(0);
    expect(out).toContain('trigger:  entity Order status -> confirmed');
    expect(out).toContain('reserve_stock [service]');
    expect(out).toContain('ORD-001 "Customer\'s confirmed order is fulfilled" (accepted) via implements');
  });

  it('prints JSON with --json', async () => {
    const { code, out } = await run(
      'inspect',
      '--json',
      'examples/dsl/operations.dsl',
      'examples/dsl/stories.dsl',
      'heartbeat',
    );
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      kind: 'schedule',
      name: 'heartbeat',
      stories: [{ story_id: 'OPS-004', loaded: true }],
    });
  });
});

describe('usage errors exit 2', () => {
  it.each([
    [['frobnicate']],
    [['validate']],
    [['validate', '--nope', 'examples/dsl']],
    [['inspect', 'examples/dsl']],
    [['validate', 'no/such/path.dsl']],
  ])('%j', async (argv) => {
    const { code, err } = await run(...argv);
    expect(code).toBe(2);
    expect(err).not.toBe('');
  });

  it('names a nonexistent path', async () => {
    expect((await run('validate', 'no/such/path.dsl')).err).toContain(
      'no such file or directory: no/such/path.dsl',
    );
  });

  it.each([
    ['dev', 'nope', /--services nope: no such directory/],
    ['run', 'nope', /--services nope: no such directory/],
    ['dev', 'README.md', /--services README\.md: not a directory/],
  ])('%s --services %s is a usage error, before anything starts', async (command, dir, message) => {
    const argv =
      command === 'dev'
        ? ['dev', 'examples/dsl', '--services', dir, '--port', '0', '--no-schedules']
        : ['run', 'examples/dsl', 'order_fulfillment', '--services', dir];
    const { code, err, out } = await run(...argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(out).not.toMatch(/ready on/);
  });

  it('--help exits 0 and lists the commands', async () => {
    const { code, out } = await run('--help');
    expect(code).toBe(0);
    expect(out).toMatch(/ir[\s\S]*validate[\s\S]*inspect/);
  });
});

describe('the dazzle-sfn bin', () => {
  it('runs the CLI through bin/dazzle-sfn.js with real exit codes', () => {
    const ok = spawnSync(process.execPath, ['bin/dazzle-sfn.js', 'validate', 'examples/dsl'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect([ok.status, ok.stdout.trim()]).toEqual([0, '0 errors, 0 warnings in 4 files']);
    const bad = spawnSync(process.execPath, ['bin/dazzle-sfn.js', 'validate', 'missing.dsl'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
  });
});
