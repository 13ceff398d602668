import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchUp } from '../../../lambdas/schedule-catch-up/core.ts';
import { DynamoEntityStore } from '../../../lambdas/shared/adapters/dynamo-entity-store.ts';
import { DynamoRunStore } from '../../../lambdas/shared/adapters/dynamo-run-store.ts';
import { DynamoScheduleRuns } from '../../../lambdas/shared/adapters/dynamo-schedule-runs.ts';
import { type LocalDynamo, startDynamo } from '../helpers/dynalite.ts';
import { FakeClock, FakeExecutions, RecordingLog } from '../helpers/fakes.ts';

let db: LocalDynamo;
beforeAll(async () => {
  db = await startDynamo();
});
afterAll(async () => db.close());

const SM = 'arn:aws:states:eu-west-1:123456789012:stateMachine:daily_report';

describe('schedule catch-up on DynamoDB (dynalite)', () => {
  it('run twice (and concurrently) starts each missed slot once and records the last slot', async () => {
    const runs = new DynamoScheduleRuns(db.doc, db.stateTable);
    const executions = new FakeExecutions();
    const deps = {
      schedules: {
        daily_report: { stateMachineArn: SM, cron: '0 8 * * ? *', timezone: 'Europe/London', catch_up: true },
      },
      executions,
      runs,
      clock: new FakeClock(new Date('2026-11-25T10:00:00Z')),
      log: new RecordingLog(),
      maxSlots: 100,
    };
    await runs.record('daily_report', '2026-11-20T08:00:00.000Z', '2026-11-20T08:00:00.000Z');
    await Promise.all([catchUp(deps), catchUp(deps)]);
    await catchUp(deps);
    expect(executions.started().map((e) => e.name)).toEqual([
      'daily_report-20261121T080000Z',
      'daily_report-20261122T080000Z',
      'daily_report-20261123T080000Z',
      'daily_report-20261124T080000Z',
      'daily_report-20261125T080000Z',
    ]);
    expect(await runs.lastSlot('daily_report')).toBe('2026-11-25T08:00:00.000Z');
    await runs.record('daily_report', '2026-11-01T08:00:00.000Z', 'later');
    expect(await runs.lastSlot('daily_report')).toBe('2026-11-25T08:00:00.000Z');
  });
});

describe('entity store on DynamoDB (dynalite)', () => {
  it('queries with filters across pages, pages with next_token, updates where, creates once', async () => {
    const store = new DynamoEntityStore(db.doc, db.entityTable);
    for (let i = 0; i < 30; i++)
      expect(
        await store.create('Invoice', `inv-${String(i).padStart(3, '0')}`, {
          total: i,
          status: i % 3 === 0 ? 'paid' : 'open',
          client: i % 2 ? 'ACME' : 'Beta',
        }),
      ).toBe(true);
    expect(await store.create('Invoice', 'inv-000', { total: 0 })).toBe(false);
    const filter = [
      { field: 'status', op: 'ne' as const, value: 'paid' },
      { field: 'client', op: 'icontains' as const, value: 'acme' },
    ];
    const seen: unknown[] = [];
    let token: string | undefined;
    do {
      const page = await store.query('Invoice', filter, 4, token);
      seen.push(...page.items.map((r) => r.id));
      expect(page.items.length).toBeLessThanOrEqual(4);
      token = page.next_token;
    } while (token);
    const expected = Array.from({ length: 30 }, (_, i) => i)
      .filter((i) => i % 3 !== 0 && i % 2 === 1)
      .map((i) => `inv-${String(i).padStart(3, '0')}`);
    expect(seen).toEqual(expected);
    expect(
      await store.update('Invoice', [{ field: 'total', op: 'gte', value: 25 }], { status: 'archived' }),
    ).toBe(5);
    const archived = await store.query('Invoice', [{ field: 'status', op: 'eq', value: 'archived' }], 100);
    expect(archived.items.map((r) => r.total)).toEqual([25, 26, 27, 28, 29]);
    expect(archived.next_token).toBeUndefined();
    await expect(store.update('Invoice', [], { id: 'x' })).rejects.toMatchObject({ code: 'InvalidEvent' });
    await expect(store.query('Invoice', [], 1, 'garbage')).rejects.toMatchObject({ code: 'InvalidEvent' });
  });
});

describe('run records on DynamoDB (dynalite)', () => {
  it('a late RUNNING does not overwrite a terminal status; steps are kept', async () => {
    const runs = new DynamoRunStore(db.doc, db.stateTable);
    const base = {
      name: 'r1',
      execution_arn: 'arn:e:r1',
      state_machine_arn: SM,
      process: 'daily_report',
      start_time: '2026-11-25T09:00:00.000Z',
    };
    await runs.setStep('r1', { ...base, current_step: 'fetch', updated_at: '2026-11-25T09:00:01.000Z' });
    await runs.save({
      ...base,
      status: 'SUCCEEDED',
      stop_time: '2026-11-25T09:01:00.000Z',
      updated_at: '2026-11-25T09:01:00.000Z',
    });
    await runs.save({ ...base, status: 'RUNNING', updated_at: '2026-11-25T09:01:01.000Z' });
    expect(await runs.get('r1')).toEqual({
      ...base,
      status: 'SUCCEEDED',
      current_step: 'fetch',
      stop_time: '2026-11-25T09:01:00.000Z',
      updated_at: '2026-11-25T09:01:00.000Z',
    });
  });
});
