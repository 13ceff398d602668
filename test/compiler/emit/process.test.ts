// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${…}` are the ASL placeholders, not templates.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type {
  ChoiceState,
  FailState,
  PassState,
  State,
  SucceedState,
  TaskState,
} from '../../../compiler/emit/asl/types.ts';
import { SourceMap } from '../../../compiler/ir/locations.ts';
import type { ProcessSpec } from '../../../compiler/ir/types.ts';
import { processOf, service, step } from '../plan/builders.ts';
import { AT, emitProcess, evaluate, evaluateObject, expectValid } from './harness.ts';

const CONTEXT = { Execution: { Id: 'arn:exec:1', Name: '1', StartTime: '2026-01-01T00:00:00Z' } };

/** Successors of a state (Next, Default, rules, catchers). */
function successors(state: State): string[] {
  const out: string[] = [];
  if ('Next' in state && state.Next) out.push(state.Next);
  if (state.Type === 'Choice') {
    out.push(...state.Choices.map((c) => c.Next));
    if (state.Default) out.push(state.Default);
  }
  if ('Catch' in state && state.Catch) out.push(...state.Catch.map((c) => c.Next));
  return out;
}

function reachable(states: Record<string, State>, from: string, blocked: Set<string>): Set<string> {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (seen.has(name) || blocked.has(name)) continue;
    seen.add(name);
    stack.push(...successors(states[name]));
  }
  return seen;
}

describe('process-wide states', () => {
  const spec = processOf('p', [service('a')], {
    inputs: [
      { name: 'order_id', type: 'uuid', required: true },
      { name: 'count', type: 'int', required: false, default: '3' },
      { name: 'rush', type: 'bool', required: false, default: 'false' },
      { name: 'note', type: 'str', required: false, default: 'none' },
    ],
    timeout_seconds: 900,
  });
  const { definition } = emitProcess(spec);

  it('is JSONata ASL with the process timeout', () => {
    expectValid(definition);
    expect(definition.QueryLanguage).toBe('JSONata');
    expect(definition.TimeoutSeconds).toBe(900);
    expect(definition.StartAt).toBe('Start check input');
  });

  it('fails at once with Process.InvalidInput naming the missing field', async () => {
    const check = definition.States['Start check input'] as ChoiceState;
    const fail = definition.States['Start invalid input'] as FailState;
    expect(fail.Error).toBe('Process.InvalidInput');
    const started = (input: unknown) => ({ states: { context: { Execution: { Input: input } } } });
    const missing = started({ input: { count: 1 }, trigger: {} });
    expect(await evaluate(check.Choices[0].Condition, missing)).toBe(true);
    expect(await evaluate(fail.Cause, missing)).toBe('missing required input: order_id');
    expect(await evaluate(check.Choices[0].Condition, started({ input: { order_id: 'o' } }))).toBe(false);
    expect(await evaluate(check.Choices[0].Condition, started({ input: { order_id: null } }))).toBe(true);
  });

  it('applies typed defaults without overriding given inputs, on the way to the first step', async () => {
    // The input check sets the variables (a Choice may Assign): no separate init state.
    const check = definition.States['Start check input'] as ChoiceState;
    expect(definition.States['Start init']).toBeUndefined();
    expect(check.Default).toBe('a');
    const vars = await evaluateObject(check.Assign ?? {}, {
      states: {
        context: { Execution: { Input: { input: { order_id: 'o', note: 'given' }, trigger: { id: 't' } } } },
      },
    });
    expect(vars).toEqual({
      input: { count: 3, rush: false, note: 'given', order_id: 'o' },
      trigger: { id: 't' },
      completed: [],
      failure: null,
      step_a: null,
    });
  });
});

