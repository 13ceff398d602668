/**
 * `dazzle-sfn run` (runOnce) starts the local runtime and the execution at once: a first step that
 * reads or writes the entity table must find it ACTIVE. With the handlers' SDK calls served
 * in-process, the first request used to reach dynalite while it still said CREATING, and the run
 * failed with ResourceNotFoundException (payment_status_poll and reopen_expense of the examples).
 */
import { describe, expect, it } from 'vitest';
import { runOnce } from '../../local/run.ts';
import { compile } from '../e2e/harness.ts';

const DSL = `module t
app t "T"

process sweep "Sweep":
  trigger: manual
  steps:
    - name: pending
      kind: query
      query: Payment
      filter:
        status: pending
      limit: 10
`;

describe('runOnce with an entity-table step first', () => {
  it('finds the table ACTIVE and runs to the end', async () => {
    const report = await runOnce({ artifacts: compile(DSL), workflow: 'sweep', input: {} });
    expect([report.status, report.error]).toEqual(['SUCCEEDED', null]);
  });
});
