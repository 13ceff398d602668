import { describe, expect, it } from 'vitest';
import { checkSources } from '../../../compiler/frontend.ts';
import {
  analyseCoverage,
  formatCoverage,
  NO_IMPLEMENTING_PROCESS,
} from '../../../compiler/tools/coverage.ts';
import { matchPool, outcomeMatches } from '../../../compiler/tools/outcomeMatch.ts';
import { app, appFiles, dsl, exampleFiles, storyApps } from './harness.ts';

const story = (id: string, then: string[], extra: string[] = []) =>
  [
    `story ${id} "Story ${id}":`,
    '  status: accepted',
    '  trigger: form_submitted',
    '  entities: [Invoice]',
    '  then:',
    ...then.map((t) => `    - "${t}"`),
    ...extra,
    '',
  ].join('\n');

const process = (name: string, implementsIds: string, steps: string, trigger = 'manual') =>
  [
    `process ${name} "P":`,
    `  implements: [${implementsIds}]`,
    '  trigger:',
    `    when: ${trigger}`,
    '  steps:',
    steps,
    '',
  ].join('\n');

const service = (step: string, svc = 'svc_x') => `    - step ${step}:\n        service: ${svc}`;

/** The one story's coverage entry. */
function coverageOf(...texts: string[]) {
  const report = analyseCoverage(app(...texts));
  return report.stories[0];
}

describe('coverage: outcome matching (Dazzle heuristics)', () => {
  it('leaves a story nothing implements uncovered', () => {
    const entry = coverageOf(story('ST-1', ['Invoice is sent']));
    expect(entry).toEqual({
      story_id: 'ST-1',
      title: 'Story ST-1',
      status: 'uncovered',
      implementing_processes: [],
      missing_aspects: [NO_IMPLEMENTING_PROCESS],
    });
  });

  it('matches a significant word inside a step or service name', () => {
    const entry = coverageOf(
      story('ST-1', ['Invoice email is sent']),
      process('p', 'ST-1', service('email_invoice')),
    );
    expect(entry.status).toBe('covered');
    expect(entry.implementing_processes).toEqual(['p']);
  });

  it('ignores words of three letters or fewer', () => {
    const entry = coverageOf(story('ST-1', ['Fee set']), process('p', 'ST-1', service('fee_set')));
    expect(entry).toMatchObject({ status: 'partial', missing_aspects: ['Fee set'] });
  });

  it('matches compensation and output names and output descriptions', () => {
    const texts = [
      story('ST-1', ['Payment refunded', 'Tracking code issued']),
      dsl`
        process p "P":
          implements: [ST-1]
          trigger:
            when: manual
          output:
            code: str "the tracking number"
          steps:
            - step s1:
                service: svc_x
                compensate: refund_payment
          compensations:
            - refund_payment:
                service: svc_y`,
    ];
    expect(coverageOf(...texts).status).toBe('covered');
  });

  it('matches an explicit satisfies ref of the same story, ignoring case', () => {
    const steps = `${service('s1')}\n        satisfies:\n          - story: "st-1"\n            outcome: "THE CUSTOMER IS HAPPY"`;
    expect(coverageOf(story('ST-1', ['The customer is happy']), process('p', 'ST-1', steps)).status).toBe(
      'covered',
    );
  });

  it('does not let a satisfies ref of another story cover this one', () => {
    const steps = `${service('s1')}\n        satisfies:\n          - story: "ST-9"\n            outcome: "The customer is happy"`;
    const entry = coverageOf(story('ST-1', ['The customer is happy']), process('p', 'ST-1', steps));
    expect(entry.missing_aspects).toEqual(['The customer is happy']);
  });

  it('accepts UI feedback once some process implements the story', () => {
    expect(
      coverageOf(story('ST-1', ['User sees confirmation message']), process('p', 'ST-1', service('s1')))
        .status,
    ).toBe('covered');
  });

  it('infers create / update / delete outcomes from verbs in step and service names', () => {
    const cases: [string, string][] = [
      ['create_row', 'A row is stored'],
      ['save_row', 'A row is persisted'],
      ['update_row', 'The row is modified'],
      ['delete_row', 'The row is archived'],
    ];
    for (const [step, outcome] of cases) {
      expect(coverageOf(story('ST-1', [outcome]), process('p', 'ST-1', service(step))).status, step).toBe(
        'covered',
      );
    }
    expect(
      coverageOf(story('ST-1', ['A row is archived']), process('p', 'ST-1', service('create_row'))).status,
    ).toBe('partial');
  });

  it('infers status-like outcomes from an entity status-transition trigger', () => {
    const p = process('p', 'ST-1', service('s1'), 'entity Invoice status -> paid');
    expect(coverageOf(story('ST-1', ['The paid date becomes visible']), p).status).toBe('covered');
    const manual = process('p', 'ST-1', service('s1'));
    expect(coverageOf(story('ST-1', ['The paid date becomes visible']), manual).status).toBe('partial');
  });

  it('checks each unless condition and reports it as an Exception', () => {
    const unless = [
      '  unless:',
      '    - "Client.email is missing":',
      '        then: "FollowupTask is created"',
    ];
    const s = story('ST-1', ['Invoice is sent'], unless);
    const partial = coverageOf(s, process('p', 'ST-1', service('send_invoice')));
    expect(partial.missing_aspects).toEqual(['Exception: Client.email is missing']);
    const covered = coverageOf(
      s,
      process('p', 'ST-1', `${service('send_invoice')}\n${service('chase_missing_email')}`),
    );
    expect(covered.status).toBe('covered');
  });

  it('matches against nested steps of parallel and foreach', () => {
    const ir = app(
      story('ST-1', ['Invoices archived']),
      process(
        'p',
        'ST-1',
        '    - parallel both:\n        - step archive_invoices:\n            service: svc_a\n        - step b:\n            service: svc_b',
      ),
    );
    const pool = matchPool('ST-1', ir.processes);
    expect(pool.texts).toContain('archive_invoices');
    expect(outcomeMatches('Invoices archived', pool)).toBe(true);
  });
});

