import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { UpstreamError } from '../errors.ts';
import type { EventBus } from '../ports.ts';

export class EventBridgeBus implements EventBus {
  constructor(
    private readonly busName: string,
    private readonly source: string,
    private readonly client: EventBridgeClient = new EventBridgeClient({}),
  ) {}

  async put(detailType: string, detail: Record<string, unknown>): Promise<void> {
    const out = await this.client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: this.busName,
            Source: this.source,
            DetailType: detailType,
            Detail: JSON.stringify(detail),
          },
        ],
      }),
    );
    if ((out.FailedEntryCount ?? 0) > 0) {
      const entry = out.Entries?.find((e) => e.ErrorCode);
      throw new UpstreamError(
        `PutEvents rejected ${detailType}: ${entry?.ErrorCode} ${entry?.ErrorMessage}`,
        entry,
      );
    }
  }
}
