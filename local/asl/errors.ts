/**
 * The interpreter's error hierarchy. `StatesError` is an error inside an execution (what Retry and
 * Catch see); the others are API errors named exactly like the AWS Step Functions exceptions, so the
 * local SFN endpoint can map `error.name` to the wire error code unchanged.
 */

/** Built-in error names of the Amazon States Language. */
export const STATES_ERRORS = {
  all: 'States.ALL',
  timeout: 'States.Timeout',
  heartbeatTimeout: 'States.HeartbeatTimeout',
  taskFailed: 'States.TaskFailed',
  permissions: 'States.Permissions',
  queryEvaluationError: 'States.QueryEvaluationError',
  runtime: 'States.Runtime',
  noChoiceMatched: 'States.NoChoiceMatched',
  branchFailed: 'States.BranchFailed',
  exceedToleratedFailureThreshold: 'States.ExceedToleratedFailureThreshold',
  itemReaderFailed: 'States.ItemReaderFailed',
  resultWriterFailed: 'States.ResultWriterFailed',
  dataLimitExceeded: 'States.DataLimitExceeded',
  intrinsicFailure: 'States.IntrinsicFailure',
} as const;

/** An error raised inside an execution: `{Error, Cause}` in ASL terms. */
export class StatesError extends Error {
  override readonly name = 'StatesError';
  constructor(
    readonly error: string,
    override readonly cause: string | undefined,
  ) {
    super(cause ? `${error}: ${cause}` : error);
  }

  /** The `$states.errorOutput` value. */
  toErrorOutput(): { Error: string; Cause?: string } {
    return this.cause === undefined ? { Error: this.error } : { Error: this.error, Cause: this.cause };
  }
}

/**
 * A state's own evaluation failed (a JSONata expression, a field's value): `States.QueryEvaluationError`
 * with AWS's wording. The interpreter records an `EvaluationFailed` event and prefixes the cause with
 * the state and the event where it was entered, as AWS does:
 * "An error occurred while executing the state 'S' (entered at the event id #2). The JSONata expression …"
 * (recorded on AWS: test/local/asl/aws-recorded, assign test_undefined_reference).
 */
export class EvaluationError extends StatesError {
  constructor(
    message: string,
    /** The field, down to the key or index that failed (`Output/result`, `Arguments/Items[0]`). */
    readonly location?: string,
  ) {
    super(STATES_ERRORS.queryEvaluationError, message);
  }
}

/** Base class of the engine's API errors. */
export class AslApiError extends Error {}

export interface DefinitionProblem {
  /** JSON-pointer-like location in the definition, e.g. `/States/Charge/Retry/0/ErrorEquals`. */
  path: string;
  message: string;
}

/** The definition uses something the interpreter does not implement, or is malformed. */
export class InvalidDefinition extends AslApiError {
  override readonly name = 'InvalidDefinition';
  constructor(readonly problems: DefinitionProblem[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  }
}

function apiError(name: string) {
  return class extends AslApiError {
    override readonly name = name;
  };
}

export class StateMachineDoesNotExist extends apiError('StateMachineDoesNotExist') {}
export class StateMachineAlreadyExists extends apiError('StateMachineAlreadyExists') {}
export class ExecutionDoesNotExist extends apiError('ExecutionDoesNotExist') {}
export class ExecutionNotRedrivable extends apiError('ExecutionNotRedrivable') {}
export class ExecutionAlreadyExists extends apiError('ExecutionAlreadyExists') {}
export class InvalidExecutionInput extends apiError('InvalidExecutionInput') {}
export class InvalidName extends apiError('InvalidName') {}
export class InvalidToken extends apiError('InvalidToken') {}
export class TaskTimedOut extends apiError('TaskTimedOut') {}
export class InvalidOutput extends apiError('InvalidOutput') {}
