/**
 * The result of `arn:aws:states:::lambda:invoke` as AWS returns it: the Invoke response with the
 * SDK's HTTP metadata (recorded on AWS in LocalStack's snapshots, e.g. test/local/asl/aws-recorded,
 * test_base_task_lambda). Request ids differ on every call; they are derived from `requestKey`
 * (unique per call) rather than drawn from the engine's random source, so seeded runs replay as
 * before.
 */

import { seededRandom, seedOf, uuidV4 } from '../random.ts';
import type { LambdaInvokeResult } from './types.ts';

export function lambdaInvokeOutput(result: LambdaInvokeResult, now: number, requestKey: string) {
  const payload = result.Payload ?? null;
  const version = result.ExecutedVersion ?? '$LATEST';
  const length = String(Buffer.byteLength(result.PayloadJson ?? JSON.stringify(payload), 'utf8'));
  const random = seededRandom(seedOf(requestKey));
  const requestId = uuidV4(random);
  const traceId = `Root=1-${Math.floor(now / 1000).toString(16)}-${uuidV4(random).replace(/-/g, '').slice(0, 24)};Sampled=0`;
  const headers = {
    Connection: 'keep-alive',
    'Content-Length': length,
    'Content-Type': 'application/json',
    Date: httpDate(now),
    'X-Amz-Executed-Version': version,
    'x-amzn-Remapped-Content-Length': '0',
    'x-amzn-RequestId': requestId,
    'X-Amzn-Trace-Id': traceId,
  };
  return {
    ExecutedVersion: version,
    Payload: payload,
    SdkHttpMetadata: {
      AllHttpHeaders: {
        Connection: [headers.Connection],
        'Content-Length': [length],
        'Content-Type': [headers['Content-Type']],
        Date: [headers.Date],
        'X-Amz-Executed-Version': [version],
        'x-amzn-Remapped-Content-Length': [headers['x-amzn-Remapped-Content-Length']],
        'x-amzn-RequestId': [requestId],
        'X-Amzn-Trace-Id': [traceId],
      },
      HttpHeaders: headers,
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: result.StatusCode ?? 200,
  };
}

/** The HTTP date of a clock time; the last one is kept (many tasks end at the same second). */
let lastDate: { ms: number; text: string } = { ms: Number.NaN, text: '' };
function httpDate(ms: number): string {
  if (lastDate.ms !== ms) lastDate = { ms, text: new Date(ms).toUTCString() };
  return lastDate.text;
}