describe('coverage: report', () => {
  const three = [
    story('ST-1', ['Invoice email is sent']),
    story('ST-2', ['Ledger entry balanced']),
    story('ST-3', ['Nothing happens']),
    dsl`
      story ST-4 "Rejected":
        status: rejected
        then:
          - "Never mind"`,
    process('p', 'ST-1, ST-2', service('email_invoice')),
  ];

  it('counts, excludes rejected stories and computes Dazzle’s percentages', () => {
    const report = analyseCoverage(app(...three));
    expect(report).toMatchObject({
      total_stories: 3,
      covered: 1,
      partial: 1,
      uncovered: 1,
      rejected_excluded: 1,
      coverage_percent: 33.3,
      effective_coverage_percent: 50,
      has_process: 2,
      has_process_percent: 66.7,
      showing: 3,
      offset: 0,
      has_more: false,
    });
    expect(report.stories.map((s) => [s.story_id, s.status])).toEqual([
      ['ST-3', 'uncovered'],
      ['ST-2', 'partial'],
      ['ST-1', 'covered'],
    ]);
    expect(report.discovery_hint).toMatch(/^1 stories have no implementing process/);
  });

  it('filters by status and pages', () => {
    const ir = app(...three);
    expect(analyseCoverage(ir, { statusFilter: 'partial' }).stories.map((s) => s.story_id)).toEqual(['ST-2']);
    const page = analyseCoverage(ir, { limit: 1, offset: 1 });
    expect(page).toMatchObject({ showing: 1, offset: 1, has_more: true });
    expect(page.stories[0].story_id).toBe('ST-2');
    expect(page.guidance).toContain('--offset 2');
    expect(analyseCoverage(ir, { limit: 1, offset: 2 }).has_more).toBe(false);
  });

  it('counts schedules that implement a story', () => {
    const schedule = dsl`
      schedule nightly_invoice_run "Nightly":
        implements: [ST-1]
        cron: "0 2 * * *"
        steps:
          - step email_invoices:
              service: mailer`;
    const report = analyseCoverage(app(story('ST-1', ['Invoice email is sent']), schedule));
    expect(report.stories[0]).toMatchObject({
      status: 'covered',
      implementing_processes: ['nightly_invoice_run'],
    });
  });

  it('merges processes.json processes, the DSL one winning a name clash', () => {
    const json = {
      name: 'processes.json',
      text: JSON.stringify({
        version: '1.0',
        processes: [
          {
            name: 'p',
            implements: ['ST-2'],
            steps: [{ name: 'balance_ledger', kind: 'service', service: 'ledger' }],
          },
          {
            name: 'q',
            implements: ['ST-3'],
            steps: [{ name: 'nothing_happens', kind: 'service', service: 'noop' }],
          },
        ],
      }),
    };
    const report = analyseCoverage(app(...three, json));
    const byId = Object.fromEntries(report.stories.map((s) => [s.story_id, s]));
    expect(byId['ST-3']).toMatchObject({ status: 'covered', implementing_processes: ['q'] });
    // The DSL `p` (email_invoice) replaced the JSON `p` (balance_ledger): ST-2 stays partial.
    expect(byId['ST-2'].status).toBe('partial');
  });

  it('prints a table with a summary line', () => {
    const text = formatCoverage(analyseCoverage(app(...three)));
    const lines = text.split('\n');
    expect(lines[0].split(/\s{2,}/)).toEqual(['STORY', 'STATUS', 'PROCESSES', 'TITLE', 'MISSING']);
    expect(lines[1]).toMatch(/^ST-3\s+uncovered\s+-\s+Story ST-3\s+No implementing process$/);
    expect(lines.at(-1)).toBe(
      '3 stories: 1 covered, 1 partial, 1 uncovered (1 rejected excluded) — coverage 33.3%, effective 50%',
    );
  });
});

