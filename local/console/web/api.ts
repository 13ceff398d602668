/// <reference lib="dom" />
/**
 * The page's HTTP client: DESIGN.md §6's API (the same routes every client uses) with the dev auth
 * headers of the chosen identity, and the console's read-only routes under `/console/api/`.
 */
import type { ApiError, Execution, ExecutionDetail, ProcessesResponse, Task } from './types.ts';

export interface Identity {
  user: string;
  /** Comma-separated. */
  roles: string;
}

const IDENTITY_KEY = 'dazzle-sfn.console.identity';

export function loadIdentity(): Identity {
  try {
    const saved = JSON.parse(localStorage.getItem(IDENTITY_KEY) ?? 'null') as Identity | null;
    if (saved && typeof saved.user === 'string')
      return { user: saved.user, roles: String(saved.roles ?? '') };
  } catch {
    // A bad saved value: start from the default.
  }
  return { user: 'alice', roles: 'manager,clerk' };
}

export function saveIdentity(identity: Identity): void {
  localStorage.setItem(IDENTITY_KEY, JSON.stringify(identity));
}

export const identity: Identity = loadIdentity();

export class ApiFailure extends Error {
  override readonly name = 'ApiFailure';
  constructor(
    readonly status: number,
    readonly error: ApiError,
  ) {
    super(`${status} ${error.code}: ${error.message}`);
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {
    'X-Dev-User': identity.user || 'anonymous',
    accept: 'application/json',
  };
  const roles = identity.roles
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  if (roles.length) headers['X-Dev-Roles'] = roles.join(',');
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    parsed = { error: { code: 'BadResponse', message: text.slice(0, 200) } };
  }
  if (!res.ok) {
    const error = (parsed as { error?: ApiError }).error ?? {
      code: res.statusText,
      message: text.slice(0, 200),
    };
    throw new ApiFailure(res.status, error);
  }
  return parsed as T;
}

export const api = {
  processes: () => call<ProcessesResponse>('GET', '/console/api/processes'),
  executions: () => call<{ executions: Execution[] }>('GET', '/console/api/executions'),
  history: (arn: string) =>
    call<ExecutionDetail>('GET', `/console/api/executions/${encodeURIComponent(arn)}/history`),
  start: (process: string, input: Record<string, unknown>) =>
    call<{ executionId: string; name: string }>(
      'POST',
      `/processes/${encodeURIComponent(process)}/executions`,
      {
        input,
      },
    ),
  stop: (id: string) => call<{ stopDate: string }>('POST', `/executions/${encodeURIComponent(id)}/stop`, {}),
  redrive: (id: string) =>
    call<{ redriveDate: string }>('POST', `/executions/${encodeURIComponent(id)}/redrive`, {}),
  tasks: () => call<{ tasks: Task[] }>('GET', '/tasks?status=open'),
  complete: (task: string, outcome: string, data: Record<string, unknown>) =>
    call<Record<string, unknown>>('POST', `/tasks/${encodeURIComponent(task)}/complete`, { outcome, data }),
  putEvent: (event: { 'detail-type': string; detail: Record<string, unknown>; id?: string }) =>
    call<{ id: string; started: string[] }>('POST', '/events', event),
  events: () => call<{ events: BusEventView[] }>('GET', '/events'),
};

export interface BusEventView {
  id: string;
  'detail-type': string;
  source: string;
  time: string;
  detail: Record<string, unknown>;
}

/** Processes change only on a reload; the page fetches them once per change notification at most. */
let processesCache: Promise<ProcessesResponse> | undefined;
export function cachedProcesses(refresh = false): Promise<ProcessesResponse> {
  if (refresh || !processesCache) {
    const pending = api.processes();
    processesCache = pending;
    pending.catch(() => {
      if (processesCache === pending) processesCache = undefined;
    });
  }
  return processesCache;
}
