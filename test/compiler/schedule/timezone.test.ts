import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkTimezone, isValidTimezone, suggestTimezones } from '../../../compiler/schedule/timezone.ts';

const at = { file: 'app.dsl', line: 5, column: 15 };

describe('isValidTimezone', () => {
  it.each([
    'UTC',
    'Etc/UTC',
    'Europe/London',
    'America/New_York',
    'Asia/Kolkata',
    'Australia/Sydney',
    'US/Eastern',
  ])('accepts %s', (tz) => {
    expect(isValidTimezone(tz)).toBe(true);
  });

  it.each(['', ' UTC', 'europe/london', 'utc', 'Europe/Londn', 'London', 'Mars/Olympus', '+01:00', 'tz'])(
    'rejects %j',
    (tz) => {
      expect(isValidTimezone(tz)).toBe(false);
    },
  );
});

describe('isValidTimezone without loading zone data', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('knows a name of the runtime list as written without building an Intl.DateTimeFormat', () => {
    // The first Intl.DateTimeFormat with a time zone loads the zone data: ~70 ms of a CLI start.
    const format = vi.spyOn(Intl, 'DateTimeFormat');
    expect(isValidTimezone('Pacific/Auckland')).toBe(true);
    expect(format).not.toHaveBeenCalled();
    // Links and other spellings still go through Intl.
    expect(isValidTimezone('US/Pacific')).toBe(true);
    expect(isValidTimezone('pacific/auckland')).toBe(false);
    expect(format).toHaveBeenCalled();
  });
});

describe('suggestTimezones / checkTimezone', () => {
  it('suggests the right case, near spellings and city names', () => {
    expect(suggestTimezones('europe/london')[0]).toBe('Europe/London');
    expect(suggestTimezones('utc')[0]).toBe('UTC');
    expect(suggestTimezones('Europe/Londn')[0]).toBe('Europe/London');
    expect(suggestTimezones('America/New_Yrok')[0]).toBe('America/New_York');
    expect(suggestTimezones('London')).toContain('Europe/London');
    expect(suggestTimezones('new york')).toContain('America/New_York');
    expect(suggestTimezones('Mars/Olympus')).toEqual([]);
  });

  it('reports DZ520 at the given location with a suggestion', () => {
    const [d] = checkTimezone('Europe/Londn', at);
    expect([d.code, d.severity, d.line, d.column]).toEqual(['DZ520', 'error', 5, 15]);
    expect(d.message).toContain('"Europe/London"');
    expect(checkTimezone('Europe/London', at)).toEqual([]);
    expect(checkTimezone('Mars/Olympus', at).map((x) => x.code)).toEqual(['DZ520']);
  });
});
