/** Finding the browser of the console tests: CHROMIUM_PATH first, then the usual install paths. */
import { describe, expect, it } from 'vitest';
import { findChromium } from './harness.ts';

describe('findChromium', () => {
  it('takes CHROMIUM_PATH when it exists, and says so when it does not', () => {
    expect(findChromium({ CHROMIUM_PATH: '/opt/c/chrome' }, (p) => p === '/opt/c/chrome')).toEqual({
      found: true,
      path: '/opt/c/chrome',
    });
    expect(findChromium({ CHROMIUM_PATH: '/nope' }, () => false)).toEqual({
      found: false,
      reason: 'CHROMIUM_PATH=/nope does not exist',
    });
  });

  it('else takes the first usual install path that exists, or explains how to get one', () => {
    expect(
      findChromium({}, (p) => p === '/usr/bin/chromium-browser' || p === '/usr/bin/google-chrome'),
    ).toEqual({
      found: true,
      path: '/usr/bin/chromium-browser',
    });
    const none = findChromium({}, () => false);
    expect(none.found).toBe(false);
    expect(!none.found && none.reason).toMatch(
      /^no Chromium found \(set CHROMIUM_PATH, or install one: apt-get install chromium\)/,
    );
  });
});
