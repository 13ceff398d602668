/**
 * "Did you mean …?" for near names. Levenshtein distance with a threshold that grows with the
 * name's length (as graphql-js's `suggestionList` does), so `notify_custmer` finds
 * `notify_customer` but `a` does not find `b`.
 */

/** The number of single-character insertions, deletions and substitutions turning `a` into `b`. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length];
}

/** Candidates close to `name`, nearest first (ties in the candidates' order). */
export function suggestionList(name: string, candidates: Iterable<string>): string[] {
  const threshold = Math.max(1, Math.floor(name.length * 0.4));
  const lower = name.toLowerCase();
  const scored: { candidate: string; distance: number }[] = [];
  for (const candidate of new Set(candidates)) {
    if (candidate === name) continue;
    const other = candidate.toLowerCase();
    // A difference of letter case only is the closest match there is.
    const distance = other === lower ? 0 : editDistance(lower, other);
    // A name that starts with the other (`boolean`/`bool`, `integer`/`int`) is near whatever its length.
    const extends_ =
      Math.min(lower.length, other.length) >= 3 && (lower.startsWith(other) || other.startsWith(lower));
    // Never suggest a name that shares nothing with the one written (`a` → `b`).
    if ((distance <= threshold && distance < name.length) || extends_) scored.push({ candidate, distance });
  }
  return scored.sort((x, y) => x.distance - y.distance).map((s) => s.candidate);
}

/**
 * ` Did you mean "x"?` (or ` Did you mean "x" or "y"?`), to append to a message; empty when
 * nothing is close.
 */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const [first, second] = suggestionList(name, candidates);
  if (first === undefined) return '';
  return second === undefined ? ` Did you mean "${first}"?` : ` Did you mean "${first}" or "${second}"?`;
}
