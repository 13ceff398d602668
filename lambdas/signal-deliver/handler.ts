import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type AccessConfig, maySignal, signalRoles } from '../../compiler/contracts/access.ts';
import { documentClient } from '../shared/adapters/dynamo.ts';
import { DynamoSignalStore } from '../shared/adapters/dynamo-signal-store.ts';
import { SfnCallbacks } from '../shared/adapters/sfn.ts';
import { type HttpDeps, httpApi, isHttpEvent, lambdaEntry } from '../shared/api.ts';
import { authConfig, type Caller, callerOf } from '../shared/auth.ts';
import { idString, nullable, object, record, str, unknown, withDefault } from '../shared/check.ts';
import { loadAccess } from '../shared/config.ts';
import { ENV, type Env, required } from '../shared/env.ts';
import { BadRequestError, ForbiddenError, InvalidEventError } from '../shared/errors.ts';
import { sha256Hex } from '../shared/hash.ts';
import { checkIdLength, type HttpResponse, header, json, jsonBody, onlyFields } from '../shared/http.ts';
import { createLogger } from '../shared/logger.ts';
import { parseWith } from '../shared/parse.ts';
import { systemClock } from '../shared/ports.ts';
import { type DeliveryResult, deliverSignal, type SignalDeliverDeps } from './core.ts';

const log = createLogger('signal-deliver');

export type SignalDeliverHandlerDeps = SignalDeliverDeps & HttpDeps & { access: AccessConfig };

export function buildDeps(env: Env): SignalDeliverHandlerDeps {
  return {
    signals: new DynamoSignalStore(documentClient(), required(env, ENV.stateTable)),
    callbacks: new SfnCallbacks(),
    clock: systemClock,
    log,
    access: loadAccess(env),
    auth: authConfig(env),
  };
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

/** Deliver over HTTP: only a caller the stage allows for this signal (DESIGN.md §6 "Access"). */
async function deliverHttp(
  name: string,
  caller: Caller,
  event: APIGatewayProxyEventV2,
  deps: SignalDeliverHandlerDeps,
): Promise<DeliveryResult> {
  if (!maySignal(deps.access, name, caller)) {
    const roles = signalRoles(deps.access, name);
    throw new ForbiddenError(
      caller.iam
        ? 'IAM-signed callers may not deliver signals on this stage'
        : roles.length === 0
          ? `signal '${name}' cannot be delivered over HTTP on this stage; it comes through the event bus`
          : `delivering signal '${name}' needs one of the roles ${roles.join(', ')}`,
    );
  }
  const body = jsonBody(event);
  onlyFields(body, ['correlation_id', 'payload']);
  const signal = parseWith(httpBody, body, (m, c) => new BadRequestError(m, { cause: c }));
  if (signal.correlation_id !== undefined) checkIdLength('correlation_id', signal.correlation_id);
  // An Idempotency-Key is the caller's own: another caller's same key is another delivery.
  const key = header(event, 'idempotency-key');
  const delivery_id = key ? `http:${sha256Hex(`${caller.user}\n${key}`)}` : undefined;
  return deliverSignal({ name, ...signal, delivery_id }, deps);
}

/**
 * `POST /signals/{name}` (JWT callers with a role the stage allows) and `POST /iam/signals/{name}`
 * (IAM-signed callers, when the stage allows them) → 202 `{delivered}`.
 */
const http = httpApi<SignalDeliverHandlerDeps>([
  {
    method: 'POST',
    path: '/signals/{name}',
    run: async ({ name }, { deps, event }) => {
      const caller = callerOf(event, deps.auth);
      if (caller.iam) throw new ForbiddenError('IAM-signed callers use POST /iam/signals/{name}');
      return json(202, await deliverHttp(name, caller, event, deps));
    },
  },
  {
    method: 'POST',
    path: '/iam/signals/{name}',
    run: async ({ name }, { deps, event }) => {
      const caller = callerOf(event, deps.auth);
      if (!caller.iam) throw new ForbiddenError('POST /iam/signals/{name} takes IAM-signed requests only');
      return json(202, await deliverHttp(name, caller, event, deps));
    },
  },
]);

/**
 * Both delivery paths: HTTP (API Gateway payload v2.0) and EventBridge `Signal` events (a thrown
 * error makes EventBridge retry; the delivery id dedupes the retry).
 */
export function handle(event: APIGatewayProxyEventV2, deps: SignalDeliverHandlerDeps): Promise<HttpResponse>;
export function handle(
  event: unknown,
  deps: SignalDeliverHandlerDeps,
): Promise<HttpResponse | DeliveryResult>;
export async function handle(
  event: unknown,
  deps: SignalDeliverHandlerDeps,
): Promise<HttpResponse | DeliveryResult> {
  if (isHttpEvent(event)) return http(event, deps);
  return deliverSignal(fromEventBridge((event ?? {}) as SignalEvent), deps);
}

export const handler = lambdaEntry(handle, buildDeps, log);
