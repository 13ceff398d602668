/** Deterministic JSON text: 2-space indentation and a trailing newline (key order = construction order). */
export const toJsonText = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
