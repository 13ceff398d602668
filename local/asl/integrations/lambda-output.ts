/**
 * The result of `arn:aws:states:::lambda:invoke` as AWS returns it: the Invoke response with the
 * SDK's HTTP metadata (recorded on AWS in LocalStack's snapshots, e.g. test/local/asl/aws-recorded,
 * test_base_task_lambda). Request ids differ on every call; they are derived from `requestSeed`
 * (of a key unique per call) rather than drawn from the engine's random source, so seeded runs replay as
 * before.
 */

import { Recipe, rebuildable } from '../history.ts';
import { seededRandom, uuidV4, uuidV4Bytes } from '../random.ts';
import type { LambdaInvokeResult } from './types.ts';

export function lambdaInvokeOutput(result: LambdaInvokeResult, now: number, requestSeed: number) {
  const payload = result.Payload ?? null;
  const version = result.ExecutedVersion ?? '$LATEST';
  const length = String(Buffer.byteLength(result.PayloadJson ?? JSON.stringify(payload), 'utf8'));
  const status = result.StatusCode ?? 200;
  // The history keeps how to build it rather than the ~1.5 KB of metadata (history.ts).
  const recipe = new InvokeOutput(payload, version, length, status, now, requestSeed);
  const output = recipe.build();
  rebuildable(output, recipe);
  return output;
}

class InvokeOutput extends Recipe {
  constructor(
    readonly payload: unknown,
    readonly version: string,
    readonly length: string,
    readonly status: number,
    readonly now: number,
    readonly seed: number,
  ) {
    super();
  }

  build() {
    return invokeOutput(this.payload, this.version, this.length, this.status, this.now, this.seed);
  }
}

function invokeOutput(
  payload: unknown,
  version: string,
  length: string,
  status: number,
  now: number,
  seed: number,
) {
  const random = seededRandom(seed);
  const requestId = uuidV4(random);
  // Joined, not concatenated: one flat string (see uuidV4).
  const traceId = [
    'Root=1-',
    Math.floor(now / 1000).toString(16),
    '-',
    ...uuidV4Bytes(random).slice(0, 12),
    ';Sampled=0',
  ].join('');
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
    StatusCode: status,
  };
}

/** The HTTP date of a clock time; the last one is kept (many tasks end at the same second). */
let lastDate: { ms: number; text: string } = { ms: Number.NaN, text: '' };
function httpDate(ms: number): string {
  if (lastDate.ms !== ms) lastDate = { ms, text: new Date(ms).toUTCString() };
  return lastDate.text;
}
