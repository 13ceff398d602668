import { describe, expect, it } from 'vitest';
import type { HistoryEvent, HistoryEventType } from '../../local/asl/index.ts';
import { runningStates, stateVisits, stepOfState } from '../../local/console/history.ts';

/** Builds a history the way the engine records it: each event chained to the one before. */
function history(...events: [HistoryEventType, Record<string, unknown>?, number?][]): HistoryEvent[] {
  return events.map(([type, details, previous], i) => {
    const key = type.endsWith('StateEntered')
      ? 'stateEnteredEventDetails'
      : type.endsWith('StateExited')
        ? 'stateExitedEventDetails'
        : `${type[0].toLowerCase()}${type.slice(1)}EventDetails`;
    return {
      id: i + 1,
      previousEventId: previous ?? i,
      timestamp: new Date(Date.UTC(2026, 0, 5, 9, 0, i)),
      type,
      ...(details && { [key]: details }),
    };
  });
}

describe('stateVisits', () => {
  it('counts attempts and keeps each failed attempt error', () => {
    const visits = stateVisits(
      history(
        ['ExecutionStarted', { input: '{}' }],
        ['TaskStateEntered', { name: 'pay_out', input: '{"amount":5}' }],
        ['TaskScheduled'],
        ['TaskStarted'],
        ['TaskFailed', { error: 'Payment.Declined', cause: 'card declined' }],
        ['TaskScheduled'],
        ['TaskStarted'],
        ['TaskSucceeded', { output: '{"ok":true}' }],
        ['TaskStateExited', { name: 'pay_out', output: '{"ok":true}' }],
      ),
    );
    expect(visits).toMatchObject([
      {
        name: 'pay_out',
        step: 'pay_out',
        type: 'Task',
        attempts: 2,
        status: 'succeeded',
        input: { amount: 5 },
        output: { ok: true },
        errors: [{ error: 'Payment.Declined', cause: 'card declined' }],
      },
    ]);
  });

  it("shows a task resumed with a later outcome's HumanTask.Outcome error as that outcome taken, not a failure", () => {
    const completion = '{"outcome":"decline","data":{},"completed_by":"u-mgr"}';
    const visits = stateVisits(
      history(
        ['ExecutionStarted', { input: '{}' }],
        ['TaskStateEntered', { name: 'review', input: '{}' }],
        ['TaskScheduled'],
        ['TaskStarted'],
        ['TaskSubmitted'],
        ['TaskFailed', { error: 'HumanTask.Outcome.decline', cause: completion }],
        ['PassStateEntered', { name: 'notify', input: '{}' }],
        ['PassStateExited', { name: 'notify', output: '{}' }],
        ['ExecutionSucceeded', { output: '{}' }],
      ),
    );
    expect(visits[0]).toMatchObject({
      name: 'review',
      status: 'succeeded',
      outcome: 'decline',
      errors: [],
      exited_at: '2026-01-05T09:00:05.000Z',
      output: JSON.parse(completion),
    });
    expect(runningStates(visits)).toEqual([]);
  });

  it('reports the states still running, and marks them failed once the execution has ended', () => {
    const running = history(
      ['ExecutionStarted'],
      ['TaskStateEntered', { name: 'manager_review' }],
      ['TaskScheduled'],
      ['TaskStarted'],
    );
    expect(runningStates(stateVisits(running))).toEqual(['manager_review']);
    const ended = [
      ...running,
      ...history(['ExecutionAborted']).map((e) => ({ ...e, id: 5, previousEventId: 4 })),
    ];
    expect(stateVisits(ended).map((v) => v.status)).toEqual(['failed']);
  });

  it('maps helper states to their step and compensation states to their compensation', () => {
    expect(stepOfState('manager_review sets approve')).toBe('manager_review');
    expect(stepOfState('Failure compensate reverse_reimbursement failed')).toBe('reverse_reimbursement');
    const visits = stateVisits(
      history(
        ['ExecutionStarted'],
        ['MapStateEntered', { name: 'Failure compensate' }],
        ['TaskStateEntered', { name: 'Failure compensate reverse_reimbursement' }, 2],
        ['TaskStateExited', { name: 'Failure compensate reverse_reimbursement' }, 3],
        ['MapStateExited', { name: 'Failure compensate' }, 2],
      ),
    );
    expect(visits.map((v) => [v.name, v.compensation, v.status])).toEqual([
      ['Failure compensate', false, 'succeeded'],
      ['Failure compensate reverse_reimbursement', true, 'succeeded'],
    ]);
  });

  it('attributes events of parallel branches to the visit of their own thread', () => {
    const visits = stateVisits(
      history(
        ['ExecutionStarted'],
        ['ParallelStateEntered', { name: 'ship' }],
        ['TaskStateEntered', { name: 'pack' }, 2],
        ['TaskStateEntered', { name: 'label' }, 2],
        ['TaskScheduled', undefined, 3],
        ['TaskScheduled', undefined, 4],
        ['TaskFailed', { error: 'Label.Down' }, 6],
        ['TaskScheduled', undefined, 7],
      ),
    );
    expect(visits.map((v) => [v.name, v.attempts, v.errors.length])).toEqual([
      ['ship', 0, 0],
      ['pack', 1, 0],
      ['label', 2, 1],
    ]);
    expect(runningStates(visits)).toEqual(['pack', 'label']);
  });
});
