import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSources } from '../../../compiler/index.ts';
import { AslEngine, type Integrations, RealClock } from '../../../local/asl/index.ts';
import { GOLDEN_DIR } from './harness.ts';

/**
 * The compiled definitions executed on the local ASL interpreter (local/asl): the behaviours the
 * golden files cannot show — compensation order, the original error, outcome routing, linear
 * retry, the overlap lock between two concurrent executions.
 */
function engineFor(file: string, integrations: (engine: () => AslEngine) => Integrations, real = false) {
  const result = compileSources([{ name: file, text: readFileSync(join(GOLDEN_DIR, 'cases', file), 'utf8') }]);
  expect(result.artifacts).toBeDefined();
  const asl = result.artifacts?.asl ?? {};
  let engine: AslEngine | undefined;
  const get = () => engine!;
  engine = new AslEngine({ integrations: integrations(get), ...(real ? { clock: new RealClock() } : {}) });
  const substitutions: Record<string, string> = {};
  for (const text of Object.values(asl)) for (const m of text.matchAll(/\$\{(\w+)\}/g)) substitutions[m[1]] = m[1];
  // Registered by name: the cases have no process and schedule of one name.
  for (const w of result.artifacts?.manifest.workflows ?? [])
    engine.registerStateMachine(w.name, JSON.parse(asl[w.id]), { substitutions });
  return engine;
}

const named = (name: string, message: string) => Object.assign(new Error(message), { name });
const events = { putEvents: async (entries: unknown[]) => ({ Entries: entries.map(() => ({ EventId: 'e' })), FailedEntryCount: 0 }) };

