import { describe, expect, it } from 'vitest';
import { handle } from '../../../lambdas/start/handler.ts';
import { FakeClock, FakeExecutions, FakeRunStore, RecordingLog } from '../helpers/fakes.ts';
import { parse, request } from '../helpers/http.ts';

const SM = 'arn:aws:states:eu-west-1:123456789012:stateMachine:order_flow';

function setup() {
  let n = 0;
  const deps = {
    access: {},
    processes: {
      order_flow: {
        stateMachineArn: SM,
        inputs: [
          { name: 'order_id', type: 'uuid', required: true },
          { name: 'priority', type: 'enum[normal,urgent]', required: false, default: 'normal' },
          { name: 'qty', type: 'int', required: false },
        ],
      },
    },
    executions: new FakeExecutions(),
    runs: new FakeRunStore(),
    clock: new FakeClock(),
    newId: () => `id-${++n}`,
    log: new RecordingLog(),
  };
  const ctx = { ...deps, auth: { rolesClaim: 'cognito:groups', devAuth: false } };
  const post = (body: unknown, headers: Record<string, string> = {}, name = 'order_flow') =>
    handle(request('POST', `/processes/${name}/executions`, { body, headers, claims: { sub: 'u-1' } }), ctx);
  return { deps, post };
}

const ORDER = '123e4567-e89b-12d3-a456-426614174000';

describe('POST /processes/{name}/executions', () => {
  it('starts with {input (defaults applied), trigger: {kind: manual, user}} → 202', async () => {
    const { deps, post } = setup();
    const res = await post({ input: { order_id: ORDER } });
    expect(res.statusCode).toBe(202);
    expect(parse(res)).toEqual({
      executionId: `${SM.replace(':stateMachine:', ':execution:')}:id-1`,
      name: 'id-1',
    });
    expect(JSON.parse(deps.executions.starts[0].input)).toEqual({
      input: { order_id: ORDER, priority: 'normal' },
      trigger: { kind: 'manual', user: 'u-1' },
    });
    expect(deps.runs.records.get('id-1')).toMatchObject({ status: 'RUNNING', process: 'order_flow' });
  });

  it.each([
    [{ input: {} }, 'order_id'],
    [{ input: { order_id: 'nope' } }, 'order_id'],
    [{ input: { order_id: ORDER, qty: 1.5 } }, 'qty'],
    [{ input: { order_id: ORDER, priority: 'low' } }, 'priority'],
    [{ input: { order_id: ORDER, other: 1 } }, 'other'],
  ])('400 for %j naming %s', async (body, field) => {
    const { post } = setup();
    const res = await post(body);
    expect(res.statusCode).toBe(400);
    expect(parse(res).error.field).toBe(field);
  });

  it('404 for an unknown process (also for inherited object keys)', async () => {
    const { post } = setup();
    expect((await post({ input: {} }, {}, 'nope')).statusCode).toBe(404);
    expect((await post({ input: {} }, {}, 'toString')).statusCode).toBe(404);
  });

  it('an Idempotency-Key makes the name deterministic: a repeat returns the same execution', async () => {
    const { deps, post } = setup();
    const a = parse(await post({ input: { order_id: ORDER } }, { 'Idempotency-Key': 'abc' }));
    const b = await post({ input: { order_id: ORDER } }, { 'Idempotency-Key': 'abc' });
    expect(b.statusCode).toBe(202);
    expect(parse(b)).toEqual(a);
    expect(a.name).toMatch(/^idem-[0-9a-f]{64}$/);
    expect(deps.executions.started()).toHaveLength(1);
    const other = await post({ input: { order_id: ORDER, qty: 2 } }, { 'Idempotency-Key': 'abc' });
    expect(other.statusCode).toBe(409);
  });

  it('400 for a body that is not JSON or has fields other than input', async () => {
    const { post } = setup();
    expect((await post({ inputs: {} })).statusCode).toBe(400);
  });
});
