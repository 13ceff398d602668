import {
  DescribeExecutionCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { awsErrorName } from '../errors.ts';
import type {
  CallbackResult,
  Callbacks,
  ExecutionDescription,
  ExecutionStatus,
  Executions,
  StartResult,
} from '../ports.ts';
import { sdkClientConfig } from './client-config.ts';

/** Errors that mean Step Functions no longer waits for the token. */
const GONE = new Set(['TaskTimedOut', 'InvalidToken', 'TaskDoesNotExist']);

export class SfnCallbacks implements Callbacks {
  constructor(private readonly sfn: SFNClient = new SFNClient(sdkClientConfig())) {}

  sendSuccess(token: string, output: unknown): Promise<CallbackResult> {
    return this.answer(() =>
      this.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) })),
    );
  }

  sendFailure(token: string, error: string, cause: string): Promise<CallbackResult> {
    return this.answer(() => this.sfn.send(new SendTaskFailureCommand({ taskToken: token, error, cause })));
  }

  private async answer(send: () => Promise<unknown>): Promise<CallbackResult> {
    try {
      await send();
      return 'sent';
    } catch (err) {
      if (GONE.has(awsErrorName(err) ?? '')) return 'gone';
      throw err;
    }
  }
}

const iso = (d: Date | undefined) => d?.toISOString();

export class SfnExecutions implements Executions {
  constructor(private readonly sfn: SFNClient = new SFNClient(sdkClientConfig())) {}

  async start(stateMachineArn: string, name: string, input: string): Promise<StartResult> {
    try {
      const out = await this.sfn.send(new StartExecutionCommand({ stateMachineArn, name, input }));
      return { started: true, executionArn: out.executionArn ?? '', startDate: iso(out.startDate) ?? '' };
    } catch (err) {
      if (awsErrorName(err) === 'ExecutionAlreadyExists') return { started: false };
      throw err;
    }
  }

  async describe(executionArn: string): Promise<ExecutionDescription | undefined> {
    try {
      const out = await this.sfn.send(new DescribeExecutionCommand({ executionArn }));
      return {
        executionArn: out.executionArn ?? executionArn,
        stateMachineArn: out.stateMachineArn ?? '',
        name: out.name ?? '',
        status: (out.status ?? 'RUNNING') as ExecutionStatus,
        startDate: iso(out.startDate) ?? '',
        stopDate: iso(out.stopDate),
        input: out.input,
        output: out.output,
        error: out.error,
        cause: out.cause,
      };
    } catch (err) {
      if (awsErrorName(err) === 'ExecutionDoesNotExist') return undefined;
      throw err;
    }
  }
}
