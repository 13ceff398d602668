/**
 * A new user's mistakes on the command line (issue 16, CLI): each gets one clear line and the
 * documented exit code (1 for a failure to act on, 2 for a usage error), never a stack or a hang.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runIn } from './harness.ts';

const repoRoot = resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dazzle-mistakes-'));
  dirs.push(dir);
  return dir;
}

const run = (...argv: string[]) => runIn(repoRoot, ...argv);

describe('compile --out to a path that cannot be written', () => {
  it('an existing file: one line, exit 1', async () => {
    const file = join(tempDir(), 'taken');
    writeFileSync(file, 'x');
    const { code, err } = await run('compile', 'examples/dsl', '--out', file);
    expect([code, err]).toEqual([
      1,
      `dazzle-sfn: cannot write to ${file}: ${file} is a file, not a directory`,
    ]);
    expect(readFileSync(file, 'utf8')).toBe('x');
  });

  it('a path under a file: one line, exit 1', async () => {
    const file = join(tempDir(), 'taken');
    writeFileSync(file, 'x');
    const out = join(file, 'sub', 'dir');
    const { code, err } = await run('compile', 'examples/dsl', '--out', out);
    expect([code, err]).toEqual([
      1,
      `dazzle-sfn: cannot write to ${out}: ${file} is a file, not a directory`,
    ]);
  });

  it('/proc/x (Node’s recursive mkdir spins there): one line, exit 1, through the bin', () => {
    // The `timeout` only stops a hang (the old behaviour) so that the assertions can report it.
    const r = spawnSync(
      process.execPath,
      ['bin/dazzle-sfn.js', 'compile', 'examples/dsl', '--out', '/proc/x'],
      {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^dazzle-sfn: cannot create the directory \/proc\/x: .+/),
    ]);
  });

  it('still creates missing directories', async () => {
    const out = join(tempDir(), 'a', 'b');
    const { code } = await run('compile', 'examples/dsl', '--out', out);
    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).workflows.length).toBeGreaterThan(0);
  });
});

describe('diagram --svg to a directory that does not exist', () => {
  it('one line, exit 1, no stack', async () => {
    const svg = join(tempDir(), 'nonexistent-dir', 'x.svg');
    const { code, err } = await run('diagram', 'examples/dsl', 'order_fulfillment', '--svg', svg);
    expect([code, err]).toEqual([1, `dazzle-sfn: cannot write ${svg}: no such file or directory`]);
  });
});

describe('an unknown process name: the same answer in every command (suggestion, exit 2)', () => {
  const expected =
    "dazzle-sfn: no process or schedule named 'order_fulfilment' (did you mean order_fulfillment?)";
  it.each([
    [['inspect', 'examples/dsl', 'order_fulfilment']],
    [['diagram', 'examples/dsl', 'order_fulfilment']],
    [['run', 'examples/dsl', 'order_fulfilment']],
    [['cost', 'examples/dsl', '--only', 'order_fulfilment']],
  ])('%j', async (argv) => {
    const { code, err } = await run(...argv);
    expect([code, err]).toEqual([2, expected]);
  });
});

describe('run --task / --signal with names the app does not have', () => {
  it('--task nostep=accept is a usage error naming the human-task steps', async () => {
    const { code, err } = await run('run', 'examples/dsl', 'expense_approval', '--task', 'nostep=accept');
    expect(code).toBe(2);
    expect(err).toBe(
      "dazzle-sfn: --task: no human task step named 'nostep' (known: manager_review, inspect_return, review_chargeback)",
    );
  });

  it('--task with a near name suggests it', async () => {
    const { code, err } = await run(
      'run',
      'examples/dsl',
      'expense_approval',
      '--task',
      'manager_reveiw=approve',
    );
    expect([code, err]).toEqual([
      2,
      "dazzle-sfn: --task: no human task step named 'manager_reveiw' (did you mean manager_review?)",
    ]);
  });

  it('--signal with a near name suggests it', async () => {
    const { code, err } = await run(
      'run',
      'examples/dsl',
      'expense_approval',
      '--signal',
      'receipt_uplodaed={}',
    );
    expect([code, err]).toEqual([
      2,
      "dazzle-sfn: --signal: no signal named 'receipt_uplodaed' (did you mean receipt_uploaded?)",
    ]);
  });
});

describe('run checks --input as the API does', () => {
  it('rejects "r-1" for a `uuid required` input, naming the field (exit 2)', async () => {
    const { code, err } = await run(
      'run',
      'examples/dsl',
      'order_fulfillment',
      '--input',
      '{"order_id":"r-1","customer_id":"8f14e45f-ceea-467f-a0e6-d2d5c6b2d9a1","amount":"10.00"}',
    );
    expect([code, err]).toEqual([2, 'dazzle-sfn: --input: order_id: must be a UUID']);
  });

  it('rejects a missing required input', async () => {
    expect((await run('run', 'examples/dsl', 'order_fulfillment', '--input', '{}')).err).toBe(
      'dazzle-sfn: --input: order_id: is required',
    );
  });
});

describe('inspect with errors in unrelated files', () => {
  it('shows the valid process, prints the errors, exits 1', async () => {
    const dir = tempDir();
    for (const f of ['expenses.dsl', 'operations.dsl', 'orders.dsl', 'stories.dsl'])
      writeFileSync(join(dir, f), readFileSync(join(repoRoot, 'examples/dsl', f)));
    mkdirSync(join(dir, 'more'));
    writeFileSync(
      join(dir, 'more', 'broken.dsl'),
      'module shop.broken\n\nprocess broken "B":\n  steps:\n    - step x:\n        service: a\n        on_success: goto nowhere\n',
    );
    const { code, out, err } = await run('inspect', dir, 'order_fulfillment');
    expect(code).toBe(1);
    expect(out).toMatch(/^process order_fulfillment "Order Fulfillment"/);
    expect(err).toContain('broken.dsl:7:');
  });
});

describe('--version', () => {
  it("prints package.json's version", async () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(await run('--version')).toEqual({ code: 0, out: version, err: '' });
  });
});

describe('duplicate story ids within one app', () => {
  it('validate reports the second definition (DZ201), across the files of the app', async () => {
    const dir = tempDir();
    const story = (title: string) => `story ST-001 "${title}":\n  persona: clerk\n  trigger: user_click\n`;
    writeFileSync(join(dir, 'a.dsl'), `module shop.a\n\n${story('One')}`);
    writeFileSync(join(dir, 'b.dsl'), `module shop.b\n\n${story('Two')}`);
    const { code, out } = await run('validate', dir);
    expect(code).toBe(1);
    expect(out).toContain(`${join(dir, 'b.dsl')}:3:7: error DZ201`);
  });
});

describe('propose --story with an id the files do not have', () => {
  it('is a usage error naming the story (it said every story was covered)', async () => {
    const { code, err } = await run('propose', 'examples/dsl', '--story', 'NOPE-1');
    expect(code).toBe(2);
    expect(err).toMatch(/^dazzle-sfn: --story: no story 'NOPE-1' in these files \(20 stories: ORD-001, /);
  });

  it('suggests a near id', async () => {
    const { err } = await run('propose', 'examples/dsl', '--story', 'ORD-01');
    expect(err).toBe(
      "dazzle-sfn: --story: no story 'ORD-01' in these files (did you mean ORD-001, ORD-002, ORD-003?)",
    );
  });
});

describe('save refuses what would leave the project wrong, and writes nothing', () => {
  const project = () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'orders.dsl'), readFileSync(join(repoRoot, 'examples/dsl/orders.dsl')));
    return dir;
  };
  const spec = (dir: string, value: unknown) => {
    const file = join(dir, 'spec.json');
    writeFileSync(file, JSON.stringify(value));
    return file;
  };
  const step = { name: 'a', kind: 'service', service: 'reserve_inventory' };

  it('{"name":"x"}: no steps', async () => {
    const dir = project();
    const file = spec(dir, { name: 'x' });
    const { code, err } = await run('save', file, '--project', dir);
    expect(code).toBe(1);
    expect(err.split('\n')).toEqual([
      `${file}: x: a process needs at least one step ("steps": [...])`,
      `${file}: not saved`,
    ]);
    expect(readdirSync(dir).sort()).toEqual(['orders.dsl', 'spec.json']);
  });

  it('a name the DSL already defines, even with --overwrite', async () => {
    const dir = project();
    const file = spec(dir, { name: 'order_fulfillment', trigger: { kind: 'manual' }, steps: [step] });
    const { code, err } = await run('save', file, '--project', dir, '--overwrite', '--json');
    expect(code).toBe(1);
    expect(err).toBe('');
    expect(readdirSync(dir).sort()).toEqual(['orders.dsl', 'spec.json']);
  });

  it('saves a valid new process, which then validates with the project', async () => {
    const dir = project();
    const file = spec(dir, { name: 'brand_new', trigger: { kind: 'manual' }, steps: [step] });
    expect((await run('save', file, '--project', dir)).code).toBe(0);
    expect((await run('validate', dir)).code).toBe(0);
  });
});
