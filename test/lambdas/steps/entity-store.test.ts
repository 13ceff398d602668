import { describe, expect, it } from 'vitest';
import { handleEntityStore } from '../../../lambdas/entity-store/core.ts';
import { parseEntityStore } from '../../../lambdas/shared/schemas.ts';
import { FakeClock, FakeEntityStore, RecordingLog } from '../helpers/fakes.ts';

const exec = { id: 'arn:exec:1', name: '1', start_time: '2026-11-25T09:00:00.000Z' };

function setup() {
  let n = 0;
  return {
    store: new FakeEntityStore(),
    clock: new FakeClock(),
    newId: () => `new-${++n}`,
    log: new RecordingLog(),
  };
}

describe('entity store core', () => {
  it('creates with an assigned id and created_at, then updates where all filters hold', async () => {
    const deps = setup();
    const created = await handleEntityStore(
      {
        op: 'effects',
        process: 'p',
        step: 's',
        execution: exec,
        effects: [
          { action: 'create', entity: 'Task', where: [], values: { title: 'a', status: 'open' } },
          { action: 'create', entity: 'Task', where: [], values: { title: 'b', status: 'open' } },
          {
            action: 'update',
            entity: 'Task',
            where: [{ field: 'title', op: 'eq', value: 'a' }],
            values: { status: 'done' },
          },
        ],
      },
      deps,
    );
    expect(created).toEqual({
      created: [
        { entity: 'Task', id: 'new-1' },
        { entity: 'Task', id: 'new-2' },
      ],
      updated: [{ entity: 'Task', count: 1 }],
    });
    expect(deps.store.rows.get('Task')?.get('new-1')).toEqual({
      id: 'new-1',
      title: 'a',
      status: 'done',
      created_at: '2026-11-25T10:00:00.000Z',
    });
    expect(deps.store.rows.get('Task')?.get('new-2')?.status).toBe('open');
  });

  it('derives created ids from request_id, so a retried invoke creates nothing twice', async () => {
    const deps = setup();
    const event = {
      op: 'effects' as const,
      process: 'p',
      step: 's',
      execution: exec,
      request_id: 'exec-1#s#2026-11-25T10:00:00Z',
      effects: [{ action: 'create' as const, entity: 'Audit', where: [], values: { note: 'x' } }],
    };
    const a = await handleEntityStore(event, deps);
    const b = await handleEntityStore(event, deps);
    expect(a).toEqual(b);
    expect(deps.store.rows.get('Audit')?.size).toBe(1);
  });

  it('queries with filters, a limit and next_token paging', async () => {
    const deps = setup();
    for (let i = 0; i < 5; i++)
      await deps.store.create('Invoice', `i${i}`, { total: i * 10, status: i === 2 ? 'paid' : 'open' });
    const filter = [{ field: 'status', op: 'eq' as const, value: 'open' }];
    const p1 = await handleEntityStore(
      { op: 'query', process: 'p', step: 's', entity: 'Invoice', filter, limit: 3 },
      deps,
    );
    expect(p1).toMatchObject({ count: 3, next_token: expect.any(String) });
    const p2 = await handleEntityStore(
      {
        op: 'query',
        process: 'p',
        step: 's',
        entity: 'Invoice',
        filter,
        limit: 3,
        next_token: (p1 as { next_token: string }).next_token,
      },
      deps,
    );
    expect(p2).toEqual({ items: [{ id: 'i4', total: 40, status: 'open' }], count: 1 });
  });

  it('parses the contract payload and rejects unknown ops', () => {
    expect(parseEntityStore({ op: 'query', process: 'p', step: 's', entity: 'E' })).toMatchObject({
      filter: [],
      limit: 1000,
    });
    expect(() =>
      parseEntityStore({
        op: 'query',
        process: 'p',
        step: 's',
        entity: 'E',
        filter: [{ field: 'a', op: 'like', value: 1 }],
      }),
    ).toThrow(/invalid entityStore event/);
  });
});
