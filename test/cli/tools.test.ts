import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runIn } from './harness.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Our own small app (stories + processes) and files with mistakes; Dazzle's corpus is the conformance suite's. */
const APPS = resolve(repoRoot, 'test/fixtures/apps');
const INVALID = resolve(repoRoot, 'test/fixtures/invalid');
const helpdeskStories = join(APPS, 'helpdesk.stories.dsl');

const run = runIn;
const inRepo = (...argv: string[]) => run(repoRoot, ...argv);

function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'dazzle-tools-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const helpdesk = [helpdeskStories, join(APPS, 'helpdesk.processes.dsl')];

describe('dazzle-sfn coverage', () => {
  it('prints Dazzle’s JSON, uncovered first', async () => {
    const { code, out } = await inRepo('coverage', ...helpdesk, '--json');
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(Object.keys(report)).toEqual([
      'total_stories',
      'covered',
      'partial',
      'uncovered',
      'rejected_excluded',
      'coverage_percent',
      'effective_coverage_percent',
      'has_process',
      'has_process_percent',
      'showing',
      'offset',
      'has_more',
      'stories',
      'discovery_hint',
    ]);
    // HD-002 covered, HD-001 (an unhandled `unless`) and HD-003 partial, HD-004 uncovered, HD-005
    // rejected: effective = (1 + 2 × ½) / 4.
    expect(report).toMatchObject({
      total_stories: 4,
      covered: 1,
      partial: 2,
      uncovered: 1,
      rejected_excluded: 1,
      coverage_percent: 25,
      effective_coverage_percent: 50,
    });
    expect(report.stories[0]).toMatchObject({ story_id: 'HD-004', status: 'uncovered' });
    expect(report.stories.at(-1)).toMatchObject({ story_id: 'HD-002', status: 'covered' });
    expect(Object.keys(report.stories[0])).toEqual([
      'story_id',
      'title',
      'status',
      'implementing_processes',
      'missing_aspects',
    ]);
  });

  it('keeps the apps of a folder of several apps apart', async () => {
    // A second app reuses HD-002 with a process of its own: neither app's story is covered by the other's process.
    const dir = tempDir({
      'helpdesk.stories.dsl': readFileSync(helpdeskStories, 'utf8'),
      'helpdesk.processes.dsl': readFileSync(join(APPS, 'helpdesk.processes.dsl'), 'utf8'),
      'billing.stories.dsl':
        'story HD-002 "Clerk sends an invoice":\n  persona: clerk\n  then:\n    - "Invoice is sent"\n',
      'billing.processes.dsl':
        'process send_invoice "Send Invoice":\n  implements: [HD-002]\n  steps:\n    - step send:\n        service: send_invoice\n',
    });
    const { code, out } = await run(dir, 'coverage', '.', '--json', '--status', 'covered');
    expect(code).toBe(0);
    const report = JSON.parse(out);
    const covered = report.stories.map((s: { story_id: string; implementing_processes: string[] }) =>
      [s.story_id, ...s.implementing_processes].join(' '),
    );
    expect(covered.sort()).toEqual(['HD-002 refund_approval', 'HD-002 send_invoice']);
  });

  it('prints a table, pages and filters', async () => {
    const { out } = await inRepo('coverage', 'examples/dsl', '--status', 'partial', '--limit', '2');
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^STORY\s+STATUS\s+PROCESSES\s+TITLE\s+MISSING$/);
    expect(lines.slice(1, 3).every((l) => /^\S+\s+partial\s/.test(l))).toBe(true);
    expect(out).toMatch(/^20 stories: \d+ covered, \d+ partial, 0 uncovered \(0 rejected excluded\)/m);
    expect(out).toContain('--offset 2');
  });

  it('reports inputs without stories and bad options', async () => {
    const dir = tempDir({ 'p.dsl': 'process p "P":\n  steps:\n    - step a:\n        service: s\n' });
    const none = await run(dir, 'coverage', '.', '--json');
    expect(none.code).toBe(1);
    expect(JSON.parse(none.out).error).toBe('No stories found in the inputs');
    expect((await inRepo('coverage', 'examples/dsl', '--status', 'done')).code).toBe(2);
    expect((await inRepo('coverage', 'examples/dsl', '--limit', '-1')).code).toBe(2);
  });
});