describe('compiled processes on the local interpreter', () => {
  it('saga: compensations run in reverse completion order, then the original error', async () => {
    const calls: string[] = [];
    const emitted: string[] = [];
    const engine = engineFor('policies.dsl', () => ({
      putEvents: async (entries) => {
        emitted.push(...entries.map((e) => e.DetailType ?? ''));
        return { Entries: entries.map(() => ({ EventId: 'e' })), FailedEntryCount: 0 };
      },
      invokeLambda: async (fn, payload) => {
        const event = payload as { input: unknown };
        calls.push(`${fn} ${JSON.stringify(event.input)}`);
        if (fn === 'Service_ship_order') throw named('Carrier.Down', 'no carrier');
        return { Payload: { reservation_id: 'R1' } };
      },
    }));
    const run = await engine.runExecution('saga', { input: { order_id: 'o1' } });
    expect(run, run.cause).toMatchObject({ status: 'FAILED', error: 'Carrier.Down' });
    expect(calls.slice(3)).toEqual([
      'Service_refund_card {"order_id":"o1"}',
      'Service_stock_release {"order_id":"o1","reservation_id":"R1"}',
    ]);
    expect(emitted).toEqual(['SagaStarted', 'SagaFailed']);
  });

  it('parallel rollback: compensates the branch that completed, then fails with Parallel.BranchFailed', async () => {
    const calls: string[] = [];
    const engine = engineFor('policies.dsl', () => ({
      ...events,
      invokeLambda: async (fn) => {
        calls.push(fn);
        if (fn === 'Service_reserve_payment') throw named('Declined', 'no');
        return { Payload: {} };
      },
    }));
    const run = await engine.runExecution('parallel_rollback', { input: { order_id: 'o1' } });
    expect(run).toMatchObject({ status: 'FAILED', error: 'Parallel.BranchFailed' });
    expect(JSON.parse(run.cause ?? '[]')).toMatchObject([{ step: 'reserve_payment', error: 'Declined' }]);
    expect(calls.sort()).toEqual(['Service_inventory_release', 'Service_reserve_inventory', 'Service_reserve_payment']);
  });

  it('linear retry: retries until it succeeds, three transitions per retry', async () => {
    let failures = 2;
    const calls: string[] = [];
    const engine = engineFor('policies.dsl', () => ({
      ...events,
      invokeLambda: async (fn) => {
        calls.push(fn);
        if (fn === 'Service_flaky' && calls.length > 2 && failures-- > 0) throw named('Flaky', 'again');
        return { Payload: {} };
      },
    }));
    const run = await engine.runExecution('retry_backoffs', {});
    expect(run.status).toBe('SUCCEEDED');
    expect(calls).toEqual([...Array(5).fill('Service_flaky'), 'Service_fallback']);
    // Start init, fixed, exponential, linear ×3 (+ Choice and Wait per retry), fallback (which ends
    // the run: no Succeed state).
    expect(run.transitions).toBe(1 + 1 + 1 + 3 + 2 * 2 + 1);
  });

  it.each([
    ['approve', 'SUCCEEDED', undefined],
    ['reject', 'FAILED', 'HumanTask.OutcomeFail'],
    ['skip', 'SUCCEEDED', undefined],
  ])('human task outcome %s routes to its goto', async (outcome, status, error) => {
    const effects: unknown[] = [];
    type RegisteredTask = { effects?: Record<string, unknown>; outcome_errors?: boolean; outcomes: { name: string }[] };
    const registered: RegisteredTask[] = [];
    const engine = engineFor(
      'steps.dsl',
      (get) => ({
        ...events,
        invokeLambda: async (fn, payload) => {
          const event = payload as { token?: string; op?: string; task?: RegisteredTask };
          if (fn === 'Handler_taskRegister') {
            const task = event.task ?? { outcomes: [] };
            registered.push(task);
            // As the task API answers: the first outcome (or any, without outcome_errors) with
            // SendTaskSuccess, the others with SendTaskFailure carrying the completion as the cause.
            const completion = JSON.stringify({ outcome, data: { notes: 'late' }, completed_by: 'u1' });
            const token = event.token ?? '';
            setTimeout(() => {
              if (task.outcome_errors && task.outcomes[0]?.name !== outcome)
                get().sendTaskFailure(token, `HumanTask.Outcome.${outcome}`, completion);
              else get().sendTaskSuccess(token, completion);
            }, 1);
          }
          if (fn === 'Handler_entityStore') effects.push(payload);
          return { Payload: {} };
        },
      }),
      true,
    );
    const run = await engine.runExecution('human_task_step', { input: { expense_report_id: 'e1' } });
    expect(run.status).toBe(status);
    expect(run.error).toBe(error);
    // approve's sets travel with the task (the task API applies them); skip's read the completion
    // (review.data), so a state of its own applies them after it.
    expect(Object.keys(registered[0].effects ?? {})).toEqual(['approve']);
    expect(registered[0].outcome_errors).toBe(true);
    // skip is caught as an error: its state reads the form data from the parsed cause.
    expect(effects).toEqual(
      outcome === 'skip' ? [expect.objectContaining({ effects: [expect.objectContaining({ values: { notes: 'late' } })] })] : [],
    );
  });

  it.each([
    [
      'overlap_skip',
      'SUCCEEDED',
      {
        status: 'SKIPPED',
        reason: 'overlap',
        holder: expect.stringMatching(/:first$/),
        lock: { pk: 'LOCK#process-overlap_skip', sk: 'process' },
      },
    ],
    // No outputs declared: the output is {} (never the steps' raw results).
    ['overlap_queue', 'SUCCEEDED', {}],
    ['overlap_cancel', 'SUCCEEDED', {}],
  ])('%s: a second execution while the first holds the lock', async (process, status, output) => {
    const store = new Map<string, Record<string, { S?: string; N?: string }>>();
    const keyOf = (key: unknown) => {
      const k = key as { pk: { S: string }; sk: { S: string } };
      return `${k.pk.S} ${k.sk.S}`;
    };
    const conditionFailed = () => named('ConditionalCheckFailedException', 'taken');
    const engine = engineFor('overlap.dsl', () => ({
      ...events,
      invokeLambda: async (_fn, _payload, ctx) => {
        await ctx.sleep(20_000);
        return { Payload: {} };
      },
      dynamodb: {
        putItem: async (input) => {
          const item = input.Item as Record<string, { S?: string; N?: string }>;
          const values = input.ExpressionAttributeValues as Record<string, { S?: string; N?: string }>;
          const current = store.get(keyOf(item));
          const free =
            !current ||
            Number(current.expires_at.N) < Number(values[':now'].N) ||
            (values[':holder'] !== undefined && current.lock_owner.S === values[':holder'].S);
          if (!free) throw conditionFailed();
          store.set(keyOf(item), item);
          return {};
        },
        getItem: async (input) => ({ Item: store.get(keyOf(input.Key)) }),
        deleteItem: async (input) => {
          const key = keyOf(input.Key);
          const me = (input.ExpressionAttributeValues as { ':me': { S: string } })[':me'].S;
          if (store.get(key)?.lock_owner.S !== me) throw conditionFailed();
          store.delete(key);
          return {};
        },
        updateItem: async () => ({}),
      },
    }));
    const first = engine.startExecution(process, { input: {} }, { name: 'first' });
    const second = engine.startExecution(process, { input: {} }, { name: 'second' });
    const [a, b] = await Promise.all([engine.awaitExecution(first.executionArn), engine.awaitExecution(second.executionArn)]);
    expect(a.status).toBe(process === 'overlap_cancel' ? 'ABORTED' : 'SUCCEEDED');
    expect(b.status).toBe(status);
    expect(b.output).toEqual(output);
    expect(store.size).toBe(0);
  });
});

