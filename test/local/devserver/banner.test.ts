/**
 * The dev server's start-up banner says what a `param(…)` schedule was armed with (issue 16.15: the
 * raw `param(…)` text was shown though the values were resolved), and that one without a value is
 * not armed.
 */
import { describe, expect, it } from 'vitest';
import { startupSummary } from '../../../local/devserver/walkthrough.ts';
import { compile } from '../../e2e/harness.ts';

const DSL = `module t
app t "T"

schedule report "Report":
  cron: param("report_cron")
  timezone: param("report_tz")
  steps:
    - step one:
        wait: 1s
`;

const line = (values: Record<string, string>) =>
  startupSummary(compile(DSL).manifest, 'http://127.0.0.1:1', undefined, [], [], values)
    .split('\n')
    .find((l) => l.trim().startsWith('report'));

describe('the start-up banner of a param schedule', () => {
  it('shows the value, the AWS expression it became and the params it came from', () => {
    // Unix `0 6 * * 1-5` → AWS `cron(0 6 ? * 2-6 *)`: AWS numbers weekdays 1-7 from Sunday
    // (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#cron-based).
    expect(line({ report_cron: '0 6 * * 1-5', report_tz: 'Europe/London' })).toBe(
      '  report  0 6 * * 1-5 (cron(0 6 ? * 2-6 *), Europe/London) from param(report_cron), param(report_tz)',
    );
  });

  it('says a schedule whose param has no value is not armed', () => {
    expect(line({})).toBe('  report  param(report_cron), param(report_tz) (no value: not armed)');
  });
});