describe('service step', () => {
  const spec = processOf(
    'p',
    [
      service('charge', {
        service: 'charge_card',
        timeout_seconds: 45,
        inputs: [
          { source: 'order_id', target: 'order' },
          { source: 'lookup.price', target: 'price' },
        ],
        output_mapping: 'receipt',
      }),
      service('lookup'),
    ],
    {
      inputs: [{ name: 'order_id', type: 'uuid', required: true }],
      outputs: [
        { name: 'receipt', type: 'str', satisfies: [] },
        { name: 'total', type: 'int', satisfies: [] },
      ],
    },
  );
  const { definition, iam } = emitProcess(spec);
  const task = definition.States.charge as TaskState;

  it('invokes the service Lambda with the ServiceEvent', async () => {
    expectValid(definition);
    expect(task.Resource).toBe('arn:aws:states:::lambda:invoke');
    expect(task.TimeoutSeconds).toBe(45);
    const args = task.Arguments as { FunctionName: string; Payload: string };
    expect(args.FunctionName).toBe('${Service_charge_card}');
    const payload = await evaluate(args.Payload, {
      input: { order_id: 'o1' },
      trigger: {},
      step_lookup: { price: 5 },
      step_charge: null,
      states: { context: CONTEXT },
    });
    // Step outputs arrive through the mappings only; the context is the inputs and trigger, once.
    expect(payload).toEqual({
      process: 'p',
      step: 'charge',
      execution: { id: 'arn:exec:1', name: '1', start_time: '2026-01-01T00:00:00Z' },
      input: { order: 'o1', price: 5 },
      context: { input: { order_id: 'o1' }, trigger: {} },
    });
    expect(iam).toContainEqual({
      state: 'charge',
      actions: ['lambda:InvokeFunction'],
      resources: ['${Service_charge_card}', '${Service_charge_card}:*'],
    });
  });

  it('sends the context once, with no step outputs, when no inputs are mapped', async () => {
    const args = (definition.States.lookup as TaskState).Arguments as { Payload: string };
    const payload = (await evaluate(args.Payload, {
      input: { a: 1 },
      trigger: { t: 2 },
      step_charge: { big: 'x'.repeat(1000) },
      states: { context: CONTEXT },
    })) as { input: unknown; context: unknown };
    expect(payload.input).toEqual({});
    expect(payload.context).toEqual({ input: { a: 1 }, trigger: { t: 2 } });
  });

  it('stores the output in its own variable only: one copy in the Assign (AWS: 256 KiB an Assign)', async () => {
    const vars = await evaluateObject(task.Assign ?? {}, {
      states: { result: { Payload: { total: 9, other: true } } },
    });
    expect(vars).toEqual({ step_charge: { total: 9, other: true } });
  });

  it('ends the run on the last step with the declared outputs, read from the step variables (no Succeed state)', async () => {
    const last = definition.States.lookup as TaskState;
    expect(last.End).toBe(true);
    expect(last.Next).toBeUndefined();
    expect(definition.States['Process succeeded']).toBeUndefined();
    // `receipt` is charge's whole output (its `output:` name), `total` the last step's field.
    const output = await evaluate(last.Output, {
      step_charge: { total: 1, other: true },
      step_lookup: null,
      states: { result: { Payload: { total: 3, secret: 'not declared' } } },
    });
    expect(output).toEqual({ receipt: { total: 1, other: true }, total: 3 });
    // A step that did not run adds nothing.
    const early = await evaluate(last.Output, {
      step_charge: null,
      step_lookup: null,
      states: { result: { Payload: { total: 3 } } },
    });
    expect(early).toEqual({ total: 3 });
  });

  it('catches every error after retries and records the failure', async () => {
    expect(task.Catch?.[0].Next).toBe('Process failed');
    const vars = await evaluateObject(task.Catch?.[0].Assign ?? {}, {
      states: { errorOutput: { Error: 'CardDeclined', Cause: 'no funds' } },
    });
    expect(vars.failure).toEqual({ step: 'charge', error: 'CardDeclined', cause: 'no funds' });
  });
});

