import { describe, it } from 'vitest';
import { KnownStoriesRule } from '../../../compiler/validate/rules/KnownStoriesRule.ts';
import { at, dsl, harnessFor } from './harness.ts';

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
