import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../compiler/parser/index.ts';
import { validateApp } from '../../../compiler/validate/index.ts';
import { KnownStoriesRule } from '../../../compiler/validate/rules/KnownStoriesRule.ts';
import { at, countingReads, dsl, FILE, harnessFor } from './harness.ts';

const { expectValid, expectErrors } = harnessFor(KnownStoriesRule);

const source = dsl`
  story ST-001 "Customer orders":
    status: accepted
  process p "P":
    implements: [ST-001, ST-002]
    steps:
      - step a:
          service: s
  schedule nightly "Nightly":
    implements: [ST-01]
    cron: "0 2 * * *"
    steps:
      - step b:
          service: s
`;

describe('KnownStoriesRule', () => {
  it('says nothing when no stories were loaded', () => {
    expectValid(source, { storiesLoaded: false });
  });

  it('warns about ids no loaded story defines, in processes and schedules, at the list', () => {
    expectErrors(source, [at('DZ311', source, '[ST-001'), at('DZ311', source, '[ST-01]')], {
      storiesLoaded: true,
    });
  });

  it('checks a workflow only against the stories of its own app, and not when its app has none', () => {
    const twoApps = dsl`
      story ST-001 "Billing story":
        status: accepted
      process billing_run "Billing":
        implements: [ST-002]
        steps:
          - step a:
              service: s
      process shop_run "Shop":
        implements: [ST-001]
        steps:
          - step b:
              service: s
    `;
    const appOf = (node: object) =>
      'story_id' in node ? 'billing' : String((node as { name: string }).name).split('_')[0];
    expectErrors(twoApps, [at('DZ311', twoApps, '[ST-002]')], { storiesLoaded: true, appOf });
  });
});

describe('KnownStoriesRule at scale', () => {
  it('gathers the story ids once, not once per workflow', () => {
    // It used to filter every story for each workflow (quadratic).
    const n = 200;
    const text = [
      ...Array.from({ length: n }, (_, i) => `story ST-${i} "Story ${i}":\n  status: accepted`),
      ...Array.from(
        { length: n },
        (_, i) => `process p${i} "P":\n  implements: [ST-${i}]\n  steps:\n    - step a:\n        service: s`,
      ),
    ].join('\n');
    const parsed = parseSource({ name: FILE, text: `${text}\n` });
    const { items: stories, reads } = countingReads(parsed.ir.stories);
    const found = validateApp({ ...parsed.ir, stories }, parsed.sourceMap, { storiesLoaded: true }, [
      KnownStoriesRule,
    ]);
    expect(found).toEqual([]);
    expect(reads() / n).toBeLessThan(5);
  });
});