describe('saga compensations', () => {
  const spec = processOf(
    'p',
    [
      service('reserve', {
        compensate_with: 'release',
        inputs: [{ source: 'order_id', target: 'order_id' }],
      }),
      service('charge', { compensate_with: 'refund', inputs: [{ source: 'order_id', target: 'id' }] }),
      service('ship'),
    ],
    {
      inputs: [{ name: 'order_id', type: 'uuid', required: true }],
      compensations: [
        {
          name: 'release',
          service: 'stock_release',
          inputs: [{ source: 'reserve.reservation_id', target: 'reservation' }],
          timeout_seconds: 60,
        },
      ],
      events: { on_failure: 'Failed' },
    },
  );
  const { definition } = emitProcess(spec);

  it('records completed compensable steps with their evaluated inputs (own output included)', async () => {
    expectValid(definition);
    const reserve = definition.States.reserve as TaskState;
    const vars = await evaluateObject(reserve.Assign ?? {}, {
      input: { order_id: 'o1' },
      trigger: {},
      steps: {},
      completed: [],
      states: { result: { Payload: { reservation_id: 'r9' } } },
    });
    expect(vars.completed).toEqual([
      { compensation: 'release', step: 'reserve', input: { reservation: 'r9' } },
    ]);
    const charge = definition.States.charge as TaskState;
    const next = await evaluateObject(charge.Assign ?? {}, {
      input: { order_id: 'o1' },
      trigger: {},
      steps: {},
      completed: vars.completed,
      states: { result: { Payload: {} } },
    });
    // Implicit compensation `refund`: the service of that name with the step's own inputs.
    expect(next.completed).toEqual([
      { compensation: 'release', step: 'reserve', input: { reservation: 'r9' } },
      { compensation: 'refund', step: 'charge', input: { id: 'o1' } },
    ]);
  });

  it('runs them in reverse, one at a time, each with its own retry; failures are recorded', async () => {
    const map = definition.States['Failure compensate'];
    expect(map.Type).toBe('Map');
    if (map.Type !== 'Map') return;
    expect(map.MaxConcurrency).toBe(1);
    const items = await evaluate(map.Items, {
      completed: [
        { compensation: 'release', step: 'reserve' },
        { compensation: 'refund', step: 'charge' },
      ],
    });
    expect(items).toEqual([
      { compensation: 'refund', step: 'charge' },
      { compensation: 'release', step: 'reserve' },
    ]);
    const inner = map.ItemProcessor.States;
    const release = inner['Failure compensate release'] as TaskState;
    expect((release.Arguments as { FunctionName: string }).FunctionName).toBe('${Service_stock_release}');
    expect(release.TimeoutSeconds).toBe(60);
    expect(release.Retry?.[0]).toMatchObject({ ErrorEquals: ['States.ALL'], MaxAttempts: 2 });
    expect(release.Catch?.[0].Next).toBe('Failure compensate release failed');
    const failed = inner['Failure compensate release failed'] as PassState;
    expect(
      await evaluate(failed.Output, {
        states: { input: { record: { step: 'reserve' }, error: 'E', cause: 'C' } },
      }),
    ).toEqual({ compensation: 'release', step: 'reserve', status: 'failed', error: 'E', cause: 'C' });
    expect(map.Next).toBe('Emit failed');
  });

  it('then fails with the original error and cause', async () => {
    const fail = definition.States['Process failed'] as FailState;
    const failure = { failure: { step: 'ship', error: 'Carrier.Down', cause: '503' } };
    expect(await evaluate(fail.Error, failure)).toBe('Carrier.Down');
    expect(await evaluate(fail.Cause, failure)).toBe('503');
    expect(await evaluate(fail.Error, { failure: null })).toBe('Process.Failed');
  });
});

