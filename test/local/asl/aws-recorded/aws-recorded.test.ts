/**
 * The interpreter against executions recorded on AWS (LocalStack's Step Functions snapshot tests,
 * see README.md): status, output or error + cause, states entered and history event types.
 */
import { describe, expect, it } from 'vitest';
import { KNOWN_DIFFERENCES } from './known-differences.ts';
import { loadCases, replayCase } from './replay.ts';

const cases = loadCases();

describe('executions recorded on AWS', () => {
  it('has its cases, each id once, and every known difference names one of them', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
    const ids = new Set(cases.map((c) => c.id));
    expect(ids.size).toBe(cases.length);
    for (const id of Object.keys(KNOWN_DIFFERENCES)) expect(ids).toContain(id);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', async (id, c) => {
    const result = await replayCase(c);
    const matches = result.outcome && result.history;
    if (id in KNOWN_DIFFERENCES) {
      expect(matches, `now matches AWS: remove it from KNOWN_DIFFERENCES (${KNOWN_DIFFERENCES[id]})`).toBe(
        false,
      );
    } else {
      expect(result.differences).toEqual([]);
    }
  });
});
