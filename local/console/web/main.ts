/// <reference lib="dom" />
/**
 * The dev console: hash routes to four views, the dev identity in the header, and live updates
 * from `/console/api/stream` (server-sent events; polling while the stream is down).
 */
import { api, cachedProcesses, identity, saveIdentity } from './api.ts';
import { h, replaceChildren } from './dom.ts';
import { eventsView } from './events.ts';
import { executionDetailView, executionsView } from './executions.ts';
import { inboxView } from './inbox.ts';
import { processesView } from './processes.ts';
import type { View } from './view.ts';

const main = document.getElementById('main') as HTMLElement;
const live = document.getElementById('live') as HTMLElement;
const inboxCount = document.getElementById('inbox-count') as HTMLElement;
let view: View | undefined;

function route(): View {
  const [path, query = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const [section = 'processes', arg] = path.split('/').map((p) => decodeURIComponent(p));
  switch (section) {
    case 'executions':
      return arg ? executionDetailView(arg) : executionsView(new URLSearchParams(query));
    case 'inbox':
      return inboxView(setInboxCount);
    case 'events':
      return eventsView();
    default:
      return processesView(arg);
  }
}

function setInboxCount(n: number): void {
  inboxCount.textContent = n > 0 ? String(n) : '';
}

let countTimer: number | undefined;
/**
 * The header's inbox count follows changes whichever view is open, at most every 2 s (the dev
 * server logs each API call; a burst of transitions should not flood its terminal).
 */
function scheduleInboxCount(): void {
  if (countTimer !== undefined) return;
  countTimer = window.setTimeout(() => {
    countTimer = undefined;
    api.tasks().then(
      (r) => setInboxCount(r.tasks.length),
      () => {},
    );
  }, 2000);
}

function show(): void {
  view?.dispose?.();
  view = route();
  const section = location.hash.replace(/^#\/?/, '').split(/[/?]/)[0] || 'processes';
  for (const a of document.querySelectorAll<HTMLAnchorElement>('nav a[data-section]'))
    a.setAttribute('aria-current', a.dataset.section === section ? 'page' : 'false');
  document.title = `${view.title} · dazzle-sfn dev console`;
  replaceChildren(main, view.el);
  void refresh();
}

let refreshing: Promise<void> | undefined;
let again = false;

/** Refreshes the current view; a change during a refresh runs one more. */
async function refresh(): Promise<void> {
  if (refreshing) {
    again = true;
    return refreshing;
  }
  const current = view;
  refreshing = (async () => {
    try {
      await current?.refresh();
      if (!location.hash.startsWith('#/inbox')) scheduleInboxCount();
      main.removeAttribute('aria-busy');
      document.querySelector('.load-error')?.remove();
    } catch (error) {
      if (!document.querySelector('.load-error'))
        main.prepend(
          h('p', { class: 'alert load-error', role: 'alert' }, `Could not load: ${String(error)}`),
        );
    }
  })();
  await refreshing;
  refreshing = undefined;
  if (again) {
    again = false;
    await refresh();
  }
}

function connect(): void {
  const source = new EventSource('/console/api/stream');
  let timer: number | undefined;
  let poll: number | undefined;
  const setLive = (text: string, ok: boolean) => {
    live.textContent = text;
    live.classList.toggle('down', !ok);
  };
  source.addEventListener('open', () => {
    setLive('live', true);
    if (poll !== undefined) clearInterval(poll);
    poll = undefined;
  });
  let definitions: unknown;
  source.addEventListener('change', (event) => {
    // A reload of the DSL changes the processes: fetch them again.
    const defs = (JSON.parse((event as MessageEvent<string>).data) as { definitions?: unknown }).definitions;
    if (definitions !== undefined && defs !== definitions) void cachedProcesses(true);
    definitions = defs;
    clearTimeout(timer);
    timer = window.setTimeout(() => void refresh(), 100);
  });
  source.addEventListener('error', () => {
    setLive('reconnecting… (polling)', false);
    poll ??= window.setInterval(() => void refresh(), 3000);
  });
}

function identityForm(): void {
  const form = document.getElementById('identity') as HTMLFormElement;
  const user = document.getElementById('dev-user') as HTMLInputElement;
  const roles = document.getElementById('dev-roles') as HTMLInputElement;
  user.value = identity.user;
  roles.value = identity.roles;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    identity.user = user.value.trim() || 'anonymous';
    identity.roles = roles.value.trim();
    saveIdentity(identity);
    show();
  });
}

identityForm();
window.addEventListener('hashchange', () => {
  show();
  main.focus({ preventScroll: true });
});
main.setAttribute('aria-busy', 'true');
show();
connect();
