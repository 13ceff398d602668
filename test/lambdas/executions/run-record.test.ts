import { describe, expect, it } from 'vitest';
import {
  getRun,
  type RunRecordDeps,
  recordStatusChange,
  recordStep,
} from '../../../lambdas/run-record/core.ts';
import { FakeClock, FakeExecutions, FakeRunStore, RecordingLog } from '../helpers/fakes.ts';

const SM = 'arn:aws:states:eu-west-1:123456789012:stateMachine:order_flow';
const ARN = 'arn:aws:states:eu-west-1:123456789012:execution:order_flow:run-1';

function setup(): RunRecordDeps & {
  runs: FakeRunStore;
  executions: FakeExecutions;
  clock: FakeClock;
  log: RecordingLog;
} {
  return {
    runs: new FakeRunStore(),
    executions: new FakeExecutions(),
    clock: new FakeClock(),
    log: new RecordingLog(),
    processOf: () => ({ name: 'order_flow', kind: 'process' }),
    taskRolesOf: () => [],
    access: { adminRole: 'admin' },
    staleSeconds: 30,
  };
}

/** The stage's admin: reads every execution. */
const ADMIN = { user: 'root', ids: ['root'], roles: ['admin'] };

const status = (s: 'RUNNING' | 'SUCCEEDED' | 'FAILED', extra = {}) => ({
  executionArn: ARN,
  stateMachineArn: SM,
  name: 'run-1',
  status: s,
  startDate: Date.parse('2026-11-25T09:00:00Z'),
  ...extra,
});

describe('run records', () => {
  it('status events keep the record; a late RUNNING never overwrites a terminal status', async () => {
    const deps = setup();
    await recordStatusChange(
      status('FAILED', { stopDate: Date.parse('2026-11-25T09:05:00Z'), error: 'Boom', cause: 'x' }),
      deps,
    );
    await recordStatusChange(status('RUNNING'), deps);
    const { execution } = await getRun(ADMIN, 'run-1', deps);
    expect(execution).toMatchObject({
      id: ARN,
      name: 'run-1',
      process: 'order_flow',
      status: 'FAILED',
      error: 'Boom',
      stop_time: '2026-11-25T09:05:00.000Z',
    });
  });

  it('reads by execution ARN too; a foreign ARN with the same name is 404', async () => {
    const deps = setup();
    await recordStatusChange(status('SUCCEEDED'), deps);
    expect((await getRun(ADMIN, ARN, deps)).execution.status).toBe('SUCCEEDED');
    await expect(getRun(ADMIN, ARN.replace('order_flow:', 'other:'), deps)).rejects.toMatchObject({
      code: 'NotFound',
    });
  });

  it('falls back to DescribeExecution when the record is missing or stale, and saves the result', async () => {
    const deps = setup();
    await deps.executions.start(SM, 'run-1', '{}');
    await expect(getRun(ADMIN, 'run-1', deps)).rejects.toMatchObject({ code: 'NotFound' });
    expect((await getRun(ADMIN, ARN, deps)).execution.status).toBe('RUNNING');
    deps.executions.byArn.get(ARN)!.status = 'SUCCEEDED';
    expect((await getRun(ADMIN, 'run-1', deps)).execution.status).toBe('RUNNING');
    deps.clock.advance(31);
    expect((await getRun(ADMIN, 'run-1', deps)).execution.status).toBe('SUCCEEDED');
    expect(deps.runs.records.get('run-1')?.status).toBe('SUCCEEDED');
  });

  it('keeps current_step from step reports', async () => {
    const deps = setup();
    await recordStep(
      'order_flow',
      'charge',
      { id: ARN, name: 'run-1', start_time: '2026-11-25T09:00:00.000Z' },
      deps,
    );
    expect((await getRun(ADMIN, 'run-1', deps)).execution).toMatchObject({
      status: 'RUNNING',
      current_step: 'charge',
      process: 'order_flow',
    });
  });

  it('a run its overlap lock skipped is SKIPPED (Step Functions says SUCCEEDED), naming the holder', async () => {
    const holder = ARN.replace('run-1', 'run-0');
    const output = JSON.stringify({
      status: 'SKIPPED',
      reason: 'overlap',
      holder,
      lock: { pk: 'LOCK#order_flow', sk: 'entity#o-1' },
    });
    const deps = setup();
    await recordStatusChange(status('SUCCEEDED', { output }), deps);
    expect((await getRun(ADMIN, 'run-1', deps)).execution).toMatchObject({
      status: 'SKIPPED',
      skipped_by: holder,
    });
    expect(deps.log.text()).toContain('SKIPPED');
    expect(deps.log.text()).toContain(holder);
    // The same from DescribeExecution, when no status event arrived.
    const described = setup();
    await described.executions.start(SM, 'run-1', '{}');
    Object.assign(described.executions.byArn.get(ARN)!, { status: 'SUCCEEDED', output });
    expect((await getRun(ADMIN, ARN, described)).execution).toMatchObject({
      status: 'SKIPPED',
      skipped_by: holder,
    });
    // A process output that merely mentions SKIPPED is not a skip.
    const plain = setup();
    await recordStatusChange(status('SUCCEEDED', { output: '{"note":"SKIPPED nothing"}' }), plain);
    const run = (await getRun(ADMIN, 'run-1', plain)).execution;
    expect(run.status).toBe('SUCCEEDED');
    expect(run).not.toHaveProperty('skipped_by');
  });

  it("shows a succeeded run's output (its declared outputs, as DescribeExecution returns it)", async () => {
    const deps = setup();
    await recordStatusChange(status('SUCCEEDED', { output: '{"decision":{"outcome":"approve"}}' }), deps);
    expect((await getRun(ADMIN, 'run-1', deps)).execution.output).toEqual({
      decision: { outcome: 'approve' },
    });
    // A failed run has none, as in Step Functions.
    const failed = setup();
    await recordStatusChange(status('FAILED', { output: '{"x":1}', error: 'Boom' }), failed);
    expect((await getRun(ADMIN, 'run-1', failed)).execution).not.toHaveProperty('output');
    // AWS leaves a large output out of the status change event: the record is described once more.
    const large = setup();
    await large.executions.start(SM, 'run-1', '{}');
    Object.assign(large.executions.byArn.get(ARN)!, { status: 'SUCCEEDED', output: '{"total":3}' });
    await recordStatusChange(status('SUCCEEDED'), large);
    expect((await getRun(ADMIN, 'run-1', large)).execution.output).toEqual({ total: 3 });
    expect(large.runs.records.get('run-1')?.output).toBe('{"total":3}');
  });

  it('404 for an unknown name', async () => {
    await expect(getRun(ADMIN, 'nope', setup())).rejects.toMatchObject({ code: 'NotFound' });
  });
});
