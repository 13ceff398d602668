/**
 * Run records cost one DynamoDB write per status, not two (issue 13.12): a manual start's record is
 * written by the start handler, with who started it, so the local bus does not also run run-record
 * for that execution's RUNNING status change (it would write the same item again). The record is
 * complete all the same, and executions started any other way are recorded from their status
 * changes, as in AWS.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sdkClientConfig } from '../../lambdas/shared/adapters/client-config.ts';
import { InProcessTransport } from '../../local/aws/in-process.ts';
import type { BusEvent } from '../../local/bus/bus.ts';
import { type Local, startLocal } from './harness.ts';

const DSL = `
process review "Review":
  trigger: manual
  steps:
    - step decide:
        human_task:
          title: "Decide"
          assignee_role: manager
          outcomes:
            - approve "Approve":
                goto: complete
  overlap: allow
`;

let local: Local;
const recorded: { name: string; status: string }[] = [];

beforeAll(async () => {
  local = await startLocal(DSL, {}, { autoAdvance: false });
  const runRecord = local.rt.functions.runRecord;
  vi.spyOn(local.rt.functions, 'runRecord').mockImplementation((event) => {
    const d = (event as BusEvent).detail as { name: string; status: string };
    recorded.push({ name: d.name, status: d.status });
    return runRecord(event);
  });
});
afterAll(() => local?.close());

const statusesOf = (name: string) => recorded.filter((r) => r.name === name).map((r) => r.status);

describe('run records of the local runtime', () => {
  it('a manual start over the API: the start handler writes the record, run-record skips its RUNNING', async () => {
    const started = await local.call(
      'start',
      'POST',
      '/processes/review/executions',
      { user: 'alice' },
      {
        input: {},
      },
    );
    expect(started.status).toBe(202);
    const name = started.body.name as string;
    await local.until(
      () => local.rt.engine.describeExecution(started.body.executionId as string).transitions > 1,
      'the task',
    );
    await local.rt.bus.idle();
    expect(statusesOf(name)).toEqual([]);
    const read = await local.call('runs', 'GET', `/executions/${name}`, { user: 'alice' });
    expect(read.status).toBe(200);
    expect(read.body.execution).toMatchObject({
      name,
      status: 'RUNNING',
      process: 'review',
      kind: 'process',
    });
  });

  it('an execution started otherwise is recorded from its RUNNING status change', async () => {
    const arn = local.rt.startExecution('review', {
      input: {},
      trigger: { kind: 'entity', entity: 'Order' },
    });
    const name = arn?.split(':').at(-1) as string;
    await local.until(() => statusesOf(name).length > 0, 'the RUNNING status change');
    expect(statusesOf(name)).toEqual(['RUNNING']);
    local.rt.engine.stopExecution(arn as string, { error: 'Test.Stop', cause: 'done' });
    await local.rt.bus.idle();
    expect(statusesOf(name)).toEqual(['RUNNING', 'ABORTED']);
  });

  it('the handlers reach the local endpoints in-process while the runtime runs', () => {
    expect(sdkClientConfig().requestHandler).toBeInstanceOf(InProcessTransport);
  });
});
