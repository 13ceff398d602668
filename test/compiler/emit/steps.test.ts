// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${…}` are the ASL placeholders, not templates.
import { describe, expect, it } from 'vitest';
import { checkAwsDefinition } from '../../../compiler/asl/definitionChecks.ts';
import { STEP_EMITTERS } from '../../../compiler/emit/asl/steps/index.ts';
import type {
  MapState,
  ParallelState,
  PassState,
  TaskState,
  WaitState,
} from '../../../compiler/emit/asl/types.ts';
import { STEP_KINDS } from '../../../compiler/ir/types.ts';
import { processOf, service, step } from '../plan/builders.ts';
import { allStates, emitProcess, evaluate, evaluateObject, expectValid } from './harness.ts';

const CONTEXT = { Execution: { Id: 'arn:exec:1', Name: '1', StartTime: 't0' }, Task: { Token: 'tok' } };
const args = (state: unknown) => (state as TaskState).Arguments as Record<string, unknown>;

describe('step emitters', () => {
  it('has one emitter per step kind', () => {
    expect(Object.keys(STEP_EMITTERS).sort()).toEqual([...STEP_KINDS].sort());
  });

  it('send: events:putEvents with the message as DetailType; a failed entry fails the step', async () => {
    const { definition } = emitProcess(
      processOf('p', [
        step('send', 'notify', {
          channel: 'mail',
          message: 'Shipped',
          inputs: [{ source: 'input.id', target: 'id' }],
        }),
      ]),
    );
    expectValid(definition);
    const task = definition.States.notify as TaskState;
    expect(task.Resource).toBe('arn:aws:states:::events:putEvents');
    const entry = (args(task).Entries as Record<string, string>[])[0];
    expect(entry).toMatchObject({
      Source: '${EventSource}',
      EventBusName: '${EventBusName}',
      DetailType: 'Shipped',
    });
    expect(await evaluate(entry.Detail, { input: { id: 7 }, states: { context: CONTEXT } })).toEqual({
      channel: 'mail',
      process: 'p',
      execution: { id: 'arn:exec:1', name: '1', start_time: 't0' },
      step: 'notify',
      payload: { id: 7 },
    });
    // The integration fails the Task with EventBridge.FailedEntry itself: no Choice follows it.
    // The last step ends the run; its output is the process's (none declared: {}), never the
    // raw EventBridge response.
    expect(task.End).toBe(true);
    expect(task.Output).toEqual({});
    expect(task.Catch?.[0]).toMatchObject({ ErrorEquals: ['States.ALL'], Next: 'Process failed' });
  });

  it('wait: a duration is a Wait state; a signal is a task-token call of the signal handler', async () => {
    const { definition } = emitProcess(
      processOf(
        'p',
        [
          step('wait', 'pause', { wait_duration_seconds: 7200 }),
          step('wait', 'paid', { wait_for_signal: 'payment', wait_correlation: 'input.order_id' }),
          step('wait', 'confirmed', { wait_for_signal: 'confirm', timeout_seconds: 600 }),
        ],
        { timeout_seconds: 86_400 },
      ),
    );
    expectValid(definition);
    expect(definition.States.pause).toEqual({
      Type: 'Wait',
      Seconds: 7200,
      Next: 'paid',
    } satisfies WaitState);
    const paid = definition.States.paid as TaskState;
    expect(paid.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
    expect(paid.TimeoutSeconds).toBe(86_400);
    expect((definition.States.confirmed as TaskState).TimeoutSeconds).toBe(600);
    const payload = await evaluate(args(paid).Payload, {
      input: { order_id: 'o1' },
      states: { context: CONTEXT },
    });
    expect(payload).toEqual({
      token: 'tok',
      process: 'p',
      step: 'paid',
      execution: { id: 'arn:exec:1', name: '1', start_time: 't0' },
      signal: 'payment',
      correlation_id: 'o1',
      timeout_seconds: 86_400,
    });
    expect(args(paid).FunctionName).toBe('${Handler_signalRegister}');
  });

  it("human task: registers the task with its outcomes' sets evaluated; routes by success and caught errors", async () => {
    const { definition, iam } = emitProcess(
      processOf(
        'p',
        [
          step('human_task', 'review', {
            human_task: {
              entity_path: 'Invoice',
              assignee_role: 'manager',
              timeout_seconds: 3600,
              escalation_timeout_seconds: 600,
              outcomes: [
                {
                  name: 'approve',
                  label: 'Approve',
                  goto: 'pay',
                  style: 'primary',
                  sets: [
                    { field_path: 'Invoice.status', value: 'approved' },
                    { field_path: 'Invoice.amount', value: 'input.amount' },
                  ],
                },
                { name: 'reject', label: 'Reject', goto: 'fail', style: 'danger', sets: [] },
                { name: 'later', label: 'Later', goto: 'remind', style: 'secondary', sets: [] },
              ],
            },
          }),
          service('pay', { on_success: 'complete' }),
          service('remind'),
        ],
        { trigger: { kind: 'entity_event', entity_name: 'Invoice', event_type: 'created', timezone: 'UTC' } },
      ),
    );
    expectValid(definition);
    expect(checkAwsDefinition(definition)).toEqual([]);
    const task = definition.States.review as TaskState;
    expect(task.TimeoutSeconds).toBe(3600);
    const payload = (await evaluate(args(task).Payload, {
      input: { invoice_id: 'i1', amount: 12 },
      trigger: {},
      states: { context: CONTEXT },
    })) as { token: string; task: unknown };
    expect(payload.token).toBe('tok');
    expect(payload.task).toEqual({
      title: 'Review',
      role: 'manager',
      entity: { name: 'Invoice', id: 'i1' },
      form: [],
      outcomes: [
        { name: 'approve', label: 'Approve', style: 'primary' },
        { name: 'reject', label: 'Reject', style: 'danger' },
        { name: 'later', label: 'Later', style: 'secondary' },
      ],
      timeout_seconds: 3600,
      escalation_seconds: 600,
      // Applied by the task API at completion (no state applies them).
      effects: {
        approve: [
          {
            action: 'update',
            entity: 'Invoice',
            where: [{ field: 'id', op: 'eq', value: 'i1' }],
            values: { status: 'approved', amount: 12 },
          },
        ],
      },
      // Outcomes after the first come back as SendTaskFailure errors.
      outcome_errors: true,
    });
    // The first outcome is the Task's success; the others are caught by error name, in declared
    // order, before the catch-all (the first catcher whose ErrorEquals matches is used).
    expect(task.Next).toBe('pay');
    expect(task.Catch?.map((c) => [c.ErrorEquals, c.Next])).toEqual([
      [['HumanTask.Outcome.reject'], 'review outcome reject fails'],
      [['HumanTask.Outcome.later'], 'remind'],
      [['States.ALL'], 'Process failed'],
    ]);
    // Each outcome catcher records the step's output from the SendTaskFailure cause.
    const completion = { outcome: 'later', data: { note: 'x' }, completed_by: 'u1' };
    const caught = await evaluateObject(task.Catch?.[1].Assign ?? {}, {
      states: { errorOutput: { Error: 'HumanTask.Outcome.later', Cause: JSON.stringify(completion) } },
    });
    expect(caught).toEqual({ step_review: completion });
    // Retries stay on Lambda's transient errors: an outcome error is never retried.
    expect(task.Retry?.flatMap((r) => r.ErrorEquals).filter((e) => !e.startsWith('Lambda.'))).toEqual([]);
    expect(Object.values(definition.States).map((st) => st.Type)).not.toContain('Choice');
    expect(Object.keys(definition.States).filter((n) => /review (sets|outcome$|unknown)/.test(n))).toEqual(
      [],
    );
    // The state machine no longer invokes the entity store for the outcome.
    expect(iam.flatMap((st) => st.resources)).not.toContain('${Handler_entityStore}');
    const reject = definition.States['review outcome reject fails'] as PassState;
    expect(reject.Next).toBe('Process failed');
    expect(await evaluateObject(reject.Assign ?? {}, {})).toMatchObject({
      failure: { error: 'HumanTask.OutcomeFail' },
    });
  });

  it('human task: one outcome resumes with success only (no outcome_errors, no outcome catcher)', async () => {
    const { definition } = emitProcess(
      processOf('p', [
        step('human_task', 'ack', { human_task: { timeout_seconds: 60, outcomes: [] } }),
        service('after'),
      ]),
    );
    expectValid(definition);
    const task = definition.States.ack as TaskState;
    const payload = (await evaluate(args(task).Payload, {
      input: {},
      trigger: {},
      states: { context: CONTEXT },
    })) as { task: Record<string, unknown> };
    expect(payload.task).not.toHaveProperty('outcome_errors');
    expect(task.Next).toBe('after');
    expect(task.Catch?.map((c) => c.ErrorEquals)).toEqual([['States.ALL']]);
  });

  it('human task: a declared retry of every error never retries an outcome error', () => {
    const { definition } = emitProcess(
      processOf('p', [
        step('human_task', 'review', {
          retry: {
            max_attempts: 3,
            initial_interval_seconds: 5,
            backoff: 'exponential',
            backoff_coefficient: 2,
            max_interval_seconds: 60,
          },
          human_task: {
            timeout_seconds: 60,
            outcomes: [
              { name: 'yes', label: 'Yes', goto: 'complete', style: 'primary', sets: [] },
              { name: 'no', label: 'No', goto: 'fail', style: 'danger', sets: [] },
            ],
          },
        }),
      ]),
    );
    expectValid(definition);
    expect(checkAwsDefinition(definition)).toEqual([]);
    const task = definition.States.review as TaskState;
    // Retriers are matched in order: MaxAttempts 0 in front of States.ALL means never retried.
    expect(task.Retry?.map((r) => [r.ErrorEquals, r.MaxAttempts])).toEqual([
      [['HumanTask.Outcome.no'], 0],
      [['States.ALL'], 2],
    ]);
  });

  it('human task in a foreach body: an outcome catcher records the output in the context (Output)', async () => {
    const { definition } = emitProcess(
      processOf('p', [
        step('foreach', 'each', {
          foreach_source: 'input.rows',
          foreach_steps: [
            step('human_task', 'review', {
              human_task: {
                timeout_seconds: 60,
                outcomes: [
                  { name: 'yes', label: 'Yes', goto: 'note', style: 'primary', sets: [] },
                  { name: 'no', label: 'No', goto: 'tell', style: 'danger', sets: [] },
                ],
              },
            }),
            service('note', { on_success: 'complete' }),
            service('tell'),
          ],
        }),
      ]),
    );
    expectValid(definition);
    expect(checkAwsDefinition(definition)).toEqual([]);
    const task = allStates(definition.States).review as TaskState;
    expect(task.Next).toBe('note');
    const [no, all] = task.Catch ?? [];
    expect([no.ErrorEquals, no.Next, no.Assign]).toEqual([['HumanTask.Outcome.no'], 'tell', undefined]);
    expect(all.ErrorEquals).toEqual(['States.ALL']);
    const completion = { outcome: 'no', data: {}, completed_by: 'u1' };
    const context = { input: {}, trigger: {}, outer: {}, steps: { earlier: 1 }, completed: [], item: 3 };
    const out = await evaluate(no.Output as string, {
      states: {
        input: context,
        errorOutput: { Error: 'HumanTask.Outcome.no', Cause: JSON.stringify(completion) },
      },
    });
    expect(out).toEqual({ ...context, steps: { earlier: 1, review: completion } });
  });

  it('human task: sets that read the completion or the clock keep a state of their own', async () => {
    const { definition } = emitProcess(
      processOf('p', [
        step('human_task', 'review', {
          human_task: {
            entity_path: 'Invoice',
            timeout_seconds: 3600,
            outcomes: [
              {
                name: 'approve',
                label: 'Approve',
                goto: 'pay',
                style: 'primary',
                sets: [{ field_path: 'Invoice.note', value: 'review.data.note' }],
              },
              {
                name: 'hold',
                label: 'Hold',
                goto: 'pay',
                style: 'secondary',
                sets: [{ field_path: 'Invoice.held_at', value: 'now()' }],
              },
              {
                name: 'skip',
                label: 'Skip',
                goto: 'complete',
                style: 'secondary',
                sets: [{ field_path: 'Invoice.status', value: 'skipped' }],
              },
            ],
          },
        }),
        service('pay'),
      ]),
    );
    expectValid(definition);
    expect(checkAwsDefinition(definition)).toEqual([]);
    const task = definition.States.review as TaskState;
    const payload = (await evaluate(args(task).Payload, {
      input: { invoice_id: 'i1' },
      trigger: {},
      states: { context: CONTEXT },
    })) as { task: { effects: Record<string, unknown> } };
    expect(Object.keys(payload.task.effects)).toEqual(['skip']);
    expect(task.Next).toBe('review sets approve');
    expect(task.Catch?.map((c) => c.Next)).toEqual([
      'review sets hold',
      'Process succeeded',
      'Process failed',
    ]);
    const sets = definition.States['review sets approve'] as TaskState;
    expect(sets.Next).toBe('pay');
    const effects = await evaluate(args(sets).Payload, {
      step_review: { outcome: 'approve', completed_by: 'u1', data: { note: 'checked' } },
      input: { invoice_id: 'i1' },
      trigger: {},
      states: { context: { ...CONTEXT, State: { Name: 'review sets approve', EnteredTime: 't1' } } },
    });
    expect(effects).toMatchObject({
      op: 'effects',
      actor: 'u1',
      effects: [
        {
          action: 'update',
          entity: 'Invoice',
          where: [{ field: 'id', op: 'eq', value: 'i1' }],
          values: { note: 'checked' },
        },
      ],
    });
  });

  it('subprocess: startExecution.sync:2 with {input, trigger}; the output is the child Output', async () => {
    const { definition, iam } = emitProcess(
      processOf('p', [
        step('subprocess', 'ship', {
          subprocess: 'child',
          timeout_seconds: 3600,
          inputs: [{ source: 'input.id', target: 'order_id' }],
        }),
      ]),
    );
    expectValid(definition);
    const task = definition.States.ship as TaskState;
    expect(task.Resource).toBe('arn:aws:states:::states:startExecution.sync:2');
    expect(args(task).StateMachineArn).toBe('${StateMachine_process_child}');
    expect(
      await evaluate(args(task).Input, { input: { id: 3 }, states: { context: CONTEXT } }),
    ).toMatchObject({
      input: { order_id: 3 },
      trigger: { kind: 'process', process: 'p', step: 'ship' },
    });
    const vars = await evaluateObject(task.Assign ?? {}, { states: { result: { Output: { n: 1 } } } });
    expect(vars).toEqual({ step_ship: { n: 1 } });
    expect(iam.flatMap((s) => s.actions)).toEqual(
      expect.arrayContaining(['states:StartExecution', 'states:DescribeExecution', 'events:PutRule']),
    );
  });

  it('query: entity store op query with evaluated Django-style filters', async () => {
    const { definition } = emitProcess(
      processOf('p', [
        step('query', 'due', {
          query_entity: 'Invoice',
          query_filter: { due_date__lt: 'input.cutoff', status__not_in: ['paid', 'void'], owner: 'bob' },
          query_limit: 50,
        }),
      ]),
    );
    expectValid(definition);
    const payload = await evaluate(args(definition.States.due).Payload, {
      input: { cutoff: '2026-01-01' },
      trigger: {},
    });
    expect(payload).toEqual({
      op: 'query',
      process: 'p',
      step: 'due',
      entity: 'Invoice',
      filter: [
        { field: 'due_date', op: 'lt', value: '2026-01-01' },
        { field: 'owner', op: 'eq', value: 'bob' },
        { field: 'status', op: 'not_in', value: ['paid', 'void'] },
      ],
      limit: 50,
    });
  });

  it('side effect: create/update effects with where filters', async () => {
    const { definition, diagnostics } = emitProcess(
      processOf('p', [
        step('side_effect', 'close', {
          effects: [
            {
              action: 'create',
              entity_name: 'AuditLog',
              assignments: [{ field_path: 'AuditLog.note', value: '"closed"' }],
            },
            {
              action: 'update',
              entity_name: 'Task',
              where: 'linked_id = self.id and status != done',
              assignments: [{ field_path: 'Task.status', value: 'archived' }],
            },
          ],
        }),
      ]),
    );
    expect(diagnostics).toEqual([]);
    expectValid(definition);
    const payload = (await evaluate(args(definition.States.close).Payload, {
      trigger: { id: 'T1' },
      input: {},
      states: { context: CONTEXT },
    })) as { effects: unknown };
    expect(payload.effects).toEqual([
      { action: 'create', entity: 'AuditLog', where: [], values: { note: 'closed' } },
      {
        action: 'update',
        entity: 'Task',
        where: [
          { field: 'linked_id', op: 'eq', value: 'T1' },
          { field: 'status', op: 'ne', value: 'done' },
        ],
        values: { status: 'archived' },
      },
    ]);
  });

  it('side effect: a where the entity store cannot evaluate is DZ600', () => {
    const { diagnostics } = emitProcess(
      processOf('p', [
        step('side_effect', 'x', {
          effects: [{ action: 'update', entity_name: 'Task', where: 'a = 1 or b = 2', assignments: [] }],
        }),
      ]),
    );
    expect(diagnostics.map((d) => d.code)).toEqual(['DZ600']);
  });

  it('llm intent: the llm handler with the input_map evaluated', async () => {
    const { definition } = emitProcess(
      processOf('p', [
        step('llm_intent', 'classify', { llm_intent: 'triage', llm_input_map: { text: 'self.body' } }),
      ]),
    );
    expectValid(definition);
    expect(args(definition.States.classify).FunctionName).toBe('${Handler_llmIntent}');
    expect(
      await evaluate(args(definition.States.classify).Payload, {
        trigger: { body: 'hi' },
        states: { context: CONTEXT },
      }),
    ).toMatchObject({ intent: 'triage', input: { text: 'hi' } });
  });
});

describe('parallel policies', () => {
  const parallel = (policy: 'fail_fast' | 'wait_all' | 'rollback') =>
    emitProcess(
      processOf('p', [
        service('before'),
        step('parallel', 'both', {
          parallel_policy: policy,
          parallel_steps: [
            service('x', { compensate_with: 'undo_x', inputs: [{ source: 'before.n', target: 'n' }] }),
            service('y', { compensate_with: 'undo_y' }),
          ],
        }),
        service('after'),
      ]),
    ).definition;
  const branches = [
    { steps: { x: 1 }, completed: [{ compensation: 'undo_x', step: 'x', input: {} }] },
    { steps: {}, completed: [], failed: true, failure: { step: 'y', error: 'E', cause: 'C' } },
  ];

  it('fail_fast: a native Parallel, branch outputs merged into the step output', async () => {
    const definition = parallel('fail_fast');
    expectValid(definition);
    const par = definition.States.both as ParallelState;
    expect(par.Next).toBe('after');
    expect(par.Catch?.[0].Next).toBe('Failure compensate');
    const vars = await evaluateObject(par.Assign ?? {}, {
      completed: [],
      states: {
        result: [
          { steps: { x: 1 }, completed: [{ step: 'x' }] },
          { steps: { y: 2 }, completed: [] },
        ],
      },
    });
    expect(vars).toEqual({ step_both: { x: 1, y: 2 }, completed: [{ step: 'x' }] });
  });

  it('branches start from the context object, carrying the outer outputs they read, and return it', async () => {
    const par = parallel('fail_fast').States.both as ParallelState;
    const context = await evaluateObject(par.Arguments as Record<string, unknown>, {
      input: { a: 1 },
      trigger: { b: 2 },
      step_before: { n: 3 },
      step_after: { not: 'read by a branch' },
    });
    expect(context).toEqual({
      input: { a: 1 },
      trigger: { b: 2 },
      outer: { before: { n: 3 } },
      steps: {},
      completed: [],
    });
    const x = par.Branches[0].States.x as TaskState;
    expect(x.End).toBe(true);
    const payload = (await evaluate(args(x).Payload, {
      states: { input: { ...context, steps: {} }, context: CONTEXT },
    })) as { input: unknown; context: unknown };
    expect(payload.input).toEqual({ n: 3 });
    expect(payload.context).toEqual({ input: { a: 1 }, trigger: { b: 2 } });
  });

  /** `$parse`, a function Step Functions adds to JSONata ("JSONata functions", Step Functions guide). */
  const parse = (text: string) => JSON.parse(text);
  /** The error a joined Parallel raises for `branches`, as the cause AWS words it. */
  const raised = async (par: ParallelState) => {
    const error = await evaluate(par.Assign?.step_both, { completed: [], states: { result: branches } }).then(
      () => undefined,
      (e: { code?: string; message?: string }) => e,
    );
    expect(error?.code).toBe('D3137'); // JSONata's $error
    return {
      Error: 'States.QueryEvaluationError',
      Cause: `An error occurred while executing the state 'both' (entered at the event id #4). The JSONata expression '…' specified for the field 'Assign/step_both' threw an error during evaluation. D3137: ${error?.message}`,
    };
  };

  it('wait_all: failing branches are marked, every branch ends, then the Parallel itself fails with Parallel.BranchFailed', async () => {
    const definition = parallel('wait_all');
    expectValid(definition);
    const par = definition.States.both as ParallelState;
    const x = par.Branches[0].States.x as TaskState;
    expect(x.Catch?.[0].Next).toBe('x lane failed');
    expect(par.Branches[0].States['x lane failed']).toMatchObject({ Type: 'Pass', End: true });
    // No Choice after it: the Parallel raises an error from its Assign when a branch failed.
    expect(par.Next).toBe('after');
    expect(definition.States['both branches']).toBeUndefined();
    const errorOutput = await raised(par);
    const catcher = par.Catch?.[0];
    expect(catcher?.ErrorEquals).toEqual(['States.ALL']);
    expect(catcher?.Next).toBe('Failure compensate');
    const vars = await evaluateObject(catcher?.Assign ?? {}, {
      parse,
      completed: [{ step: 'before' }],
      states: { errorOutput },
    });
    expect(vars.failure).toEqual({
      step: 'both',
      error: 'Parallel.BranchFailed',
      cause: JSON.stringify([{ step: 'y', error: 'E', cause: 'C' }]),
    });
    // wait_all keeps the successful branches' saga records for the process's compensations.
    expect(vars.completed).toEqual([{ step: 'before' }, { compensation: 'undo_x', step: 'x', input: {} }]);
    // Any other error of the state is recorded as it is.
    const other = { Error: 'States.QueryEvaluationError', Cause: 'bad Arguments' };
    expect(
      await evaluateObject(catcher?.Assign ?? {}, { parse, completed: [], states: { errorOutput: other } }),
    ).toEqual({
      failure: { step: 'both', error: 'States.QueryEvaluationError', cause: 'bad Arguments' },
      completed: [],
    });
    // When every branch succeeds, outputs and records as before.
    const ok = branches.map((b) => ({ steps: b.steps, completed: b.completed }));
    expect(await evaluateObject(par.Assign ?? {}, { completed: [], states: { result: ok } })).toEqual({
      step_both: { x: 1 },
      completed: [{ compensation: 'undo_x', step: 'x', input: {} }],
    });
  });

  it('rollback: compensates the branches that completed, then fails', async () => {
    const definition = parallel('rollback');
    expectValid(definition);
    const par = definition.States.both as ParallelState;
    const catcher = par.Catch?.[0];
    expect(catcher?.Next).toBe('both rollback');
    const errorOutput = await raised(par);
    const rollback = definition.States['both rollback'] as MapState;
    expect(rollback.MaxConcurrency).toBe(1);
    expect(rollback.Next).toBe('Failure compensate');
    const input = await evaluate(catcher?.Output, { parse, states: { errorOutput } });
    expect(await evaluate(rollback.Items, { states: { input } })).toEqual([
      { compensation: 'undo_x', step: 'x', input: {} },
    ]);
    expect(Object.keys(rollback.ItemProcessor.States)).toContain('both rollback undo_x');
    // The rolled-back records do not join the process's list.
    expect(catcher?.Assign?.completed).toBeUndefined();
    expect(
      (await evaluateObject(catcher?.Assign ?? {}, { parse, states: { errorOutput } })).failure,
    ).toMatchObject({
      error: 'Parallel.BranchFailed',
    });
  });
});

describe('foreach', () => {
  const { definition } = emitProcess(
    processOf('p', [
      step('query', 'due', { query_entity: 'Invoice', query_filter: {} }),
      step('foreach', 'each', {
        foreach_source: 'due',
        foreach_concurrency: 4,
        foreach_steps: [service('remind', { inputs: [{ source: 'item.id', target: 'invoice' }] })],
      }),
      step('foreach', 'big', {
        foreach_source: 'input.rows',
        foreach_mode: 'distributed',
        foreach_steps: [service('row')],
      }),
    ]),
  );

  it('maps over the items of a query result, with item and item_index in the context', async () => {
    expectValid(definition);
    const map = definition.States.each as MapState;
    expect(map.MaxConcurrency).toBe(4);
    expect(map.ItemProcessor.ProcessorConfig).toEqual({ Mode: 'INLINE' });
    expect(await evaluate(map.Items, { step_due: { items: [{ id: 1 }], count: 1 } })).toEqual([{ id: 1 }]);
    expect(await evaluate(map.Items, { step_due: null })).toEqual([]);
    const selector = await evaluateObject(map.ItemSelector as Record<string, unknown>, {
      input: {},
      trigger: {},
      step_due: { items: [{ id: 1 }] },
      states: { context: { Map: { Item: { Value: { id: 1 }, Index: 0 } } } },
    });
    // The iteration reads no outer step output: its context carries none (not one copy per item).
    expect(selector).toMatchObject({ item: { id: 1 }, item_index: 0, outer: {}, steps: {} });
    const remind = allStates(definition.States).remind as TaskState;
    const payload = (await evaluate(args(remind).Payload, {
      states: { input: selector, context: CONTEXT },
    })) as {
      input: unknown;
      context: unknown;
    };
    expect(payload.input).toEqual({ invoice: 1 });
    expect(payload.context).toMatchObject({ item: { id: 1 }, item_index: 0 });
    const vars = await evaluateObject(map.Assign ?? {}, {
      completed: [],
      states: { result: [{ steps: { remind: 'a' }, completed: [] }] },
    });
    expect(vars.step_each).toEqual([{ remind: 'a' }]);
  });

  it('is a DISTRIBUTED Map (STANDARD children) when declared', () => {
    const map = definition.States.big as MapState;
    expect(map.ItemProcessor.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
  });
});

describe('state names', () => {
  it('never collide: a parallel as a branch of a parallel, a foreach in a foreach, compensations named like roles', () => {
    const { definition } = emitProcess(
      processOf('p', [
        step('parallel', 'outer', {
          parallel_policy: 'wait_all',
          parallel_steps: [
            step('parallel', 'inner', {
              parallel_policy: 'rollback',
              parallel_steps: [
                service('a', { compensate_with: 'which' }),
                service('b', { compensate_with: 'failed' }),
              ],
            }),
            service('c', { compensate_with: 'retry' }),
          ],
        }),
        step('foreach', 'each', {
          foreach_source: 'input.rows',
          foreach_steps: [
            step('foreach', 'nested', { foreach_source: 'item.rows', foreach_steps: [service('d')] }),
          ],
        }),
        service('e', { compensate_with: 'which' }),
      ]),
    );
    expectValid(definition);
    const names = Object.keys(allStates(definition.States));
    expect(new Set(names).size).toBe(names.length);
  });
});
