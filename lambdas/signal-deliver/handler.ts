import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { documentClient } from '../shared/adapters/dynamo.ts';
import { DynamoSignalStore } from '../shared/adapters/dynamo-signal-store.ts';
import { SfnCallbacks } from '../shared/adapters/sfn.ts';
import { apiHandler, authConfig, fromProcessEnv, httpApi } from '../shared/api.ts';
import { callerOf } from '../shared/auth.ts';
import { idString, nullable, object, record, str, unknown, withDefault } from '../shared/check.ts';
import { ENV, type Env, required } from '../shared/env.ts';
import { BadRequestError, InvalidEventError } from '../shared/errors.ts';
import { header, json, jsonBody } from '../shared/http.ts';
import { createLogger } from '../shared/logger.ts';
import { parseWith } from '../shared/parse.ts';
import { systemClock } from '../shared/ports.ts';
import { type DeliveryResult, deliverSignal, type SignalDeliverDeps } from './core.ts';

const log = createLogger('signal-deliver');

export function buildDeps(env: Env) {
  const deps: SignalDeliverDeps = {
    signals: new DynamoSignalStore(documentClient(), required(env, ENV.stateTable)),
    callbacks: new SfnCallbacks(),
    clock: systemClock,
    log,
  };
  return { deps, auth: authConfig(env) };
}

const payload = withDefault(record(unknown()), {});
const correlation = nullable(idString());
const httpBody = object({ correlation_id: correlation, payload });
const signalDetail = object({ name: str({ min: 1 }), correlation_id: correlation, payload });

/** An EventBridge `Signal` event: detail `{name, correlation_id?, payload}` (DESIGN.md §5). */
export interface SignalEvent {
  id: string;
  'detail-type': string;
  detail: unknown;
}

const isEventBridge = (event: object): event is SignalEvent => 'detail-type' in event;

export function fromEventBridge(event: SignalEvent) {
  if (event['detail-type'] !== 'Signal')
    throw new InvalidEventError(`unexpected detail-type '${event['detail-type']}'`);
  const detail = parseWith(
    signalDetail,
    event.detail,
    (m, c) => new InvalidEventError(`invalid Signal detail: ${m}`, c),
  );
  return { ...detail, delivery_id: `event:${event.id}` };
}

/** `POST /signals/{name}` → 202 `{delivered}`. */
export const serve = httpApi<SignalDeliverDeps>([
  {
    method: 'POST',
    path: '/signals/{name}',
    run: async ({ name }, { deps, auth, event }) => {
      callerOf(event, auth);
      const body = parseWith(httpBody, jsonBody(event), (m, c) => new BadRequestError(m, { cause: c }));
      const key = header(event, 'idempotency-key');
      const result: DeliveryResult = await deliverSignal(
        { name, ...body, delivery_id: key ? `http:${key}` : undefined },
        deps,
      );
      return json(202, result);
    },
  },
]);

const built = fromProcessEnv(buildDeps);
const http = apiHandler(serve, built, log);

/**
 * Both delivery paths: HTTP (API Gateway payload v2.0) and EventBridge `Signal` events (a thrown
 * error makes EventBridge retry; the delivery id dedupes the retry).
 */
export const handler = async (event: APIGatewayProxyEventV2 | SignalEvent) =>
  isEventBridge(event) ? deliverSignal(fromEventBridge(event), built().deps) : http(event);
