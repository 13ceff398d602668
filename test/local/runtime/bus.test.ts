/** The in-process bus: routing, listeners, PutEvents results, target retries and dead letters. */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../local/asl/index.ts';
import { type BusEvent, LocalEventBus, TARGET_ATTEMPTS } from '../../../local/bus/bus.ts';

describe('LocalEventBus', () => {
  it('routes matching events to their rules and every event to listeners', async () => {
    const bus = new LocalEventBus(new VirtualClock());
    const hits: string[] = [];
    const seen: string[] = [];
    bus.setRules([
      {
        name: 'orders',
        pattern: { 'detail-type': ['OrderPlaced'] },
        target: async (e) => void hits.push(e.id),
      },
    ]);
    bus.subscribe((e) => seen.push(e['detail-type']));
    const out = await bus.putEvents([
      { Source: 'app', DetailType: 'OrderPlaced', Detail: '{}' },
      { Source: 'app', DetailType: 'Other', Detail: '{}' },
      { Source: 'app', DetailType: 'Bad', Detail: '[1]' },
    ]);
    await bus.idle();
    expect(out.FailedEntryCount).toBe(1);
    expect(hits).toEqual([out.Entries[0].EventId]);
    expect(seen).toEqual(['OrderPlaced', 'Other']);
  });

  it('retries a failing target with backoff on the clock, then dead-letters it', async () => {
    const clock = new VirtualClock();
    const bus = new LocalEventBus(clock);
    const at: number[] = [];
    bus.setRules([
      {
        name: 'flaky',
        pattern: { source: ['app'] },
        target: async () => {
          at.push(clock.now());
          throw new Error('down');
        },
      },
    ]);
    const event: BusEvent = bus.event('X', {}, 'app');
    await bus.deliver(event);
    expect(at.slice(1).map((t, i) => (t - at[i]) / 1000)).toEqual([1, 2, 4]);
    expect(at).toHaveLength(TARGET_ATTEMPTS);
    expect(bus.deadLetters).toEqual([
      { rule: 'flaky', event, error: 'Error: down', attempts: TARGET_ATTEMPTS },
    ]);
  });
});
