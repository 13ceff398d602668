/**
 * The one error hierarchy of the handlers. Every error a core throws on purpose is a `DazzleError`
 * with a stable `code`; `http.ts` maps codes to HTTP statuses in one place, and Step Functions sees
 * `name` (Lambda reports it as the error type) in its Retry/Catch.
 */
export type ErrorCode =
  | 'BadRequest'
  | 'PayloadTooLarge'
  | 'InvalidField'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'Conflict'
  | 'Gone'
  | 'Upstream'
  | 'Config'
  | 'InvalidEvent'
  | 'LlmInvalidJson'
  | 'LlmTemplate';

export interface ErrorContext {
  [key: string]: unknown;
}

export class DazzleError extends Error {
  readonly code: ErrorCode;
  readonly context: ErrorContext;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; context?: ErrorContext } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.context = options.context ?? {};
    this.name = `Dazzle.${code}`;
  }
}

/** 400: the request (or event) is malformed: not JSON, too large, wrong shape. */
export class BadRequestError extends DazzleError {
  constructor(message: string, options: { cause?: unknown; context?: ErrorContext } = {}) {
    super('BadRequest', message, options);
  }
}

/** 413: the request body is over the limit. */
export class PayloadTooLargeError extends DazzleError {
  constructor(message: string) {
    super('PayloadTooLarge', message);
  }
}

/** 400 naming the offending field (form data, process inputs). */
export class InvalidFieldError extends DazzleError {
  readonly field: string;
  constructor(field: string, message: string) {
    super('InvalidField', `${field}: ${message}`, { context: { field } });
    this.field = field;
  }
}

/** 401: no caller identity at all. */
export class UnauthorizedError extends DazzleError {
  constructor(message = 'no caller identity') {
    super('Unauthorized', message);
  }
}

/** 403: the caller is known but lacks the role (or is not the assignee). */
export class ForbiddenError extends DazzleError {
  constructor(message: string) {
    super('Forbidden', message);
  }
}

export class NotFoundError extends DazzleError {
  constructor(what: string, id: string) {
    super('NotFound', `${what} '${id}' not found`, { context: { what, id } });
  }
}

/** 409: lost a conditional write (e.g. the task was completed by someone else). */
export class ConflictError extends DazzleError {
  constructor(message: string, context: ErrorContext = {}) {
    super('Conflict', message, { context });
  }
}

/** 410: the waiting execution is gone (task token timed out or invalid). */
export class GoneError extends DazzleError {
  constructor(message: string, context: ErrorContext = {}) {
    super('Gone', message, { context });
  }
}

/** 502: an AWS call failed in a way the caller cannot fix. */
export class UpstreamError extends DazzleError {
  constructor(message: string, cause: unknown) {
    super('Upstream', message, { cause });
  }
}

/** Deployment configuration (env vars, bundled JSON) is missing or invalid. */
export class ConfigError extends DazzleError {
  constructor(message: string, cause?: unknown) {
    super('Config', message, { cause });
  }
}

/** A state machine sent a payload that does not match `compiler/contracts/runtime.ts`. */
export class InvalidEventError extends DazzleError {
  constructor(message: string, cause?: unknown) {
    super('InvalidEvent', message, { cause });
  }
}

/** The model's answer to an intent declared `output: json` is not JSON. */
export class LlmInvalidJsonError extends DazzleError {
  constructor(intent: string, cause: unknown) {
    super('LlmInvalidJson', `intent '${intent}': the model's answer is not valid JSON`, {
      cause,
      context: { intent },
    });
  }
}

/** A `{{slot}}` of an intent's prompt has no value in the event's input. */
export class LlmTemplateError extends DazzleError {
  constructor(intent: string, slot: string) {
    super('LlmTemplate', `intent '${intent}': prompt slot '{{${slot}}}' has no value in the input`, {
      context: { intent, slot },
    });
  }
}

/** Name of an AWS SDK error (`err.name`), or undefined. */
export function awsErrorName(err: unknown): string | undefined {
  return err instanceof Error ? err.name : undefined;
}
