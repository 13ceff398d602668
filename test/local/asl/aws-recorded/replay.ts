/**
 * Replays executions recorded on AWS (LocalStack's Step Functions snapshot tests, see README.md
 * beside this file) on the local interpreter and compares what AWS returned with what we return:
 * status, output or error + cause, the states entered, and the history event types.
 *
 * Only what is nondeterministic is normalised: ARNs (partition, region), names with generated
 * suffixes (the case's `redactions`, as the recording test redacted them), uuids and the headers
 * AWS fills per request (date, request and trace ids).
 */

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import {
  AslEngine,
  functionNameOf,
  type HistoryEvent,
  InvalidDefinition,
  type LambdaInvokeResult,
  VirtualClock,
} from '../../../../local/asl/index.ts';

/** What the recorded Lambda function does (the recording test's handler, as data). */
export type LambdaBehaviour =
  | { returns: 'input'; delaySeconds?: number }
  | { returns: { value: unknown } }
  /** The function's error payload as Lambda returned it to Step Functions on AWS. */
  | { raises: { errorType: string; errorMessage?: string; [k: string]: unknown } };

export interface Expected {
  status: string;
  output?: unknown;
  error?: string;
  /** A string, or the JSON object AWS's cause text holds. */
  cause?: unknown;
  statesEntered?: string[];
  events?: string[];
}

export interface RecordedCase {
  id: string;
  origin: {
    repository: string;
    commit: string;
    snapshot: string;
    test: string;
    snapshotKey: string;
    recordedDate: string;
  };
  type: 'STANDARD' | 'EXPRESS';
  definition: unknown;
  input: unknown;
  lambdas: Record<string, LambdaBehaviour>;
  redactions: [string, string][];
  expected: Expected;
}

export interface CaseResult {
  id: string;
  /** Status, output or error + cause, and the states entered match AWS. */
  outcome: boolean;
  /** The history event types are the same, in the same order. */
  history: boolean;
  differences: string[];
}

const casesDir = join(dirname(fileURLToPath(import.meta.url)), 'cases');

export function loadCases(): RecordedCase[] {
  return readdirSync(casesDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => JSON.parse(readFileSync(join(casesDir, f), 'utf8')) as RecordedCase[]);
}

function lambdaStub(c: RecordedCase) {
  return async (
    functionName: string,
    payload: unknown,
    ctx: { sleep(ms: number): Promise<void> },
  ): Promise<LambdaInvokeResult> => {
    const behaviour = c.lambdas[functionNameOf(functionName)];
    if (!behaviour) {
      const error = new Error(`Function not found: ${functionName}`);
      error.name = 'Lambda.ResourceNotFoundException';
      throw error;
    }
    if ('raises' in behaviour)
      return { StatusCode: 200, FunctionError: 'Unhandled', Payload: behaviour.raises };
    if (behaviour.returns === 'input' && behaviour.delaySeconds)
      await ctx.sleep(behaviour.delaySeconds * 1000);
    const result = behaviour.returns === 'input' ? payload : behaviour.returns.value;
    // The recorded functions run on Python: its runtime serializes with json.dumps' separators.
    return { StatusCode: 200, Payload: result, PayloadJson: pythonJson(result) };
  };
}

