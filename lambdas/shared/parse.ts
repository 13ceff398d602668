import { type Check, CheckError } from './check.ts';
import type { DazzleError } from './errors.ts';

/** Run a check; a failure becomes the given error, with the check's message (path + expectation). */
export function parseWith<T>(
  check: Check<T>,
  value: unknown,
  toError: (message: string, cause: unknown) => DazzleError,
): T {
  try {
    return check(value);
  } catch (err) {
    if (err instanceof CheckError) throw toError(err.message, err);
    throw err;
  }
}
