/**
 * Local names and ARNs: what the `${…}` placeholders of the compiled ASL and the manifest become in
 * the local runtime, and the function names of services and handlers. A workflow's local state
 * machine is named by its id (`process-x`, `schedule-x`), as in AWS (after the prefix).
 */
import { fitName } from '../compiler/contracts/names.ts';
import type { PlaceholderTargets } from '../compiler/manifest/placeholders.ts';
import { LOCAL_TABLES } from './dynamo.ts';

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT = '123456789012';
export const LOCAL_BUS = 'dazzle-local';
export const DEFAULT_EVENT_SOURCE = 'dazzle.app';

export const functionArn = (name: string) =>
  `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${name}`;
/** The local state machine of workflow `id`: named by the id, cut to Step Functions' 80 characters. */
export const localMachineName = (id: string): string => fitName(id, 80);
export const stateMachineArn = (id: string) =>
  `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${localMachineName(id)}`;

const SERVICE_PREFIX = 'service-';
const HANDLER_PREFIX = 'dazzle-';

export const serviceFunctionName = (service: string) => `${SERVICE_PREFIX}${service}`;
export const handlerFunctionName = (handler: string) => `${HANDLER_PREFIX}${handler}`;

/** What a local function name denotes. */
export function functionKind(name: string): { service: string } | { handler: string } | undefined {
  if (name.startsWith(SERVICE_PREFIX)) return { service: name.slice(SERVICE_PREFIX.length) };
  if (name.startsWith(HANDLER_PREFIX)) return { handler: name.slice(HANDLER_PREFIX.length) };
  return undefined;
}

/** The value of one placeholder name (without `${}`), or undefined when it is not one of ours. */
export function placeholderValue(
  key: string,
  eventSource: string,
  targets: PlaceholderTargets,
): string | undefined {
  const [kind, ...rest] = key.split('_');
  const arg = rest.join('_');
  const workflow = () => targets.workflow(arg);
  switch (kind) {
    case 'Service': {
      const service = targets.service(arg);
      return service === undefined ? undefined : functionArn(serviceFunctionName(service));
    }
    case 'Handler':
      return functionArn(handlerFunctionName(arg));
    case 'StateMachine': {
      const id = workflow();
      return id === undefined ? undefined : stateMachineArn(id);
    }
    case 'Executions': {
      const id = workflow();
      return id === undefined
        ? undefined
        : `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:execution:${localMachineName(id)}:*`;
    }
    default:
      break;
  }
  const fixed: Record<string, string> = {
    EventBusName: LOCAL_BUS,
    EventSource: eventSource,
    StateTable: LOCAL_TABLES.state,
    EventBusArn: `arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT}:event-bus/${LOCAL_BUS}`,
    StateTableArn: `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT}:table/${LOCAL_TABLES.state}`,
  };
  return Object.hasOwn(fixed, key) ? fixed[key] : undefined;
}

/** Every `${Key}` in a text, resolved: the substitutions to register a definition with. */
export function substitutionsFor(
  text: string,
  eventSource: string,
  targets: PlaceholderTargets,
): Record<string, string> {
  const subs: Record<string, string> = {};
  for (const m of text.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)) {
    const value = placeholderValue(m[1], eventSource, targets);
    if (value !== undefined) subs[m[1]] = value;
  }
  return subs;
}

/** Replaces our placeholders in any JSON value (event patterns of the manifest). */
export function resolvePlaceholders<T>(value: T, eventSource: string, targets: PlaceholderTargets): T {
  const text = JSON.stringify(value);
  const subs = substitutionsFor(text, eventSource, targets);
  return JSON.parse(
    text.replace(/\$\{([A-Za-z0-9_]+)\}/g, (whole, key: string) => (key in subs ? subs[key] : whole)),
  ) as T;
}

export { referencedServices } from '../compiler/manifest/references.ts';