/** `json.dumps(value)` with Python's defaults (", " and ": " separators, ASCII only). */
function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${pythonJson(k)}: ${pythonJson(v)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

interface Actual {
  status: string;
  output?: unknown;
  error?: string;
  cause?: string;
  statesEntered: string[];
  events: string[];
}

async function execute(c: RecordedCase): Promise<Actual> {
  const engine = new AslEngine({
    clock: new VirtualClock(),
    accountId: '111111111111',
    integrations: { invokeLambda: lambdaStub(c) },
  });
  try {
    engine.registerStateMachine('recorded', c.definition, { type: c.type });
  } catch (error) {
    if (!(error instanceof InvalidDefinition)) throw error;
    return { status: 'INVALID_DEFINITION', cause: error.message, statesEntered: [], events: [] };
  }
  const done = await engine.runExecution('recorded', c.input);
  const events = engine.getExecutionHistory(done.executionArn);
  return {
    status: done.status,
    output: done.output,
    error: done.error,
    cause: done.cause,
    statesEntered: events.filter((e) => e.type.endsWith('StateEntered')).map(enteredName),
    events: events.map((e) => e.type),
  };
}

function enteredName(e: HistoryEvent): string {
  return (e.stateEnteredEventDetails as { name: string }).name;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Replaces what differs between any two runs, on AWS or here, by the same placeholders. */
function normaliseText(text: string, redactions: [string, string][]): string {
  let t = text;
  for (const [from, to] of redactions) t = t.split(from).join(to);
  return t
    .replace(/arn:aws(-[a-z]+)*:/g, 'arn:<partition>:')
    .replace(/:(us|eu|ap|sa|ca|me|af)-[a-z]+-\d:/g, ':<region>:')
    .replace(UUID, '<uuid>')
    .replace(/<uuid:\d+>/g, '<uuid>');
}

/** Values AWS fills per request, which the recording test redacted to their key's name. */
const PER_REQUEST = new Set(['Date', 'x-amzn-RequestId', 'X-Amzn-Trace-Id', 'RequestId']);
/** An ISO 8601 date-time; the recording redacted these to "date". */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function redactPerRequest(value: unknown): unknown {
  if (typeof value === 'string') return DATE_TIME.test(value) ? 'date' : value;
  if (Array.isArray(value)) return value.map(redactPerRequest);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, PER_REQUEST.has(k) ? k : redactPerRequest(v)]),
  );
}

function normalise(value: unknown, redactions: [string, string][]): unknown {
  if (value === undefined) return undefined;
  return redactPerRequest(JSON.parse(normaliseText(JSON.stringify(value), redactions)));
}

/** A cause is compared as JSON when AWS's cause text held a JSON object. */
function sameCause(expected: unknown, actual: string | undefined, redactions: [string, string][]): boolean {
  if (typeof expected === 'string' || expected === undefined) {
    return normaliseText(expected ?? '', redactions) === normaliseText(actual ?? '', redactions);
  }
  try {
    return isDeepStrictEqual(
      normalise(expected, redactions),
      normalise(JSON.parse(actual ?? ''), redactions),
    );
  } catch {
    return false;
  }
}

export async function replayCase(c: RecordedCase): Promise<CaseResult> {
  const actual = await execute(c);
  const e = c.expected;
  const r = c.redactions;
  const differences: string[] = [];
  const differ = (what: string, want: unknown, got: unknown) =>
    differences.push(`${what}: AWS ${JSON.stringify(want)}, local ${JSON.stringify(got)}`);
  if (e.status !== actual.status) differ('status', e.status, actual.status);
  if (e.status === 'SUCCEEDED' && actual.status === 'SUCCEEDED') {
    if (!isDeepStrictEqual(normalise(e.output, r), normalise(actual.output, r))) {
      differ('output', e.output, actual.output);
    }
  } else if (e.status !== 'SUCCEEDED') {
    if ((e.error ?? '') !== (actual.error ?? '')) differ('error', e.error, actual.error);
    if (!sameCause(e.cause, actual.cause, r)) differ('cause', e.cause, actual.cause);
  }
  if (e.statesEntered && !isDeepStrictEqual(e.statesEntered, actual.statesEntered)) {
    differ('states entered', e.statesEntered, actual.statesEntered);
  }
  const outcome = differences.length === 0;
  const history = e.events === undefined || isDeepStrictEqual(e.events, actual.events);
  if (!history) differ('history', e.events, actual.events);
  return { id: c.id, outcome, history, differences };
}

/** `cases, matched, history identical` in `npm run bench`'s style. */
export function summaryLine(results: CaseResult[]): string {
  const matched = results.filter((r) => r.outcome).length;
  const history = results.filter((r) => r.history).length;
  const pct = (n: number) => `${((100 * n) / Math.max(1, results.length)).toFixed(1)}%`;
  return `aws-recorded: ${results.length} cases, ${matched} matched (${pct(matched)}), ${history} history identical (${pct(history)})`;
}
