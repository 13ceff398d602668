import { Logger } from '@aws-lambda-powertools/logger';

/** One Powertools logger per handler (service name from POWERTOOLS_SERVICE_NAME or the argument). */
export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? serviceName });
}

/** What the cores log through: a subset of the Powertools Logger, so tests pass a fake. */
export interface Log {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

export const silentLog: Log = { info() {}, warn() {}, error() {} };

/** A loggable description of a thrown value (name, message, stack; never its other properties). */
export function describeError(err: unknown): Record<string, unknown> {
  return err instanceof Error
    ? { name: err.name, message: err.message, stack: err.stack }
    : { value: String(err) };
}
