/** The virtual clock: deterministic order, instant waits, holds for outside work. */
import { describe, expect, it } from 'vitest';
import { AslEngine, RealClock, VirtualClock } from '../../../local/asl/index.ts';

describe('VirtualClock', () => {
  it('fires timers by due time, then creation order, advancing now()', async () => {
    const clock = new VirtualClock({ start: 0, autoAdvance: false });
    const fired: string[] = [];
    clock.setTimer(2000, () => fired.push(`b@${clock.now()}`));
    clock.setTimer(1000, () => fired.push(`a@${clock.now()}`));
    clock.setTimer(2000, () => fired.push(`c@${clock.now()}`));
    clock.setTimer(5000, () => fired.push('late')).cancel();
    await clock.advance(2500);
    expect(fired).toEqual(['a@1000', 'b@2000', 'c@2000']);
    expect(clock.now()).toBe(2500);
    await clock.runAll();
    expect(fired).toHaveLength(3);
  });

  it('passes a year of sleeps at once when auto-advancing', async () => {
    const clock = new VirtualClock({ start: 0 });
    const started = performance.now();
    await clock.sleep(365 * 86_400_000);
    expect(clock.now()).toBe(365 * 86_400_000);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('does not advance while a hold is open', async () => {
    const clock = new VirtualClock({ start: 0 });
    const release = clock.hold();
    let fired = false;
    clock.setTimer(1000, () => {
      fired = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fired).toBe(false);
    release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fired).toBe(true);
    expect(clock.now()).toBe(1000);
  });

  it('rejects a sleep when its signal aborts', async () => {
    const clock = new VirtualClock({ start: 0, autoAdvance: false });
    const controller = new AbortController();
    const sleeping = clock.sleep(1000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('RealClock', () => {
  it('runs an execution in real time (the dev server’s clock)', async () => {
    const engine = new AslEngine({ clock: new RealClock() });
    engine.registerStateMachine('w', {
      QueryLanguage: 'JSONata',
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 1, End: true } },
    });
    const started = Date.now();
    const result = await engine.runExecution('w');
    expect(result.status).toBe('SUCCEEDED');
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect((result.stopDate?.getTime() ?? 0) - result.startDate.getTime()).toBeGreaterThanOrEqual(990);
  });
});
