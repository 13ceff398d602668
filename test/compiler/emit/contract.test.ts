import { describe, expect, it } from 'vitest';
import type { TaskState } from '../../../compiler/emit/asl/types.ts';
import {
  parseEntityStore,
  parseLlmIntent,
  parseSignalRegister,
  parseTaskRegister,
} from '../../../lambdas/shared/schemas.ts';
import { processOf, step } from '../plan/builders.ts';
import { allStates, emitProcess, evaluate } from './harness.ts';

/**
 * The payloads the state machines send, evaluated with sample data, parse with the handlers' own
 * checks of the runtime contract (lambdas/shared/schemas.ts).
 */
const CONTEXT = {
  Execution: { Id: 'arn:exec:1', Name: '1', StartTime: 't0' },
  Task: { Token: 'tok' },
  State: { Name: 's', EnteredTime: 't1' },
};

const { definition } = emitProcess(
  processOf(
    'p',
    [
      step('human_task', 'review', {
        human_task: {
          entity_path: 'Invoice',
          assignee_expression: 'self.owner',
          timeout_seconds: 60,
          form: [{ name: 'ok', type: 'bool', required: true }],
          outcomes: [
            {
              name: 'approve',
              label: 'Approve',
              goto: 'paid',
              style: 'primary',
              sets: [{ field_path: 'Invoice.status', value: 'approved' }],
            },
            { name: 'reject', label: 'Reject', goto: 'fail', style: 'danger', sets: [], confirm: 'Sure?' },
            {
              name: 'hold',
              label: 'Hold',
              goto: 'paid',
              style: 'secondary',
              sets: [{ field_path: 'Invoice.note', value: 'review.data.note' }],
            },
          ],
        },
      }),
      step('wait', 'paid', { wait_for_signal: 'payment', wait_correlation: 'input.order_id' }),
      step('query', 'due', { query_entity: 'Invoice', query_filter: { status__in: ['a', 'b'] } }),
      step('side_effect', 'log', {
        effects: [
          {
            action: 'create',
            entity_name: 'AuditLog',
            assignments: [{ field_path: 'AuditLog.note', value: '"x"' }],
          },
        ],
      }),
      step('llm_intent', 'classify', { llm_intent: 'triage', llm_input_map: { text: 'self.body' } }),
    ],
    { trigger: { kind: 'entity_event', entity_name: 'Invoice', event_type: 'created', timezone: 'UTC' } },
  ),
);
const states = allStates(definition.States);
const payload = (name: string, vars: Record<string, unknown> = {}) =>
  evaluate(((states[name] as TaskState).Arguments as { Payload: string }).Payload, {
    input: { order_id: 'o1', invoice_id: 'i1' },
    trigger: { owner: 'u7', body: 'text' },
    step_review: { outcome: 'approve', completed_by: 'u1', data: {} },
    states: { context: CONTEXT },
    ...vars,
  });

describe('payloads match the handlers’ contract checks', () => {
  it('taskRegister', async () => {
    const event = parseTaskRegister(await payload('review'));
    expect(event.task).toMatchObject({
      assignee: 'u7',
      entity: { name: 'Invoice', id: 'i1' },
      timeout_seconds: 60,
      // `hold` reads the completion (review.data), so its own state applies it (below).
      effects: {
        approve: [
          {
            action: 'update',
            entity: 'Invoice',
            where: [{ field: 'id', op: 'eq', value: 'i1' }],
            values: { status: 'approved' },
          },
        ],
      },
    });
    expect(Object.keys(event.task.effects ?? {})).toEqual(['approve']);
  });

  it('signalRegister', async () => {
    expect(parseSignalRegister(await payload('paid'))).toMatchObject({
      signal: 'payment',
      correlation_id: 'o1',
    });
  });

  it('entityStore query, effects and outcome sets', async () => {
    expect(parseEntityStore(await payload('due'))).toMatchObject({
      op: 'query',
      entity: 'Invoice',
      limit: 1000,
    });
    expect(parseEntityStore(await payload('log'))).toMatchObject({
      op: 'effects',
      request_id: 'arn:exec:1#s#t1',
    });
    expect(parseEntityStore(await payload('review sets hold'))).toMatchObject({
      op: 'effects',
      actor: 'u1',
      effects: [{ action: 'update', entity: 'Invoice', values: { note: null } }],
    });
  });

  it('llmIntent', async () => {
    expect(parseLlmIntent(await payload('classify'))).toMatchObject({
      intent: 'triage',
      input: { text: 'text' },
    });
  });
});