describe('overlap lock', () => {
  /** A process whose source writes `overlap: <policy>` (the source map records the field). */
  const withPolicy = (
    overlap_policy: 'skip' | 'queue' | 'cancel_previous' | 'allow',
    extra: Partial<ProcessSpec> = {},
  ) => {
    const spec = processOf(
      'p',
      [service('a', { on_failure: 'b' }), service('b'), service('c', { compensate_with: 'undo' })],
      {
        overlap_policy,
        timeout_seconds: 600,
        events: { on_complete: 'Done', on_failure: 'Failed' },
        ...extra,
      },
    );
    const sourceMap = new SourceMap();
    sourceMap.setField(spec, 'overlap_policy', AT);
    return emitProcess(spec, sourceMap).definition;
  };

  it.each(['skip', 'queue', 'cancel_previous'] as const)(
    '%s: every end except "skipped" passes a lock release',
    (policy) => {
      const definition = withPolicy(policy);
      expectValid(definition);
      const releases = new Set(['Success release lock', 'Failure release lock']);
      const blocked = reachable(definition.States, definition.StartAt, releases);
      expect(blocked.has('Process succeeded')).toBe(false);
      expect(blocked.has('Process failed')).toBe(false);
      expect(blocked.has('Lock acquire')).toBe(true);
    },
  );

  it('takes no lock when the process does not write overlap (Dazzle records skip anyway)', () => {
    for (const sourceMap of [undefined, new SourceMap()]) {
      const spec = processOf('p', [service('a')], { overlap_policy: 'skip' });
      const states = Object.keys(emitProcess(spec, sourceMap).definition.States);
      expect(states.filter((s) => s.startsWith('Lock') || s.includes('release'))).toEqual([]);
    }
    // In a processes.json the field is always there: `skip` there is Dazzle's default too.
    const spec = processOf('p', [service('a')], { overlap_policy: 'skip' });
    const json = new SourceMap();
    json.setField(spec, 'overlap_policy', { file: 'processes.json', line: 3, column: 7 });
    expect(Object.keys(emitProcess(spec, json).definition.States)).not.toContain('Lock acquire');
    // Any other policy is a decision, wherever it was written.
    const queued = processOf('p', [service('a')], { overlap_policy: 'queue' });
    expect(Object.keys(emitProcess(queued).definition.States)).toContain('Lock acquire');
  });

  it('acquires with a conditional put leased for the process timeout', async () => {
    const acquire = withPolicy('skip').States['Lock acquire'] as TaskState;
    expect(acquire.Resource).toBe('arn:aws:states:::dynamodb:putItem');
    const args = acquire.Arguments as Record<string, unknown> & {
      Item: Record<string, { N?: string; S?: string }>;
    };
    // Taking a lock one holds succeeds (a retried write DynamoDB applied): `lock_owner = :me`.
    expect(args.ConditionExpression).toBe(
      'attribute_not_exists(pk) OR lock_owner = :me OR expires_at < :now',
    );
    expect(args.Item.pk).toEqual({ S: 'LOCK#process-p' });
    const now = Math.floor(Date.now() / 1000);
    const expires = Number(await evaluate(args.Item.expires_at.N, {}));
    expect(expires - now).toBeGreaterThanOrEqual(599);
    expect(expires - now).toBeLessThanOrEqual(601);
    expect(acquire.Catch?.[0]).toEqual({
      ErrorEquals: ['DynamoDB.ConditionalCheckFailedException'],
      Next: 'Lock read holder',
    });
  });

  it("scopes the lock to the trigger's subject (contracts/trigger-input.ts), else to the process", async () => {
    const sortKey = async (trigger: ProcessSpec['trigger'], input: Record<string, unknown>) => {
      const acquire = withPolicy('skip', { trigger }).States['Lock acquire'] as TaskState;
      const item = (acquire.Arguments as { Item: { sk: { S: string } } }).Item;
      if (!item.sk.S.startsWith('{%')) return item.sk.S;
      const hash = (data: string) => createHash('sha256').update(data).digest('hex');
      return evaluate(item.sk.S, { hash, states: { context: { Execution: { Input: input } } } });
    };
    const entity = { kind: 'entity_event', entity_name: 'Order', timezone: 'UTC' } as const;
    const order = (id: unknown) => ({
      input: { order_id: id, entity_id: id },
      trigger: { kind: 'entity_event', id, entity: 'Order' },
    });
    expect(await sortKey(entity, order('ord-1'))).toBe('entity#ord-1');
    expect(await sortKey(entity, order(42))).toBe('entity#42');
    const long = 'x'.repeat(300);
    expect(await sortKey(entity, order(long))).toBe(
      `entity#sha256:${createHash('sha256').update(long).digest('hex')}`,
    );
    // A manual start of an entity-triggered process has no subject: the process as a whole.
    expect(await sortKey(entity, { input: {}, trigger: { kind: 'manual' } })).toBe('process');
    const signal = { kind: 'signal', process_name: 'paid', timezone: 'UTC' } as const;
    expect(await sortKey(signal, { input: { correlation_id: 'c-9' }, trigger: {} })).toBe('signal#c-9');
    const upstream = { kind: 'process_completed', process_name: 'q', timezone: 'UTC' } as const;
    const arn = 'arn:aws:states:eu-west-1:1:execution:q:run-1';
    expect(await sortKey(upstream, { input: {}, trigger: { execution: { id: arn } } })).toBe(
      `upstream#${arn}`,
    );
    expect(await sortKey(undefined, { input: {}, trigger: { kind: 'manual' } })).toBe('process');
  });

  it('skip ends as SKIPPED naming the holder; queue waits and retries; cancel_previous stops the holder and takes over', async () => {
    const skip = withPolicy('skip').States;
    expect(skip['Lock read holder']).toMatchObject({
      Resource: 'arn:aws:states:::dynamodb:getItem',
      Next: 'Lock held',
    });
    expect(skip['Lock held']).toMatchObject({
      Type: 'Choice',
      Choices: [{ Next: 'Lock acquire' }],
      Default: 'Lock skipped',
    });
    const skipped = skip['Lock skipped'] as SucceedState;
    expect(skipped.Type).toBe('Succeed');
    expect(
      await evaluate(skipped.Output, {
        lock_holder: 'arn:holder',
        states: { context: { Execution: { Input: { input: {}, trigger: {} } } } },
      }),
    ).toEqual({
      status: 'SKIPPED',
      reason: 'overlap',
      holder: 'arn:holder',
      lock: { pk: 'LOCK#process-p', sk: 'process' },
    });
    expect(withPolicy('queue').States['Lock busy wait']).toMatchObject({
      Type: 'Wait',
      Next: 'Lock acquire',
    });
    const cancel = withPolicy('cancel_previous').States;
    expect(cancel['Lock read holder']).toMatchObject({
      Resource: 'arn:aws:states:::dynamodb:getItem',
      Next: 'Lock stop holder',
    });
    expect(cancel['Lock stop holder']).toMatchObject({
      Resource: 'arn:aws:states:::aws-sdk:sfn:stopExecution',
      Next: 'Lock take over',
    });
    const takeOver = cancel['Lock take over'] as TaskState;
    expect((takeOver.Arguments as { ConditionExpression: string }).ConditionExpression).toContain(
      'lock_owner = :holder',
    );
    expect(takeOver.Catch?.[0].Next).toBe('Lock read holder');
  });

  it('releases only its own lock, and never fails the path it is on', () => {
    const release = withPolicy('queue').States['Success release lock'] as TaskState;
    expect(release.Resource).toBe('arn:aws:states:::dynamodb:deleteItem');
    expect((release.Arguments as { ConditionExpression: string }).ConditionExpression).toBe(
      'lock_owner = :me',
    );
    expect(release.Catch).toEqual([{ ErrorEquals: ['States.ALL'], Next: 'Emit completed' }]);
  });

  it('allow takes no lock', () => {
    const states = Object.keys(withPolicy('allow').States);
    expect(states.filter((s) => s.startsWith('Lock') || s.includes('release'))).toEqual([]);
  });
});

