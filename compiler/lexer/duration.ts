const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3_600, d: 86_400 };

export const DURATION_FORMS = '<int>s, <int>m, <int>h or <int>d (e.g. 30s, 5m, 2h, 7d)';

/** `30s` → 30, `2h` → 7200; anything else (`30x`, `1.5h`, `30min`) → undefined. */
export function durationSeconds(text: string): number | undefined {
  const match = /^(\d+)([smhd])$/.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * UNIT_SECONDS[match[2]];
}

/** True for a word that can only be meant as a duration: it starts with a digit and has letters. */
export const looksLikeDuration = (text: string): boolean => /^\d/.test(text) && /[A-Za-z]/.test(text);