describe('dazzle-sfn propose', () => {
  it('prints briefs as JSON in Dazzle’s shape', async () => {
    // The help desk's stories plus one a surface's CRUD handler fulfils (the shape of Dazzle's generated CRUD stories).
    const dir = tempDir({
      'helpdesk.stories.dsl': readFileSync(helpdeskStories, 'utf8'),
      'crud.dsl': [
        'story HD-006 "Agent creates a new Customer":',
        '  persona: agent',
        '  trigger: form_submitted',
        '  entities: [Customer]',
        '  then:',
        '    - "New Customer is saved to database"',
        '    - "Agent sees confirmation message"',
        '',
      ].join('\n'),
    });
    const { code, out } = await run(dir, 'propose', 'helpdesk.stories.dsl', 'crud.dsl', '--json');
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report).toMatchObject({ skipped_crud: ['Customer'], skipped_crud_count: 1 });
    expect(Object.keys(report)).toEqual([
      'workflow_count',
      'workflows',
      'entities',
      'skipped_crud',
      'skipped_crud_count',
    ]);
    expect(report.workflows.map((w: { name: string }) => w.name)).toContain('ticket_lifecycle');
    expect(Object.keys(report.workflows[0])).toEqual(
      expect.arrayContaining([
        'name',
        'title',
        'implements',
        'story_summaries',
        'entity',
        'design_questions',
        'recommendation',
        'reason',
      ]),
    );
  });

  it('--dsl prints process blocks that validate, and that cover the stories once added', async () => {
    const dsl = await inRepo('propose', helpdeskStories, '--dsl', '--include-crud');
    expect(dsl.code).toBe(0);
    expect(dsl.out).toMatch(/^process ticket_lifecycle "Ticket Lifecycle":$/m);
    const dir = tempDir({ 'proposed.dsl': `${dsl.out}\n` });
    const validate = await run(dir, 'validate', 'proposed.dsl');
    expect(validate.out.split('\n').at(-1)).toMatch(/^0 errors/);
    const after = await run(dir, 'coverage', helpdeskStories, 'proposed.dsl', '--json');
    // HD-001's `unless` path is left as a TODO for a person to write, so it stays partial.
    expect(JSON.parse(after.out)).toMatchObject({ uncovered: 0, partial: 1, covered: 3 });
  });
});

describe('dazzle-sfn save', () => {
  const spec = {
    name: 'ticket_followup',
    implements: ['HD-004'],
    trigger: { kind: 'entity_status_transition', entity_name: 'Ticket', to_status: 'closed' },
    steps: [{ name: 'notify', kind: 'service', service: 'notify_owner' }],
  };

  it('merges into .dazzle/processes/processes.json, skipping existing names unless --overwrite', async () => {
    const dir = tempDir({
      'dsl/stories.dsl': readFileSync(helpdeskStories, 'utf8'),
      'spec.json': JSON.stringify(spec),
      'two.json': JSON.stringify({
        version: '1.0',
        processes: [spec, { ...spec, name: 'other', implements: ['ST-999'] }],
      }),
    });
    const first = await run(dir, 'save', 'spec.json', '--json');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toEqual({
      saved: 1,
      total: 1,
      process_names: ['ticket_followup'],
      path: join('.dazzle', 'processes', 'processes.json'),
    });
    const second = await run(dir, 'save', 'two.json', '--json');
    expect(JSON.parse(second.out)).toMatchObject({
      saved: 1,
      total: 2,
      process_names: ['other'],
      skipped: ['ticket_followup'],
      warnings: ["Process 'other' references unknown story 'ST-999'"],
    });
    const third = await run(dir, 'save', 'spec.json', '--overwrite');
    expect(third.out).toBe(`saved 1 of 1 to ${join('.dazzle', 'processes', 'processes.json')} (2 in total)`);
    const file = JSON.parse(readFileSync(join(dir, '.dazzle/processes/processes.json'), 'utf8'));
    expect(file.processes.map((p: { name: string }) => p.name)).toEqual(['other', 'ticket_followup']);
    expect(readdirSync(join(dir, '.dazzle/processes'))).toEqual(['processes.json']); // no temporary file left
    const loaded = await run(dir, 'coverage', '.', '--json');
    expect(
      JSON.parse(loaded.out).stories.find((s: { story_id: string }) => s.story_id === 'HD-004')
        .implementing_processes,
    ).toEqual(['ticket_followup']);
  });

  it('rejects invalid specs with path-named errors and writes nothing', async () => {
    const dir = tempDir({
      'bad.json': JSON.stringify([{ ...spec, steps: [{ name: 'x', kind: 'servise' }] }]),
    });
    const { code, out } = await run(dir, 'save', 'bad.json', '--json');
    expect(code).toBe(1);
    expect(JSON.parse(out)).toMatchObject({
      error: 'Validation failed',
      details: [expect.stringMatching(/^\[0\]\.steps\[0\]\.kind: /)],
    });
    expect(existsSync(join(dir, '.dazzle'))).toBe(false);
    const text = await run(dir, 'save', 'bad.json');
    expect(text.err).toMatch(/^bad\.json: \[0\]\.steps\[0\]\.kind: /);
  });

  it('leaves an unreadable processes.json alone', async () => {
    const dir = tempDir({
      'spec.json': JSON.stringify(spec),
      '.dazzle/processes/processes.json': '{"processes": [',
    });
    const { code, err } = await run(dir, 'save', 'spec.json');
    expect(code).toBe(1);
    expect(err).toMatch(/cannot be merged into: not valid JSON/);
    expect(readFileSync(join(dir, '.dazzle/processes/processes.json'), 'utf8')).toBe('{"processes": [');
    expect((await run(dir, 'save', 'missing.json')).code).toBe(2);
  });
});

