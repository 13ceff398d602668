/**
 * Helpers shared by the example service implementations. Each service module is deployed as its own
 * Lambda (`<service>.ts` exporting `handler`); the helpers are bundled into each.
 */
import { createHash } from 'node:crypto';

/** The event every service Lambda receives (DESIGN.md §3). */
export interface ServiceEvent<I = Record<string, unknown>> {
  process: string;
  step: string;
  execution: { id: string; name: string; start_time: string };
  /** The step's mapped inputs (`{}` when it maps none): step outputs arrive only this way. */
  input: I;
  /** The process inputs and the trigger (and inside a foreach, `item` and `item_index`). */
  context: {
    input: Record<string, unknown>;
    trigger: Record<string, unknown>;
    item?: unknown;
    item_index?: number;
  };
}

/** An error whose `name` becomes the step's error name (what `retry` and `on_failure` see). */
export class ServiceError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** A short, stable reference derived from its parts: the same request always gets the same id. */
export function reference(prefix: string, ...parts: unknown[]): string {
  const digest = createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  return `${prefix}_${digest.slice(0, 12)}`;
}

/** A required string field of the input, or a `Validation` error naming it. */
export function requireString(input: Record<string, unknown>, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value === '')
    throw new ServiceError('Validation', `input.${field} is required`);
  return value;
}

/** A required number (numbers may arrive as strings from forms and events). */
export function requireNumber(input: Record<string, unknown>, field: string): number {
  const value = typeof input[field] === 'string' ? Number(input[field]) : input[field];
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new ServiceError('Validation', `input.${field} must be a number`);
  return value;
}