describe('coverage: several apps in one input', () => {
  it('matches a story id two apps define within the story’s own app', () => {
    const a = { name: 'a.dsl', text: `module a.core\n${story('ST-1', ['Invoice email is sent'])}` };
    const b = { name: 'b.dsl', text: `module b.core\n${story('ST-1', ['Invoice email is sent'])}` };
    const p = {
      name: 'p.dsl',
      text: `module a.processes\n${process('p', 'ST-1', service('email_invoice'))}`,
    };
    const checked = checkSources([a, b, p]);
    const report = analyseCoverage(checked.ir, { appOf: checked.appOf });
    expect(report.stories.map((s) => [s.status, s.implementing_processes])).toEqual([
      ['uncovered', []],
      ['covered', ['p']],
    ]);
    // Without app information every ST-1 counts as implemented (Dazzle's one-app view).
    expect(analyseCoverage(checked.ir).covered).toBe(2);
  });
});

describe('coverage: fixture apps and example app', () => {
  it('helpdesk: outcomes satisfied, an unhandled exception, a schedule that covers part of a story', () => {
    const report = analyseCoverage(app(...appFiles('helpdesk')));
    expect(report).toMatchObject({
      total_stories: 4,
      covered: 1,
      partial: 2,
      uncovered: 1,
      rejected_excluded: 1,
    });
    expect(report.stories.find((s) => s.story_id === 'HD-001')).toEqual({
      story_id: 'HD-001',
      title: 'Agent triages a new ticket',
      status: 'partial',
      implementing_processes: ['ticket_triage'],
      missing_aspects: ['Exception: Ticket.customer_email is missing'],
    });
    expect(report.stories.find((s) => s.story_id === 'HD-002')).toMatchObject({
      status: 'covered',
      implementing_processes: ['refund_approval'],
    });
  });

  it('every fixture app with stories gets a consistent report', () => {
    expect(storyApps().length).toBeGreaterThan(0);
    for (const name of storyApps()) {
      const files = appFiles(name);
      const ir = app(...files);
      const report = analyseCoverage(ir, { limit: 1000 });
      const active = ir.stories.filter((s) => s.status !== 'rejected').length;
      expect(report.total_stories, name).toBe(active);
      expect(report.covered + report.partial + report.uncovered, name).toBe(active);
      expect(report.rejected_excluded, name).toBe(ir.stories.length - active);
      for (const s of report.stories) {
        expect(s.missing_aspects.length === 0, `${name} ${s.story_id}`).toBe(s.status === 'covered');
      }
    }
  });

  it('example app: every story has an implementing process', () => {
    const report = analyseCoverage(app(...exampleFiles()));
    expect(report.total_stories).toBe(20);
    expect(report.uncovered).toBe(0);
    expect(report.covered).toBeGreaterThan(report.partial);
    const ord1 = report.stories.find((s) => s.story_id === 'ORD-001');
    expect(ord1).toMatchObject({ status: 'covered', implementing_processes: ['order_fulfillment'] });
  });
});