describe('emits', () => {
  it('puts events on start, completion and failure', async () => {
    const { definition } = emitProcess(
      processOf('p', [service('a')], { events: { on_start: 'S', on_complete: 'C', on_failure: 'F' } }),
    );
    expectValid(definition);
    const detailType = (name: string) =>
      ((definition.States[name] as TaskState).Arguments as { Entries: { DetailType: string }[] }).Entries[0]
        .DetailType;
    expect([detailType('Emit started'), detailType('Emit completed'), detailType('Emit failed')]).toEqual([
      'S',
      'C',
      'F',
    ]);
    const failed = (definition.States['Emit failed'] as TaskState).Arguments as {
      Entries: { Detail: string }[];
    };
    const detail = await evaluate(failed.Entries[0].Detail, {
      failure: { step: 'a', error: 'E', cause: 'C' },
      states: { context: CONTEXT },
    });
    expect(detail).toMatchObject({ process: 'p', status: 'failed', step: 'a', error: 'E', cause: 'C' });
  });
});

describe('step flow', () => {
  it('routes a condition that goes to fail through a recorded failure', async () => {
    const { definition } = emitProcess(
      processOf(
        'p',
        [step('condition', 'check', { condition: 'input.ok = true', on_false: 'fail' }), service('a')],
        {
          inputs: [{ name: 'ok', type: 'bool', required: false }],
        },
      ),
    );
    expectValid(definition);
    const check = definition.States.check as ChoiceState;
    expect(check.Choices[0].Next).toBe('a');
    expect(check.Default).toBe('check false fails');
    const pass = definition.States['check false fails'] as PassState;
    expect(await evaluateObject(pass.Assign ?? {}, {})).toMatchObject({
      failure: { step: 'check', error: 'Process.Failed' },
    });
    expect(await evaluate(check.Choices[0].Condition, { input: { ok: true } })).toBe(true);
    expect(await evaluate(check.Choices[0].Condition, { input: {} })).toBe(false);
  });
});
