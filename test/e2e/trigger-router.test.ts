/**
 * The local runtime starts triggered workflows as AWS does: every bus delivery of a trigger rule
 * and every schedule slot runs the trigger router the compiler emits (compiler/emit/router.ts) —
 * the definition infra deploys — on the local interpreter, with the input the rule or Scheduler
 * target sends it. Router executions are plumbing: no status change, no listing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  routerEventInput,
  routerScheduleInput,
  TRIGGER_ROUTER_NAME,
  triggerRouterDefinition,
} from '../../compiler/emit/router.ts';
import { type Local, ok, startLocal } from './harness.ts';

const DSL = `
process on_confirm:
  trigger:
    when: entity Order status pending -> confirmed
  steps:
    - step note:
        service: note
  overlap: allow

schedule nightly:
  cron: "0 2 * * *"
  steps:
    - step sweep:
        service: note
`;

let local: Local;
beforeAll(async () => {
  // T0 is 2026-01-05T09:00Z; the clock moves only when the test says so.
  local = await startLocal(
    DSL,
    { note: ok({ noted: true }) },
    { autoAdvance: false, schedules: true, catchUp: false },
  );
});
afterAll(() => local?.close());

const routerRuns = () => local.rt.engine.listExecutions({ stateMachine: TRIGGER_ROUTER_NAME });
const confirmed = (id: string, eventId: string, data: Record<string, unknown> = {}) =>
  local.rt.bus.event(
    'EntityStatusChanged',
    { entity: 'Order', id, from_status: 'pending', to_status: 'confirmed', data },
    'dazzle.app',
    eventId,
  );

describe('the trigger router, locally', () => {
  it("is the compiler's definition, registered as an Express machine", () => {
    const router = local.rt.engine.describeStateMachine(TRIGGER_ROUTER_NAME);
    expect(router.type).toBe('EXPRESS');
    expect(router.definition).toEqual(triggerRouterDefinition());
  });

  it('runs for a bus delivery with what the rule target sends, and starts the process', async () => {
    const event = confirmed('o-1', 'evt-1');
    await local.rt.bus.deliver(event);
    const [run] = routerRuns();
    expect(run.status).toBe('SUCCEEDED');
    const w = local.rt.workflow('on_confirm');
    const rule = w.triggers.find((t) => 'pattern' in t);
    if (!rule || !('pattern' in rule)) throw new Error('no event trigger');
    expect(run.input).toEqual({
      ...routerEventInput(w, rule, local.rt.stateMachineArn('on_confirm')),
      event: JSON.parse(JSON.stringify(event)),
    });
    const started = local.rt.engine.listExecutions({ stateMachine: local.rt.stateMachineArn('on_confirm') });
    expect(started.map((d) => d.name)).toEqual(['evt-1']);
    expect(run.output).toEqual({ process: 'on_confirm', execution: started[0].executionArn });
  });

  it('leaves its executions out of the runtime: no listing, no status change event', async () => {
    await local.rt
      .awaitExecution(local.rt.engine.listExecutions({ status: 'RUNNING' })[0]?.executionArn ?? '')
      .catch(() => {});
    await local.rt.bus.idle();
    const router = local.rt.engine.stateMachineArn(TRIGGER_ROUTER_NAME);
    expect(local.rt.engine.listExecutions().filter((d) => d.stateMachineArn === router)).toEqual([]);
    const changes = local.rt.bus.events.filter((e) => e.source === 'aws.states');
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.filter((e) => e.detail.stateMachineArn === router)).toEqual([]);
  });

  it("dead-letters a delivery whose start the router cannot make, with the router's error", async () => {
    // The route (the process input) carries the entity data twice (input and trigger): over the
    // 256 KiB AWS allows a variable (and an execution input).
    const big = { blob: 'x'.repeat(150_000) };
    const delivered = local.rt.bus.deliver(confirmed('o-2', 'evt-big', big));
    // The bus retries after 1, 2 and 4 s (engine clock), then dead-letters.
    for (let i = 0; i < 4; i++) await local.clock.advance(4_000);
    await delivered;
    const dead = local.rt.bus.deadLetters.find((d) => d.event.id === 'evt-big');
    expect(dead?.error).toMatch(/the trigger router FAILED: States\.DataLimitExceeded/);
    const started = local.rt.engine.listExecutions({ stateMachine: local.rt.stateMachineArn('on_confirm') });
    expect(started.map((d) => d.name)).not.toContain('evt-big');
  });

  it('runs for a schedule slot with what the Scheduler target sends', async () => {
    await local.clock.advance(Date.parse('2026-01-06T02:00:00Z') - local.clock.now()); // the first slot
    await local.rt.bus.idle();
    const slot = routerRuns().find((d) => (d.input as { kind?: string }).kind === 'schedule');
    const w = local.rt.workflow('schedule:nightly');
    expect(slot?.input).toEqual(
      routerScheduleInput(w, local.rt.stateMachineArn('schedule:nightly'), '2026-01-06T02:00:00Z'),
    );
    expect(
      local.rt.engine
        .listExecutions({ stateMachine: local.rt.stateMachineArn('schedule:nightly') })
        .map((d) => d.name),
    ).toEqual(['schedule-nightly-20260106T020000Z']);
  });
});
