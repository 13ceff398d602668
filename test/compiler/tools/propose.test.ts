import { describe, expect, it } from 'vitest';
import { checkSources } from '../../../compiler/frontend.ts';
import type { StorySpec } from '../../../compiler/ir/types.ts';
import { analyseCoverage } from '../../../compiler/tools/coverage.ts';
import {
  classifyStory,
  formatProposals,
  isCrudStory,
  type ProposalReport,
  proposeClusters,
  proposeWorkflows,
  slugify,
} from '../../../compiler/tools/propose.ts';
import { briefToDsl } from '../../../compiler/tools/proposeDsl.ts';
import { app, appFiles, exampleFiles, storyApps } from './harness.ts';

interface StoryOptions {
  trigger?: string;
  entities?: string[];
  persona?: string;
  outcomes?: string[];
  unless?: [string, string][];
  status?: string;
  title?: string;
}

function story(id: string, o: StoryOptions = {}): string {
  return [
    `story ${id} "${o.title ?? `Story ${id}`}":`,
    `  status: ${o.status ?? 'accepted'}`,
    ...(o.persona ? [`  persona: ${o.persona}`] : []),
    ...(o.trigger ? [`  trigger: ${o.trigger}`] : []),
    ...(o.entities ? [`  entities: [${o.entities.join(', ')}]`] : []),
    '  then:',
    ...(o.outcomes ?? ['Something non-trivial happens']).map((t) => `    - "${t}"`),
    ...(o.unless?.length
      ? ['  unless:', ...o.unless.flatMap(([c, t]) => [`    - "${c}":`, `        then: "${t}"`])]
      : []),
    '',
  ].join('\n');
}

const report = (...texts: string[]) => proposeWorkflows(app(...texts)) as ProposalReport;
const storyOf = (text: string): StorySpec => app(text).stories[0];

describe('propose: classification', () => {
  it('recognises CRUD stories: user-initiated, one entity, CRUD or UI outcomes, no unless', () => {
    const crud = {
      trigger: 'form_submitted',
      entities: ['Ticket'],
      outcomes: ['New Ticket is saved to database', 'User sees confirmation message'],
    };
    expect(isCrudStory(storyOf(story('A', crud)))).toBe(true);
    expect(isCrudStory(storyOf(story('A', { ...crud, trigger: 'status_changed' })))).toBe(false);
    expect(isCrudStory(storyOf(story('A', { ...crud, entities: ['Ticket', 'User'] })))).toBe(false);
    expect(isCrudStory(storyOf(story('A', { ...crud, unless: [['x', 'y']] })))).toBe(false);
    expect(isCrudStory(storyOf(story('A', { ...crud, outcomes: ['User sees confirmation message'] })))).toBe(
      false,
    );
    expect(
      isCrudStory(storyOf(story('A', { ...crud, outcomes: ['Ticket saved', 'Manager is paged'] }))),
    ).toBe(false);
  });

  it('classifies by trigger', () => {
    const kind = (trigger: string) => classifyStory(storyOf(story('A', { trigger, entities: ['T'] })));
    expect(kind('status_changed')).toBe('lifecycle');
    expect(kind('cron_daily')).toBe('scheduled');
    expect(kind('cron_hourly')).toBe('scheduled');
    expect(kind('external_event')).toBe('events');
    expect(kind('timer_elapsed')).toBe('events');
    expect(kind('user_click')).toBe('workflow');
  });

  it('slugs like Dazzle', () => {
    expect(slugify('Support Ticket')).toBe('support_ticket');
    expect(slugify('  Four-Eye  review! ')).toBe('four_eye_review');
    expect(slugify('A'.repeat(40))).toHaveLength(30);
  });
});

