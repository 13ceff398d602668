/**
 * CloudWatch Logs settings of our state machines. Execution data (state inputs and outputs) carries
 * task tokens and form data, so the default is ERROR without it; a stage or the construct prop may
 * raise the level, and may add execution data for the machines that wait for no callback (a token
 * is in the `TaskScheduled` parameters of every human task and signal wait, so those never log it).
 */
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { IConstruct } from 'constructs';
import { acknowledge } from './nag.ts';

export interface MachineLogging {
  readonly level: sfn.LogLevel;
  /** For machines without callbacks only; machines with human tasks or signal waits never log it. */
  readonly includeExecutionData: boolean;
}

export const DEFAULT_MACHINE_LOGGING: MachineLogging = {
  level: sfn.LogLevel.ERROR,
  includeExecutionData: false,
};

/**
 * The `logs` of a state machine. `carriesTokens`: its execution data would hold task tokens.
 * Below ALL, cdk-nag's AwsSolutions-SF1 is acknowledged on `machine`'s scope with the reason.
 */
export function machineLogs(
  scope: IConstruct,
  destination: logs.ILogGroup,
  logging: MachineLogging,
  carriesTokens: boolean,
): sfn.LogOptions {
  if (logging.level !== sfn.LogLevel.ALL)
    acknowledge(
      scope,
      'AwsSolutions-SF1',
      `logs ${logging.level} by choice (stage logging / stateMachineLogLevel): logging ALL events writes every state's input and output, which carry task tokens and form data`,
    );
  return {
    destination,
    level: logging.level,
    includeExecutionData: logging.includeExecutionData && !carriesTokens,
  };
}
