import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { STATE_KEYS } from '../../../compiler/contracts/runtime.ts';
import { SCHEDULE_RUN_CONDITION } from '../lock.ts';
import type { ScheduleRuns } from '../ports.ts';
import { conditional } from './dynamo.ts';

/** The schedule last-run item; shape and condition as documented in `lock.ts` (`scheduleRunPutItem`). */
export class DynamoScheduleRuns implements ScheduleRuns {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async lastSlot(schedule: string): Promise<string | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: STATE_KEYS.scheduleRun(schedule), ConsistentRead: true }),
    );
    return typeof out.Item?.last_slot === 'string' ? out.Item.last_slot : undefined;
  }

  async record(schedule: string, slotIso: string, nowIso: string): Promise<void> {
    await conditional(() =>
      this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...STATE_KEYS.scheduleRun(schedule), last_slot: slotIso, updated_at: nowIso },
          ConditionExpression: SCHEDULE_RUN_CONDITION,
          ExpressionAttributeValues: { ':slot': slotIso },
        }),
      ),
    );
  }
}
