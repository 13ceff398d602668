/**
 * The trigger router (compiler/emit/router.ts) run whole on the local interpreter: what AWS would
 * accept (asl-validator, AWS's creation checks), execution names, duplicates, starts that cannot
 * succeed. The `{input, trigger}` it builds: test/compiler/contracts/trigger-input.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { checkAwsDefinition } from '../../../compiler/asl/definitionChecks.ts';
import { snakeCase } from '../../../compiler/contracts/trigger-input.ts';
import {
  routerEventInput,
  routerScheduleInput,
  TRIGGER_ROUTER_NAME,
  triggerRouterDefinition,
} from '../../../compiler/emit/router.ts';
import { aslValidator } from '../../../host/asl-validator.ts';
import { slotExecutionName } from '../../../lambdas/schedule-catch-up/slots.ts';
import { AslEngine } from '../../../local/asl/index.ts';

const ENTITY = { kind: 'entity_event' } as const;

function setUp(workflows: { kind: 'process' | 'schedule'; name: string }[] = []) {
  const engine = new AslEngine();
  engine.registerStateMachine(TRIGGER_ROUTER_NAME, triggerRouterDefinition(), { type: 'EXPRESS' });
  const arns = workflows.map(
    (w) =>
      engine.registerStateMachine(`${w.kind}-${w.name}`.slice(0, 80), {
        QueryLanguage: 'JSONata',
        StartAt: 'Wait',
        States: { Wait: { Type: 'Wait', Seconds: 60, End: true } },
      }).stateMachineArn,
  );
  return { engine, arns };
}

const entityEvent = (id: string, entity = 'Order') => ({
  id,
  source: 'dazzle.shop',
  'detail-type': 'EntityCreated',
  detail: { entity, id: 'o-1', data: {} },
});

describe('trigger router definition', () => {
  it('is valid ASL that AWS would create', () => {
    const result = aslValidator()(triggerRouterDefinition());
    expect(result.isValid, result.errorsText('\n')).toBe(true);
    expect(checkAwsDefinition(triggerRouterDefinition())).toEqual([]);
  });

  it('is deterministic and a new object each time', () => {
    const a = triggerRouterDefinition();
    expect(JSON.stringify(a)).toBe(JSON.stringify(triggerRouterDefinition()));
    expect(a).not.toBe(triggerRouterDefinition());
  });
});

describe('trigger router on the local interpreter', () => {
  const w = { kind: 'process', name: 'fulfil' } as const;

  it('starts the workflow named after the event id; a redelivery starts nothing new', async () => {
    const { engine, arns } = setUp([w]);
    const input = { ...routerEventInput(w, ENTITY, arns[0]), event: entityEvent('6f1c0d52-5a3e') };
    const first = await engine.runExecution(TRIGGER_ROUTER_NAME, input);
    expect(first.output).toEqual({
      process: 'fulfil',
      execution: `${arns[0].replace(':stateMachine:', ':execution:')}:6f1c0d52-5a3e`,
    });
    // The first execution still runs: StartExecution is idempotent for the same name and input.
    await engine.runExecution(TRIGGER_ROUTER_NAME, input);
    engine.stopExecution(engine.listExecutions({ stateMachine: arns[0] })[0].executionArn);
    // Once it has ended the name is taken: ExecutionAlreadyExists ends the router successfully.
    const again = await engine.runExecution(TRIGGER_ROUTER_NAME, input);
    expect(again).toMatchObject({
      status: 'SUCCEEDED',
      output: { process: 'fulfil', duplicate: '6f1c0d52-5a3e' },
    });
    expect(engine.listExecutions({ stateMachine: arns[0] })).toHaveLength(1);
  });

  it('names the execution with the characters Step Functions allows, at most 80, for any event id', async () => {
    const { engine, arns } = setUp([w]);
    for (const [id, name] of [
      ['2026/11 replay:1', '2026_11_replay_1'],
      ['x'.repeat(100), 'x'.repeat(80)],
    ]) {
      const router = await engine.runExecution(TRIGGER_ROUTER_NAME, {
        ...routerEventInput(w, ENTITY, arns[0]),
        event: entityEvent(id),
      });
      expect(router.status, router.cause).toBe('SUCCEEDED');
      expect(engine.listExecutions({ stateMachine: arns[0] }).map((d) => d.name)).toContain(name);
    }
  });

  it('snake-cases entity names as the contract does', async () => {
    const { engine, arns } = setUp([w]);
    for (const entity of ['HTTPRequestLog', 'ReturnRequest', 'Order', 'order-line 2', 'aBcD', 'X']) {
      const id = `ev-${snakeCase(entity)}`;
      await engine.runExecution(TRIGGER_ROUTER_NAME, {
        ...routerEventInput(w, ENTITY, arns[0]),
        event: entityEvent(id, entity),
      });
      const started = engine.listExecutions({ stateMachine: arns[0] }).find((d) => d.name === id);
      expect((started?.input as { input?: unknown } | undefined)?.input).toHaveProperty(
        [`${snakeCase(entity)}_id`],
        'o-1',
      );
    }
  });

  it('names a schedule slot exactly as schedule-catch-up names a missed one, also for long names', async () => {
    const time = '2026-11-25T02:00:00Z';
    for (const name of ['overdue_invoice_reminders', 'x'.repeat(90)]) {
      const ref = { kind: 'schedule', name } as const;
      const { engine, arns } = setUp([ref]);
      await engine.runExecution(TRIGGER_ROUTER_NAME, routerScheduleInput(ref, arns[0], time));
      expect(engine.listExecutions({ stateMachine: arns[0] }).map((d) => d.name)).toEqual([
        slotExecutionName(`schedule-${name}`, new Date(time)),
      ]);
    }
  });

  it('fails on an unknown trigger kind', async () => {
    const { engine } = setUp();
    const router = await engine.runExecution(TRIGGER_ROUTER_NAME, { kind: 'manual', machine: 'x' });
    expect(router).toMatchObject({
      status: 'FAILED',
      error: 'Router.UnknownTrigger',
      cause: 'unknown trigger kind: manual',
    });
  });

  it('does not retry a start that cannot succeed (no such machine)', async () => {
    const { engine } = setUp();
    const missing = engine.stateMachineArn('process-gone');
    const router = await engine.runExecution(TRIGGER_ROUTER_NAME, {
      ...routerEventInput({ kind: 'process', name: 'gone' }, ENTITY, missing),
      event: entityEvent('e-1'),
    });
    expect(router).toMatchObject({ status: 'FAILED', error: 'Sfn.StateMachineDoesNotExistException' });
    const history = engine.getExecutionHistory(router.executionArn);
    expect(history.filter((e) => e.type === 'TaskScheduled')).toHaveLength(1);
  });
});
