import { describe, expect, it } from 'vitest';
import { codes, dsl, expectClean, parse } from './harness.ts';

describe('schedule blocks', () => {
  it('reads every field', () => {
    const { schedules } = expectClean(dsl`
      schedule full_sync "Full Sync":
        "Weekly sync"
        implements: [SYNC-001]
        cron: "0 2 * * 0"
        timezone: "America/New_York"
        catch_up: true
        overlap: queue
        steps:
          - step sync:
              service: sync
        timeout: 3h
        emits:
          on_complete: Synced
    `);
    expect(schedules).toEqual([
      {
        name: 'full_sync',
        title: 'Full Sync',
        description: 'Weekly sync',
        implements: ['SYNC-001'],
        cron: '0 2 * * 0',
        timezone: 'America/New_York',
        catch_up: true,
        overlap: 'queue',
        steps: [expect.objectContaining({ name: 'sync', kind: 'service' })],
        timeout_seconds: 10800,
        events: { on_complete: 'Synced' },
      },
    ]);
  });

  it('applies the defaults and reads interval and interval_seconds', () => {
    const { schedules } = expectClean('schedule a:\n  interval: 5m\nschedule b:\n  interval_seconds: 3600\n');
    expect(schedules[0]).toEqual({
      name: 'a',
      implements: [],
      interval_seconds: 300,
      timezone: 'UTC',
      catch_up: false,
      overlap: 'skip',
      steps: [],
      timeout_seconds: 3600,
      events: {},
    });
    expect(schedules[1].interval_seconds).toBe(3600);
  });

  // Dazzle's parser (`_parse_string_or_param`, `_parse_schedule_timeout_field`) stores a
  // `ParamRef(key, param_type, default)`: str/"" for cron, str/"UTC" for timezone, int/3600 for timeout.
  it('holds param("key") in cron, timezone and timeout as Dazzle\'s ParamRef objects', () => {
    const { schedules } = expectClean(
      'schedule r:\n  cron: param("report_cron")\n  timezone: param(\'tz\')\n  timeout: param("report_timeout")\n',
    );
    expect(schedules[0]).toMatchObject({
      cron: { key: 'report_cron', param_type: 'str', default: '' },
      timezone: { key: 'tz', param_type: 'str', default: 'UTC' },
      timeout_seconds: { key: 'report_timeout', param_type: 'int', default: 3600 },
    });
    expect(schedules[0]).not.toHaveProperty('timeout_param');
  });

  it('keeps a quoted string that looks like a param call a plain string', () => {
    const { schedules } = expectClean('schedule r:\n  cron: "0 8 * * *"\n  timezone: "param(\\"tz\\")"\n');
    expect(schedules[0].timezone).toBe('param("tz")');
  });

  it('reports a catch_up that is not a boolean', () => {
    expect(codes(parse('schedule s:\n  catch_up: sometimes\n').diagnostics)).toEqual([['DZ103', 2, 13]]);
  });
});
