/**
 * Timestamps as Step Functions reads them in a Wait state: RFC 3339 with a zone, e.g.
 * `2016-03-14T01:59:00Z`, `2016-03-05T21:29:29.243167252Z`, `2016-03-14T01:59:00+02:00`. AWS
 * rejects `2016-12-05 21:29:29Z` (no `T`), `2016-12-05T21:29:29` (no zone) and impossible dates or
 * times: at creation for a literal ("String does not match RFC3339 timestamp"), at run time for an
 * evaluated value (States.QueryEvaluationError) — recorded on AWS in LocalStack's snapshots
 * (test/local/asl/aws-recorded, test_wait_timestamp_jsonata; and test_wait_timestamp_invalid).
 */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/** Milliseconds since the epoch, or undefined when `text` is not an RFC 3339 timestamp with a zone. */
export function parseRfc3339(text: string): number | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (m[8]) {
    const h = Number(m[9]);
    const min = Number(m[10]);
    if (h > 23 || min > 59) return undefined;
    offsetMinutes = (m[8] === '-' ? -1 : 1) * (h * 60 + min);
  }
  const fraction = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  return Date.UTC(year, month - 1, day, hour, minute, second) + Math.floor(fraction) - offsetMinutes * 60_000;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