describe('dazzle-sfn inspect', () => {
  it('adds the compiled shape to the report', async () => {
    const { code, out } = await inRepo('inspect', 'examples/dsl', 'overdue_invoice_reminders', '--json');
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.compiled).toMatchObject({
      workflow_type: 'STANDARD',
      workflow_type_reason: 'workflowType is standard (the default)',
      schedules: [
        { expression: 'cron(0 2 * * ? *)', timezone: 'Europe/London', catch_up: true, split: false },
      ],
    });
    // A schedule locks (skip by default): taking the lock is its first state, and sets its variables.
    expect(report.compiled.happy_path[0]).toBe('Lock acquire');
    const auto = JSON.parse(
      (await inRepo('inspect', 'examples/dsl', 'order_fulfillment', '--json', '--workflow-type', 'auto')).out,
    );
    expect(auto.compiled.workflow_type_reason).toMatch(/^auto: Standard because/);
    const text = (await inRepo('inspect', 'examples/dsl', 'order_fulfillment')).out;
    expect(text).toMatch(/^compiled:$/m);
    expect(text).toMatch(/^ {2}happy path: 9 transitions$/m);
  });
});

describe('dazzle-sfn diagram', () => {
  it('prints Mermaid and writes an SVG', async () => {
    const dir = tempDir();
    const svg = join(dir, 'order.svg');
    const { code, out, err } = await inRepo('diagram', 'examples/dsl', 'order_fulfillment', '--svg', svg);
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toBe('flowchart TD');
    expect(err).toBe(`wrote ${svg}`);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    const json = JSON.parse((await inRepo('diagram', 'examples/dsl', 'heartbeat', '--json')).out);
    expect(json).toMatchObject({ process_name: 'heartbeat', type: 'flowchart' });
    expect(json.diagram).toMatch(/^flowchart TD/);
  });

  it('names the known workflows for an unknown name', async () => {
    const { code, err } = await inRepo('diagram', 'examples/dsl', 'order_fulfilment');
    expect(code).toBe(2);
    expect(err).toMatch(
      /^dazzle-sfn: no process or schedule named 'order_fulfilment' \(did you mean order_fulfillment/,
    );
  });
});

describe('dazzle-sfn cost', () => {
  it('estimates per process and per N runs', async () => {
    const { code, out } = await inRepo('cost', 'examples/dsl', '--runs', '5000', '--json');
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report).toMatchObject({ runs: 5000, region: 'us-east-1', currency: 'USD' });
    const order = report.workflows.find((w: { name: string }) => w.name === 'order_fulfillment');
    expect(order.happy).toMatchObject({ transitions: 9, lambda_invocations: 3 });
    expect(order.happy.for_runs.total).toBeCloseTo(order.happy.per_run.total * 5000, 9);
    expect(report.sources).toContain('https://aws.amazon.com/step-functions/pricing/');
    const text = (await inRepo('cost', 'examples/dsl', '--only', 'order_fulfillment')).out;
    expect(text.split('\n')).toHaveLength(5);
    expect(text).toMatch(/^order_fulfillment\s+Standard\s+9 \/ \d+\s+3 \/ \d+/m);
  });

  it('agrees with the local runtime on happy-path transitions', async () => {
    const estimate = JSON.parse(
      (await inRepo('cost', 'examples/dsl', '--json', '--only', 'standard_shipping', 'sync_product')).out,
    );
    for (const [name, input] of [
      ['standard_shipping', '{"order_id":"3f9c1b2a-8e47-4d05-b6a1-92c3d4e5f607"}'],
      ['sync_product', '{}'],
    ]) {
      const local = await inRepo(
        'run',
        'examples/dsl',
        name,
        '--input',
        input,
        '--services',
        'examples/services',
      );
      const result = JSON.parse(local.out);
      expect(result.status, name).toBe('SUCCEEDED');
      const w = estimate.workflows.find((x: { name: string }) => x.name === name);
      expect(w.happy.transitions, name).toBe(result.transitions);
    }
  });

  it('exits 1 on compile errors', async () => {
    const { code, err } = await inRepo('cost', join(INVALID, 'invalid-duration.dsl'));
    expect(code).toBe(1);
    expect(err).toMatch(/DZ500/);
  });
});
