/**
 * The result of `arn:aws:states:::lambda:invoke` as AWS returns it: the Invoke response with the
 * SDK's HTTP metadata (recorded on AWS in LocalStack's snapshots, e.g. test/local/asl/aws-recorded,
 * test_base_task_lambda). Request ids differ on every call; they are derived from `requestSeed`
 * (of a key unique per call) rather than drawn from the engine's random source, so seeded runs replay as
 * before.
 */

import { Recipe } from '../history.ts';
import { HEX } from '../random.ts';
import { jsonBytesAtMost, MAX_PAYLOAD_BYTES } from '../state-runner.ts';
import type { LambdaInvokeResult } from './types.ts';

/**
 * The result; `call` is told how to build it again (the history keeps that rather than the
 * ~1.5 KB of metadata, history.ts).
 *
 * The metadata (`SdkHttpMetadata`, `SdkResponseMetadata`) is built when first read: a workflow
 * almost always reads only `Payload`, and building the headers, request ids and date for every
 * Lambda task was the largest single cost of a local run. The two fields are own, enumerable
 * getters in their place among the keys, so the value reads, lists (`Object.keys`, `for…in`),
 * serializes (`JSON.stringify`, `structuredClone`) and compares exactly as the built one does;
 * each is built once, so a second read gives the same object.
 */
export function lambdaInvokeOutput(
  result: LambdaInvokeResult,
  now: number,
  requestSeed: number,
  call?: {
    rebuildable?(value: object, recipe: Recipe): void;
    sized?(value: unknown): void;
  },
) {
  const payload = result.Payload ?? null;
  const version = result.ExecutedVersion ?? '$LATEST';
  // The Content-Length, counted when the metadata is built (not every call serializes the payload).
  const bytes = result.PayloadJson === undefined ? undefined : Buffer.byteLength(result.PayloadJson, 'utf8');
  const status = result.StatusCode ?? 200;
  const recipe = new InvokeOutput(payload, version, bytes, status, now, requestSeed);
  const output = recipe.lazy();
  call?.rebuildable?.(output, recipe);
  // Its size is bounded without building the metadata (which walking it would); past the bound
  // the task measures it exactly.
  const rest = metadataBytesAtMost(version);
  if (jsonBytesAtMost(payload, MAX_PAYLOAD_BYTES - rest) !== undefined) call?.sized?.(output);
  return output;
}

class InvokeOutput extends Recipe {
  private meta: ReturnType<typeof invokeOutput> | undefined;

  constructor(
    readonly payload: unknown,
    readonly version: string,
    private readonly bytes: number | undefined,
    readonly status: number,
    readonly now: number,
    readonly seed: number,
  ) {
    super();
  }

  build() {
    const length = String(this.bytes ?? Buffer.byteLength(JSON.stringify(this.payload), 'utf8'));
    return invokeOutput(this.payload, this.version, length, this.status, this.now, this.seed);
  }

  /** The value with its metadata built on first read (the same objects as `build()` gives). */
  lazy() {
    const output = { ExecutedVersion: this.version, Payload: this.payload };
    // Shared getters, added in key order: V8 keeps such objects in fast mode (getters written in
    // an object literal are new functions each time, which made every result a dictionary).
    Object.defineProperty(output, 'SdkHttpMetadata', HTTP_METADATA);
    Object.defineProperty(output, 'SdkResponseMetadata', RESPONSE_METADATA);
    (output as { StatusCode?: number }).StatusCode = this.status;
    // Not enumerable: no copy, key list, serialization or comparison sees it.
    Object.defineProperty(output, RECIPE, { value: this });
    return output as typeof output & {
      SdkHttpMetadata: unknown;
      SdkResponseMetadata: unknown;
      StatusCode: number;
    };
  }

  metadata() {
    this.meta ??= this.build();
    return this.meta;
  }
}

/** Where a lazy result keeps its recipe. */
const RECIPE = Symbol('lambda:invoke result recipe');

const metadataOf = (output: object) => (output as { [RECIPE]: InvokeOutput })[RECIPE].metadata();

const HTTP_METADATA: PropertyDescriptor = {
  get(this: object) {
    return metadataOf(this).SdkHttpMetadata;
  },
  enumerable: true,
  configurable: true,
};

const RESPONSE_METADATA: PropertyDescriptor = {
  get(this: object) {
    return metadataOf(this).SdkResponseMetadata;
  },
  enumerable: true,
  configurable: true,
};

/**
 * An upper bound of the UTF-8 size of the JSON of a result but its payload (which counts as
 * `null`, 4 bytes, on top: a bound, not the size). `jsonBytesAtMost` counts 6 bytes a character
 * whatever it is, so only the lengths of the texts matter: the request ids have fixed lengths, the
 * trace id and the date are longest at the last time a Date holds, which the base is built with;
 * the version appears 3 times. The Content-Length (twice) has at most 10 digits: a string holds
 * fewer than 2^30 UTF-16 units, at most 3 UTF-8 bytes each.
 */
export function metadataBytesAtMost(version: string): number {
  BASE_BYTES ??=
    jsonBytesAtMost(invokeOutput(null, '', LONGEST_LENGTH, 0, LAST_DATE_MS, 0), Number.POSITIVE_INFINITY) ??
    0;
  return BASE_BYTES + 6 * 3 * version.length;
}

const LONGEST_LENGTH = '9999999999';

let BASE_BYTES: number | undefined;

/** The last time a Date holds (ECMA-262 "Time Values and Time Range": ±8.64e15 ms). */
const LAST_DATE_MS = 8.64e15;

function invokeOutput(
  payload: unknown,
  version: string,
  length: string,
  status: number,
  now: number,
  seed: number,
) {
  const [requestId, traceId] = requestIds(seed, now);
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

/**
 * The request id (a version 4 UUID) and the trace id's 24 hex digits drawn from `seed` as
 * `uuidV4(seededRandom(seed))` twice would (the same mulberry32 steps, on integers: a byte is the
 * top 8 bits of a draw), built as two flat strings with no array or boxed number per call.
 */
export function requestIds(seed: number, now: number): [string, string] {
  let a = seed >>> 0;
  const parts = PARTS;
  parts.length = 0;
  let requestId = '';
  for (let i = 0; i < 28; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    let byte = ((t ^ (t >>> 14)) >>> 0) >>> 24;
    const k = i < 16 ? i : i - 16;
    if (k === 6) byte = (byte & 0x0f) | 0x40;
    else if (k === 8) byte = (byte & 0x3f) | 0x80;
    if (i === 16) {
      requestId = parts.join('');
      parts.length = 0;
      parts.push('Root=1-', epochHex(now), '-');
    } else if (i === 4 || i === 6 || i === 8 || i === 10) parts.push('-');
    parts.push(HEX[byte]);
  }
  parts.push(';Sampled=0');
  return [requestId, parts.join('')];
}

/** Reused by every call (the text is joined from it at once). */
const PARTS: string[] = [];

/** The clock's seconds in hex (the trace id's time); the last one is kept. */
let lastEpoch: { s: number; text: string } = { s: Number.NaN, text: '' };
function epochHex(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (lastEpoch.s !== s) lastEpoch = { s, text: s.toString(16) };
  return lastEpoch.text;
}

/** The HTTP date of a clock time; the last one is kept (many tasks end at the same second). */
let lastDate: { ms: number; text: string } = { ms: Number.NaN, text: '' };
function httpDate(ms: number): string {
  if (lastDate.ms !== ms) lastDate = { ms, text: new Date(ms).toUTCString() };
  return lastDate.text;
}