describe('propose: briefs', () => {
  const texts = [
    story('ST-1', {
      trigger: 'form_submitted',
      entities: ['Ticket'],
      outcomes: ['New Ticket is saved to database'],
    }),
    story('ST-2', {
      trigger: 'status_changed',
      entities: ['Ticket'],
      persona: 'agent',
      outcomes: ["Ticket.status becomes 'resolved'"],
    }),
    story('ST-3', {
      trigger: 'status_changed',
      entities: ['Ticket', 'User'],
      persona: 'manager',
      outcomes: ["Ticket.status becomes 'closed'"],
      unless: [['Customer disputes the fix', 'Ticket is reopened']],
    }),
    story('ST-4', { trigger: 'cron_daily', entities: ['Invoice'], title: 'Sync invoices to Xero' }),
    story('ST-5', { trigger: 'user_click' }),
    story('ST-6', { trigger: 'status_changed', entities: ['Ticket'], status: 'rejected' }),
  ];

  it('groups by first entity, splits by kind and sets CRUD aside', () => {
    const r = report(...texts);
    expect(r.workflows.map((w) => [w.name, w.implements, w.entity, w.recommendation])).toEqual([
      ['ticket_lifecycle', ['ST-2', 'ST-3'], 'Ticket', 'compose_process'],
      ['invoice_scheduled', ['ST-4'], 'Invoice', 'compose_process'],
      ['unscoped_workflow', ['ST-5'], null, 'compose_process'],
    ]);
    expect(r.workflow_count).toBe(3);
    expect(r.skipped_crud).toEqual(['Ticket']);
    expect(r.skipped_crud_count).toBe(1);
    expect(Object.keys(r.entities ?? {})).toEqual(['Ticket', 'Invoice']);
  });

  it('writes Dazzle’s titles, reasons, summaries, questions and checklist', () => {
    const lifecycle = report(...texts).workflows[0];
    expect(lifecycle).toMatchObject({
      title: 'Ticket Lifecycle',
      reason:
        'Stories drive status transitions on Ticket. Compose a process that orchestrates this lifecycle.',
      story_summaries: [
        { story_id: 'ST-2', title: 'Story ST-2', trigger: 'status_changed', actor: 'agent' },
        { story_id: 'ST-3', title: 'Story ST-3', trigger: 'status_changed', actor: 'manager' },
      ],
      design_questions: [
        'Multiple actors involved (agent, manager). How are handoffs between them managed?',
        'Exception paths exist. Are compensations needed if a step fails?',
        "Multiple entities in scope. What's the failure/retry strategy for cross-entity operations?",
      ],
      review_checklist: [
        {
          story_id: 'ST-3',
          type: 'exception',
          obligation: 'Customer disputes the fix',
          verify: 'Process must handle: Customer disputes the fix → Ticket is reopened',
        },
      ],
    });
    const scheduled = report(...texts).workflows[1];
    expect(scheduled.design_questions).toEqual([
      'What triggers this workflow? Consider: scheduled job, webhook, or event from another process.',
      'Stories reference external integrations (ST-4). What is the failure/retry/compensation strategy for API calls?',
    ]);
    expect(scheduled.review_checklist).toBeUndefined();
  });

  it('keeps CRUD briefs with --include-crud, and proposes for chosen stories only', () => {
    const ir = app(...texts);
    const withCrud = proposeWorkflows(ir, { includeCrud: true }) as ProposalReport;
    expect(withCrud.workflows[0]).toMatchObject({
      name: 'ticket_crud',
      implements: ['ST-1'],
      recommendation: 'compose_process',
    });
    expect(withCrud.skipped_crud).toBeUndefined();
    const chosen = proposeWorkflows(ir, { storyIds: ['ST-4'] }) as ProposalReport;
    expect(chosen.workflows.map((w) => w.implements)).toEqual([['ST-4']]);
  });

  it('says so when every story is covered', () => {
    const covered = [
      story('ST-1', { trigger: 'user_click', entities: ['Invoice'], outcomes: ['Invoice email is sent'] }),
      'process p "P":\n  implements: [ST-1]\n  trigger:\n    when: manual\n  steps:\n    - step email_invoice:\n        service: mailer\n',
    ];
    expect(proposeWorkflows(app(...covered))).toEqual({
      status: 'all_covered',
      message: 'All stories are fully covered by processes.',
    });
  });

  it('prints briefs as text', () => {
    const text = formatProposals(report(...texts));
    expect(text).toContain('ticket_lifecycle — Ticket Lifecycle [compose_process]');
    expect(text).toContain('  ☐ ST-3: Process must handle: Customer disputes the fix → Ticket is reopened');
    expect(text.split('\n').at(-1)).toBe('CRUD only, no process needed: Ticket (--include-crud to keep)');
  });
});

describe('propose --dsl', () => {
  it('gives a lifecycle brief a status trigger and satisfies refs that cover its stories', () => {
    const texts = [
      story('ST-2', {
        trigger: 'status_changed',
        entities: ['Ticket'],
        outcomes: ["Ticket.status becomes 'resolved'", 'Customer is told'],
      }),
    ];
    const clusters = proposeClusters(app(...texts)) ?? [];
    const text = briefToDsl(clusters[0]);
    expect(text).toContain('    when: entity Ticket status -> resolved');
    expect(text).toContain('  implements: [ST-2]');
    const withProcess = app(...texts, text);
    expect(analyseCoverage(withProcess).stories[0]).toMatchObject({
      status: 'covered',
      implementing_processes: ['ticket_lifecycle'],
    });
  });

  it('every brief of every fixture app and the example app validates', () => {
    const apps: [string, { name: string; text: string }[]][] = [
      ...storyApps().map((n): [string, { name: string; text: string }[]] => [n, appFiles(n)]),
      ['examples', exampleFiles()],
    ];
    let briefs = 0;
    for (const [name, files] of apps) {
      const ir = app(...files);
      for (const cluster of proposeClusters(ir, { includeCrud: true }) ?? []) {
        const text = briefToDsl(cluster);
        const { diagnostics, ir: parsed } = checkSources([{ name: `${cluster.brief.name}.dsl`, text }]);
        expect(
          diagnostics.filter((d) => d.severity === 'error'),
          `${name}/${cluster.brief.name}\n${text}`,
        ).toEqual([]);
        expect(parsed.processes.map((p) => p.implements)).toEqual([cluster.brief.implements]);
        briefs++;
      }
    }
    expect(briefs).toBeGreaterThan(5);
  });
});
