/**
 * The Step Functions JSON API (awsJson1_0, `X-Amz-Target: AWSStepFunctions.<Op>`) over the local
 * ASL engine: the calls the handler Lambdas make, plus the read calls a console or the AWS CLI uses.
 */

import { SEND_TASK_FAILURE_LIMITS } from '../../compiler/contracts/runtime.ts';
import {
  type AslEngine,
  type ExecutionDescription,
  type ExecutionStatus,
  InvalidExecutionInput,
} from '../asl/index.ts';
import { AwsProtocolError } from './errors.ts';

type Body = Record<string, unknown>;
export type SfnOperation = (engine: AslEngine, body: Body) => unknown;

/** Timestamps go over the wire as epoch seconds (with milliseconds). */
const epoch = (d: Date | undefined) => (d === undefined ? undefined : d.getTime() / 1000);

function str(body: Body, field: string, required = true): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) {
    if (required) throw new AwsProtocolError('ValidationException', `${field} is required`);
    return undefined;
  }
  if (typeof v !== 'string') throw new AwsProtocolError('ValidationException', `${field} must be a string`);
  return v;
}

/**
 * `str` at most `max` characters, else ValidationException in AWS's wording (the API's length
 * constraints are checked before the call reaches the engine).
 */
function bounded(body: Body, field: string, max: number): string | undefined {
  const v = str(body, field, false);
  if (v !== undefined && v.length > max)
    throw new AwsProtocolError(
      'ValidationException',
      `1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must have length less than or equal to ${max}`,
    );
  return v;
}

function parseInput(text: string | undefined): unknown {
  if (text === undefined) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidExecutionInput('Invalid State Machine Execution Input: input is not valid JSON');
  }
}

/** An execution as ListExecutions reports it. */
function listItemWire(d: ExecutionDescription) {
  return {
    executionArn: d.executionArn,
    stateMachineArn: d.stateMachineArn,
    name: d.name,
    status: d.status,
    startDate: epoch(d.startDate),
    stopDate: epoch(d.stopDate),
  };
}

function describeWire(d: ExecutionDescription) {
  return {
    ...listItemWire(d),
    input: JSON.stringify(d.input),
    inputDetails: { included: true },
    output: d.output === undefined ? undefined : JSON.stringify(d.output),
    outputDetails: d.output === undefined ? undefined : { included: true },
    error: d.error,
    cause: d.cause,
    parentExecutionArn: d.parentExecutionArn,
  };
}

export const SFN_OPERATIONS: Record<string, SfnOperation> = {
  StartExecution: (engine, body) => {
    const out = engine.startExecution(
      str(body, 'stateMachineArn') ?? '',
      parseInput(str(body, 'input', false)),
      {
        name: str(body, 'name', false),
      },
    );
    return { executionArn: out.executionArn, startDate: epoch(out.startDate) };
  },
  DescribeExecution: (engine, body) =>
    describeWire(engine.describeExecution(str(body, 'executionArn') ?? '')),
  StopExecution: (engine, body) => {
    const out = engine.stopExecution(str(body, 'executionArn') ?? '', {
      error: str(body, 'error', false),
      cause: str(body, 'cause', false),
    });
    return { stopDate: epoch(out.stopDate) };
  },
  SendTaskSuccess: (engine, body) => {
    engine.sendTaskSuccess(str(body, 'taskToken') ?? '', str(body, 'output') ?? '');
    return {};
  },
  SendTaskFailure: (engine, body) => {
    // error 0-256, cause 0-32768 characters
    // (https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskFailure.html)
    const token = str(body, 'taskToken') ?? '';
    const error = bounded(body, 'error', SEND_TASK_FAILURE_LIMITS.error);
    const cause = bounded(body, 'cause', SEND_TASK_FAILURE_LIMITS.cause);
    engine.sendTaskFailure(token, error, cause);
    return {};
  },
  SendTaskHeartbeat: (engine, body) => {
    engine.sendTaskHeartbeat(str(body, 'taskToken') ?? '');
    return {};
  },
  ListStateMachines: (engine) => ({
    stateMachines: engine.listStateMachines().map((m) => ({
      stateMachineArn: m.stateMachineArn,
      name: m.name,
      type: m.type,
      creationDate: 0,
    })),
  }),
  ListExecutions: (engine, body) => ({
    executions: engine
      .listExecutions({
        stateMachine: str(body, 'stateMachineArn', false),
        status: str(body, 'statusFilter', false) as ExecutionStatus | undefined,
      })
      .map(listItemWire),
  }),
  GetExecutionHistory: (engine, body) => ({
    events: engine
      .getExecutionHistory(str(body, 'executionArn') ?? '', { reverseOrder: body.reverseOrder === true })
      .map((e) => ({ ...e, timestamp: epoch(e.timestamp) })),
  }),
};
