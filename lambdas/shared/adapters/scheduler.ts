import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { awsErrorName } from '../errors.ts';
import type { Escalations } from '../ports.ts';
import { sdkClientConfig } from './client-config.ts';

/** Scheduler `at()` wants local date-time without zone or milliseconds; we pass UTC and say so. */
export function atExpression(at: Date): string {
  return `at(${at.toISOString().slice(0, 19)})`;
}

export const escalationScheduleName = (taskId: string) => `task-escalate-${taskId}`;

export class SchedulerEscalations implements Escalations {
  constructor(
    private readonly target: { lambdaArn: string; roleArn: string; group: string },
    private readonly client: SchedulerClient = new SchedulerClient(sdkClientConfig()),
  ) {}

  async schedule(taskId: string, at: Date): Promise<void> {
    try {
      await this.client.send(
        new CreateScheduleCommand({
          Name: escalationScheduleName(taskId),
          GroupName: this.target.group,
          ScheduleExpression: atExpression(at),
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          Target: {
            Arn: this.target.lambdaArn,
            RoleArn: this.target.roleArn,
            Input: JSON.stringify({ task_id: taskId }),
          },
        }),
      );
    } catch (err) {
      // A retried registration finds its schedule already there.
      if (awsErrorName(err) !== 'ConflictException') throw err;
    }
  }
}
