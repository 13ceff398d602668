/**
 * EventBridge's limit on one PutEvents entry: "The total entry size must be less than 256KB", counted
 * as 14 bytes for `Time` (when given) plus the UTF-8 bytes of `Source`, `DetailType`, `Detail` and
 * each of `Resources` ("Calculating Amazon EventBridge PutEvents event entry size",
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html).
 */
export const MAX_EVENT_ENTRY_BYTES = 256 * 1024;

export interface SizedEntry {
  Time?: unknown;
  Source?: string;
  DetailType?: string;
  Detail?: string;
  Resources?: readonly string[];
}

export function eventEntrySize(entry: SizedEntry): number {
  const bytes = (s: string | undefined) => (s === undefined ? 0 : Buffer.byteLength(s, 'utf8'));
  return (
    (entry.Time === undefined ? 0 : 14) +
    bytes(entry.Source) +
    bytes(entry.DetailType) +
    bytes(entry.Detail) +
    (entry.Resources ?? []).reduce((n, r) => n + bytes(r), 0)
  );
}
