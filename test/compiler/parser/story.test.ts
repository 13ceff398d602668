import { describe, expect, it } from 'vitest';
import { codes, dsl, expectClean, parse } from './harness.ts';

describe('story blocks', () => {
  it('reads every field, with Dazzle’s field_path probe', () => {
    const { stories } = expectClean(dsl`
      story ST-001 "Staff sends invoice":
        "Longer description"
        status: accepted
        persona: staff
        trigger: status_changed
        entities: [Invoice, Client]
        executed_by: process.send_invoice
        narrative_only: true
        given:
          - "Invoice.status is 'draft'"
          - "Client has an email"
        when:
          - Invoice is sent
        then:
          - "Invoice.sent_at is recorded"
        unless:
          - "Client.email is missing":
              then: "FollowupTask is created"
    `);
    expect(stories).toEqual([
      {
        story_id: 'ST-001',
        title: 'Staff sends invoice',
        persona: 'staff',
        trigger: 'status_changed',
        entities: ['Invoice', 'Client'],
        given: [
          { expression: "Invoice.status is 'draft'", field_path: 'Invoice.status' },
          { expression: 'Client has an email' },
        ],
        when: [{ expression: 'Invoice is sent' }],
        // biome-ignore lint/suspicious/noThenProperty: `then` is Dazzle's story field name (not a thenable)
        then: [{ expression: 'Invoice.sent_at is recorded', field_path: 'Invoice.sent_at' }],
        unless: [{ condition: 'Client.email is missing', then_outcomes: ['FollowupTask is created'] }],
        status: 'accepted',
        executed_by: 'process.send_invoice',
        narrative_only: true,
        description: 'Longer description',
        source: { file: 'test.dsl', line: 1, column: 7 },
      },
    ]);
  });

  it('defaults status to draft, narrative_only to false and entities to [] (Dazzle: default_factory=list)', () => {
    const { stories } = expectClean('story X-1 "T":\n  persona: a\n');
    expect(stories[0]).toMatchObject({
      entities: [],
      status: 'draft',
      narrative_only: false,
      given: [],
      when: [],
      // biome-ignore lint/suspicious/noThenProperty: `then` is Dazzle's story field name (not a thenable)
      then: [],
      unless: [],
    });
  });

  // Dazzle #1559 renamed the story fields `actor` → `persona` and `scope` → `entities`; its parser
  // (story.py `_skip_unknown_story_field`) rejects the old names with the rename in the message.
  it('reports actor: and scope: as renamed (DZ208), with the new name, and reads them as it', () => {
    const { ir, diagnostics } = parse('story X-1 "T":\n  actor: clerk\n  scope: [Invoice]\n');
    const { stories } = ir;
    expect(codes(diagnostics)).toEqual([
      ['DZ208', 2, 3],
      ['DZ208', 3, 3],
    ]);
    expect(diagnostics[0].message).toContain("write 'persona:'");
    expect(diagnostics[1].message).toContain("write 'entities:'");
    expect(diagnostics.every((d) => d.severity === 'error')).toBe(true);
    expect(stories[0]).toMatchObject({ persona: 'clerk', entities: ['Invoice'] });
    expect(stories[0]).not.toHaveProperty('actor');
    expect(stories[0]).not.toHaveProperty('scope');
  });

  it('reports an invalid status or trigger with the accepted values', () => {
    const { diagnostics } = parse('story X-1 "T":\n  status: done\n  trigger: clicked\n');
    expect(codes(diagnostics)).toEqual([
      ['DZ204', 2, 11],
      ['DZ204', 3, 12],
    ]);
    expect(diagnostics[1].message).toContain('form_submitted');
  });
});
