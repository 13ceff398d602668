/** Seconds as the DSL writes them: `90s`, `5m`, `2h`, `7d` (the largest unit that divides). */
export function formatDuration(seconds: number): string {
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
  ] as const) {
    if (seconds >= size && seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}

/** `a, b or c` (or `a, b and c`). */
export function listOf(items: readonly string[], conjunction: 'or' | 'and' = 'or'): string {
  return items.length <= 1
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}