describe('complete and fail inside parallel branches and foreach bodies end the process', () => {
  /** An engine for exits.dsl recording lambda calls (`fn input`) and emitted detail types. */
  function exitsEngine(respond: (fn: string, input: Record<string, unknown>) => unknown = () => ({})) {
    const calls: string[] = [];
    const emitted: string[] = [];
    const engine = engineFor('exits.dsl', () => ({
      putEvents: async (entries) => {
        emitted.push(...entries.map((e) => e.DetailType ?? ''));
        return { Entries: entries.map(() => ({ EventId: 'e' })), FailedEntryCount: 0 };
      },
      invokeLambda: async (fn, payload) => {
        const input = (payload as { input: Record<string, unknown> }).input;
        calls.push(`${fn} ${JSON.stringify(input.id ?? '')}`);
        return { Payload: respond(fn, input) };
      },
    }));
    return { engine, calls, emitted };
  }
  const called = (calls: string[], fn: string) => calls.filter((c) => c.startsWith(`${fn} `));

  it('complete in a parallel branch: the process succeeds with its outputs, later steps do not run', async () => {
    const { engine, calls, emitted } = exitsEngine((fn) => (fn === 'Service_prepare' ? { batch: 'B1' } : {}));
    const run = await engine.runExecution('parallel_complete', { input: {} });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual({ batch: 'B1' });
    expect(called(calls, 'Service_slow_check')).toHaveLength(1); // the other branch still runs to its end
    expect(called(calls, 'Service_later')).toEqual([]);
    expect(emitted).toEqual(['ChecksCompleted']);
  });

  it('fail in a parallel branch: the process fails with the routed error after every compensation', async () => {
    const { engine, calls, emitted } = exitsEngine();
    const run = await engine.runExecution('parallel_fail', { input: { amount: 500 } });
    expect(run).toMatchObject({ status: 'FAILED', error: 'Process.Failed' });
    expect(run.cause).toContain('limit_check');
    // The parallel's own on_failure (recover) is for the step failing, not for a process `fail`.
    expect(called(calls, 'Service_recover')).toEqual([]);
    expect(called(calls, 'Service_later')).toEqual([]);
    expect(calls.slice(-2).map((c) => c.split(' ')[0])).toEqual(['Service_refund_card', 'Service_release_stock']);
    expect(emitted).toEqual(['ChecksFailed']);
  });

  it('a parallel branch that does not exit continues with the next step', async () => {
    const { engine, calls } = exitsEngine();
    const run = await engine.runExecution('parallel_fail', { input: { amount: 5 } });
    expect(run.status).toBe('SUCCEEDED');
    expect(called(calls, 'Service_later')).toHaveLength(1);
  });

  it('complete in a foreach iteration: the process succeeds, later steps do not run', async () => {
    const { engine, calls, emitted } = exitsEngine((fn) => (fn === 'Service_prepare' ? { batch: 'B1' } : {}));
    const items = [{ id: 'a' }, { id: 'b', stop: true }, { id: 'c' }];
    const run = await engine.runExecution('foreach_complete', { input: { items } });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual({ batch: 'B1' });
    // Iterations are not interrupted: every item is handled, then the process completes.
    expect(called(calls, 'Service_handle_item')).toEqual([
      'Service_handle_item "a"',
      'Service_handle_item "b"',
      'Service_handle_item "c"',
    ]);
    expect(called(calls, 'Service_later')).toEqual([]);
    expect(emitted).toEqual(['ItemsCompleted']);
  });

  it('fail in a foreach iteration: the process fails after compensating every iteration and earlier step', async () => {
    const { engine, calls } = exitsEngine((fn, input) => (fn === 'Service_handle_item' ? { id: input.id } : {}));
    const items = [{ id: 'a' }, { id: 'b', bad: true }, { id: 'c' }];
    const run = await engine.runExecution('foreach_fail', { input: { items } });
    expect(run).toMatchObject({ status: 'FAILED', error: 'Process.Failed' });
    expect(run.cause).toContain('check_item');
    expect(called(calls, 'Service_later')).toEqual([]);
    expect(calls.slice(-4)).toEqual([
      'Service_unhandle_item "c"',
      'Service_unhandle_item "b"',
      'Service_unhandle_item "a"',
      'Service_release_stock ""',
    ]);
  });

  /** The output (JSON text) of the state `name` when it exited, in a finished execution. */
  async function exitedOutput(engine: AslEngine, process: string, input: unknown, type: string, name: string) {
    const { executionArn } = engine.startExecution(process, { input });
    const run = await engine.awaitExecution(executionArn);
    const exited = engine
      .getExecutionHistory(executionArn)
      .find((e) => e.type === type && (e.stateExitedEventDetails as { name: string }).name === name);
    return { run, output: (exited?.stateExitedEventDetails as { output: string }).output };
  }
  const blob = 'x'.repeat(20_000);

  it('foreach iterations return their item results, not the process input', async () => {
    const { engine } = exitsEngine((fn, input) => (fn === 'Service_handle_item' ? { id: input.id } : {}));
    const items = Array.from({ length: 20 }, (_, i) => ({ id: `i${i}` }));
    const { run, output } = await exitedOutput(engine, 'foreach_complete', { items, blob }, 'MapStateExited', 'each_item');
    expect(run.status).toBe('SUCCEEDED');
    expect(output.length).toBeLessThan(blob.length);
    expect(JSON.parse(output)).toHaveLength(20);
    expect(JSON.parse(output)[3]).toEqual({ steps: { handle: { id: 'i3' } }, completed: [] });
  });

  it('fail_fast parallel branches return their results, not the process input', async () => {
    const { engine } = exitsEngine((fn) => (fn === 'Service_quick_check' ? { ok: true } : {}));
    const { run, output } = await exitedOutput(engine, 'parallel_complete', { blob }, 'ParallelStateExited', 'checks');
    expect(run.status).toBe('SUCCEEDED');
    expect(output.length).toBeLessThan(blob.length);
    expect(JSON.parse(output)).toEqual([
      { steps: { quick_check: { ok: true } }, completed: [], exit: 'complete' },
      { steps: { slow_check: {} }, completed: [] },
    ]);
  });

  it('wait_all parallel branches return their results and failures, not the process input', async () => {
    const { engine } = exitsEngine((fn) => {
      if (fn === 'Service_charge') throw named('Declined', 'no');
      return {};
    });
    const { run, output } = await exitedOutput(engine, 'parallel_fail', { amount: 5, blob }, 'ParallelStateExited', 'checks');
    expect(run).toMatchObject({ status: 'SUCCEEDED' }); // on_failure: recover
    expect(output.length).toBeLessThan(blob.length);
    expect(JSON.parse(output)).toEqual({
      branches: [
        {
          steps: {},
          completed: [],
          failed: true,
          failure: { step: 'charge', error: 'Declined', cause: expect.stringContaining('no') },
        },
        { steps: {}, completed: [] },
      ],
    });
  });
});

describe('process exits travel out of nested scopes level by level', () => {
  it('fail in a parallel inside a foreach: that item stops, the process fails after every compensation', async () => {
    const calls: string[] = [];
    const engine = engineFor('exits.dsl', () => ({
      ...events,
      invokeLambda: async (fn, payload) => {
        const input = (payload as { input: Record<string, unknown> }).input;
        calls.push(`${fn} ${JSON.stringify(input.id ?? '')}`);
        return { Payload: fn === 'Service_handle_item' ? { id: input.id } : {} };
      },
    }));
    const items = [{ id: 'a' }, { id: 'b', bad: true }, { id: 'c' }];
    const run = await engine.runExecution('nested_fail', { input: { items } });
    expect(run).toMatchObject({ status: 'FAILED', error: 'Process.Failed' });
    expect(calls.filter((c) => c.startsWith('Service_after_checks'))).toEqual([
      'Service_after_checks "a"',
      'Service_after_checks "c"',
    ]);
    expect(calls.filter((c) => c.startsWith('Service_later'))).toEqual([]);
    expect(calls.slice(-3)).toEqual([
      'Service_unhandle_item "c"',
      'Service_unhandle_item "b"',
      'Service_unhandle_item "a"',
    ]);
  });
});
