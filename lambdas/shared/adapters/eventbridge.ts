import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { BadRequestError, UpstreamError } from '../errors.ts';
import { eventEntrySize, MAX_EVENT_ENTRY_BYTES } from '../event-size.ts';
import type { EventBus } from '../ports.ts';
import { sdkClientConfig } from './client-config.ts';

export class EventBridgeBus implements EventBus {
  constructor(
    private readonly busName: string,
    private readonly source: string,
    private readonly client: EventBridgeClient = new EventBridgeClient(sdkClientConfig()),
  ) {}

  async put(detailType: string, detail: Record<string, unknown>): Promise<void> {
    const entry = {
      EventBusName: this.busName,
      Source: this.source,
      DetailType: detailType,
      Detail: JSON.stringify(detail),
    };
    const size = eventEntrySize(entry);
    if (size > MAX_EVENT_ENTRY_BYTES)
      throw new BadRequestError(
        `event ${detailType} is ${size} bytes; EventBridge takes at most ${MAX_EVENT_ENTRY_BYTES}`,
      );
    const out = await this.client.send(new PutEventsCommand({ Entries: [entry] }));
    if ((out.FailedEntryCount ?? 0) > 0) {
      const entry = out.Entries?.find((e) => e.ErrorCode);
      throw new UpstreamError(
        `PutEvents rejected ${detailType}: ${entry?.ErrorCode} ${entry?.ErrorMessage}`,
        entry,
      );
    }
  }
}
