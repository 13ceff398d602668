/// <reference lib="dom" />
/** Executions: the live list, and one execution's history with its place on the flow picture. */
import { api, cachedProcesses } from './api.ts';
import {
  type Child,
  executionHref,
  formatDuration,
  formatTime,
  h,
  json,
  reconcile,
  replaceChildren,
  shortName,
  statusBadge,
  table,
} from './dom.ts';
import { flowFigure } from './processes.ts';
import type { Execution, ExecutionDetail, StateVisit, WorkflowView } from './types.ts';
import type { View } from './view.ts';

const STATUSES = ['RUNNING', 'SUCCEEDED', 'SKIPPED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

/** The DSL step of each state still running, e.g. `manager_review`. */
const currentSteps = (e: Execution) => [...new Set(e.current.map((s) => s.split(' ')[0]))].join(', ');

const durationOf = (e: Execution) =>
  e.stop_time ? e.duration_ms : Date.now() - new Date(e.start_time).getTime();

/** `#/executions?process=x&status=FAILED`: the list filtered, the filters kept in the address. */
export function executionsView(query = new URLSearchParams()): View {
  const process = h('select', { id: 'filter-process', name: 'process' }, h('option', { value: '' }, 'all'));
  const status = h(
    'select',
    { id: 'filter-status', name: 'status' },
    h('option', { value: '' }, 'all'),
    STATUSES.map((s) => h('option', { value: s }, s)),
  );
  const body = h('tbody');
  const empty = h('p', { class: 'muted', hidden: true });
  let rows: Execution[] = [];
  const draw = () => {
    const shown = rows.filter(
      (e) => (!process.value || e.process === process.value) && (!status.value || e.status === status.value),
    );
    empty.hidden = shown.length > 0;
    empty.textContent =
      rows.length === 0
        ? 'No executions yet. Start a process, or put an event on the bus.'
        : `None of the ${rows.length} executions matches these filters.`;
    reconcile(body, shown, (e) => e.id, executionRow, updateRow);
  };
  status.value = query.get('status') ?? '';
  // The process named in the address, chosen once its option exists (after the first refresh).
  let wanted = query.get('process');
  const remember = () => {
    const q = new URLSearchParams();
    if (process.value) q.set('process', process.value);
    if (status.value) q.set('status', status.value);
    history.replaceState(null, '', `#/executions${q.size ? `?${q}` : ''}`);
    draw();
  };
  process.addEventListener('change', remember);
  status.addEventListener('change', remember);
  // Running durations tick between refreshes.
  const ticker = setInterval(() => {
    for (const tr of body.querySelectorAll<HTMLElement>('tr[data-running]')) {
      const cell = tr.querySelector('.duration');
      if (cell) cell.textContent = formatDuration(Date.now() - Number(tr.dataset.started));
    }
  }, 1000);
  const el = h(
    'section',
    null,
    h('h1', null, 'Executions'),
    h(
      'div',
      { class: 'filters' },
      h('label', { for: 'filter-process' }, 'Process'),
      process,
      h('label', { for: 'filter-status' }, 'Status'),
      status,
    ),
    table(
      'grid executions',
      ['Process', 'Execution', 'Status', 'Current step', 'Started', 'Duration', 'Transitions'],
      body,
    ),
    empty,
  );
  return {
    el,
    title: 'Executions',
    async refresh() {
      const [{ executions }, { workflows }] = await Promise.all([api.executions(), cachedProcesses()]);
      rows = executions;
      const names = workflows.map((w) => w.label);
      if (process.options.length !== names.length + 1)
        replaceChildren(
          process,
          h('option', { value: '' }, 'all'),
          names.map((n) => h('option', { value: n }, n)),
        );
      if (wanted) {
        process.value = wanted;
        wanted = null;
      }
      draw();
    },
    dispose() {
      clearInterval(ticker);
    },
  };
}

function executionRow(e: Execution): HTMLElement {
  const tr = h(
    'tr',
    null,
    h('td', null, e.process),
    h('td', { class: 'mono' }, h('a', { href: executionHref(e.id), title: e.name }, shortName(e.name))),
    h('td', { class: 'status' }),
    h('td', { class: 'current' }),
    h('td', null, formatTime(e.start_time)),
    h('td', { class: 'duration num' }),
    h('td', { class: 'transitions num' }),
  );
  updateRow(tr, e);
  return tr;
}

function updateRow(tr: HTMLElement, e: Execution): void {
  const cells = tr.children;
  replaceChildren(cells[2], statusBadge(e.status));
  cells[3].textContent =
    e.status === 'RUNNING'
      ? currentSteps(e)
      : e.skipped_by
        ? `lock held by ${holderName(e.skipped_by)}`
        : (e.error ?? '');
  cells[5].textContent = formatDuration(durationOf(e));
  cells[6].textContent = String(e.transitions);
  tr.dataset.started = String(new Date(e.start_time).getTime());
  if (e.status === 'RUNNING') tr.dataset.running = '';
  else delete tr.dataset.running;
}

export function executionDetailView(arn: string): View {
  const head = h('div');
  const figure = h('div');
  const rows = h('tbody');
  const history = h(
    'section',
    null,
    h('h2', null, 'History'),
    table('grid history', ['#', 'State', 'Type', 'Entered', 'Took', 'Attempts', 'Errors', 'Data'], rows),
  );
  let shownHeader = '';
  const el = h(
    'section',
    null,
    h('p', null, h('a', { href: '#/executions' }, '← All executions')),
    head,
    figure,
    history,
  );
  let drawnFlow: string | undefined;
  const ticker = setInterval(() => {
    const cell = head.querySelector<HTMLElement>('[data-running-since]');
    if (cell) cell.textContent = formatDuration(Date.now() - Number(cell.dataset.runningSince));
  }, 1000);
  return {
    el,
    title: 'Execution',
    dispose() {
      clearInterval(ticker);
    },
    async refresh() {
      const [detail, { workflows }] = await Promise.all([api.history(arn), cachedProcesses()]);
      const w = workflows.find((x) => x.id === detail.execution.workflow);
      // Redraw the header only when it changes (it holds links and open/closed details).
      const e = detail.execution;
      const signature = JSON.stringify([e.status, e.transitions, e.current, e.error, detail.children]);
      if (signature !== shownHeader) {
        shownHeader = signature;
        replaceChildren(head, header(detail));
      }
      if (w && drawnFlow !== w.name) {
        drawnFlow = w.name;
        replaceChildren(figure, flowFigure(w));
      }
      if (w) highlight(figure, w, detail);
      reconcile(
        rows,
        detail.states.map((v, i) => ({ s: v, i })),
        ({ s: v, i }) => visitKey(v, i),
        visitRow,
      );
    },
  };
}

function header({ execution: e, children }: ExecutionDetail): Child[] {
  const facts: [string, string | HTMLElement][] = [
    ['Status', statusBadge(e.status)],
    ['Started at', formatTime(e.start_time)],
    [
      'Duration',
      h(
        'span',
        { 'data-running-since': e.status === 'RUNNING' ? Date.parse(e.start_time) : null },
        formatDuration(durationOf(e)),
      ),
    ],
    ['Transitions', String(e.transitions)],
  ];
  if (e.redrive_count) facts.push(['Redriven', `${e.redrive_count}×`]);
  if (e.current.length) facts.push(['Current state', e.current.join(', ')]);
  if (e.skipped_by)
    facts.push([
      'Skipped: lock held by',
      e.skipped_by.startsWith('arn:')
        ? h('a', { href: executionHref(e.skipped_by) }, holderName(e.skipped_by))
        : e.skipped_by,
    ]);
  if (e.parent) {
    const [process, name] = e.parent.split(':').slice(-2);
    facts.push([
      'Started by',
      h('a', { href: executionHref(e.parent) }, `${process} ${shortName(name ?? '')}`),
    ]);
  }
  if (children.length)
    facts.push([
      'Started',
      h(
        'span',
        null,
        children.map((c, i) => [
          i ? ', ' : '',
          h('a', { href: executionHref(c.id) }, `${c.process} ${shortName(c.name)}`),
          ' ',
          statusBadge(c.status),
        ]),
      ),
    ]);
  return [
    h('h1', null, e.process, ' ', h('span', { class: 'sub mono' }, e.name)),
    h(
      'dl',
      { class: 'facts' },
      facts.map(([k, v]) => [h('dt', null, k), h('dd', null, v)]),
    ),
    controls(e),
    e.error
      ? h('div', { class: 'alert', role: 'alert' }, h('strong', null, e.error), e.cause ? `: ${e.cause}` : '')
      : '',
    h(
      'div',
      { class: 'io' },
      h('details', null, h('summary', null, 'Input'), h('pre', { class: 'code' }, json(e.input))),
      e.output !== undefined
        ? h(
            'details',
            { open: true },
            h('summary', null, 'Output'),
            h('pre', { class: 'code' }, json(e.output)),
          )
        : '',
    ),
  ];
}

/**
 * Stop a running execution; redrive one that failed, timed out or was stopped (Step Functions'
 * StopExecution / RedriveExecution, through the dev server's routes and its access rules).
 */
function controls(e: Execution): Child {
  const redrivable = ['FAILED', 'TIMED_OUT', 'ABORTED'].includes(e.status);
  if (e.status !== 'RUNNING' && !redrivable) return '';
  const alert = h('p', { class: 'alert', role: 'alert', hidden: true });
  const act = async (button: HTMLButtonElement, call: () => Promise<unknown>) => {
    alert.hidden = true;
    button.disabled = true;
    try {
      await call();
    } catch (error) {
      alert.textContent = String(error instanceof Error ? error.message : error);
      alert.hidden = false;
      button.disabled = false;
    }
  };
  const button =
    e.status === 'RUNNING'
      ? h('button', { type: 'button', class: 'btn danger' }, 'Stop')
      : h(
          'button',
          { type: 'button', class: 'btn primary', title: 'Continue from the state that did not succeed' },
          'Redrive',
        );
  button.addEventListener('click', () => {
    if (e.status === 'RUNNING') {
      if (window.confirm(`Stop ${e.process} ${e.name}?`)) void act(button, () => api.stop(e.id));
    } else void act(button, () => api.redrive(e.id));
  });
  return h('div', { class: 'actions', role: 'group', 'aria-label': 'Execution actions' }, button, alert);
}

/** Marks the flow picture's nodes: visited, failed, and the current state(s). */
function highlight(figure: HTMLElement, w: WorkflowView, d: ExecutionDetail): void {
  const svg = figure.querySelector('svg');
  if (!svg || !w.diagram) return;
  for (const g of svg.querySelectorAll('g.node')) g.classList.remove('visited', 'current', 'failed');
  const nodes = w.diagram.nodes;
  const mark = (id: string | undefined, cls: string) => {
    if (id) svg.querySelector(`g.node[id="${CSS.escape(id)}"]`)?.classList.add(cls);
  };
  mark('START', 'visited');
  for (const v of d.states) {
    const id = v.compensation ? `c_${v.step}` : nodes[v.step];
    mark(
      id,
      v.status === 'running' ? 'current' : v.status === 'failed' || v.errors.length ? 'failed' : 'visited',
    );
  }
  if (d.execution.status === 'SUCCEEDED') mark('COMPLETE', 'visited');
  else if (d.execution.status !== 'RUNNING') mark('FAILED', 'failed');
}

/** A state's row; its key changes when the row would, so unchanged rows (and focus in them) stay. */
const visitKey = (s: StateVisit, i: number) =>
  `${i}|${s.status}|${s.attempts}|${s.errors.length}|${s.exited_at ?? ''}`;

function visitRow({ s, i }: { s: StateVisit; i: number }): HTMLElement {
  const details = (label: string, value: unknown) =>
    value === undefined
      ? ''
      : h('details', null, h('summary', null, label), h('pre', { class: 'code' }, json(value)));
  return h(
    'tr',
    { class: `visit-${s.status}${s.compensation ? ' compensation' : ''}` },
    h('td', { class: 'num' }, String(i + 1)),
    h(
      'td',
      null,
      s.name,
      s.compensation ? h('span', { class: 'tag compensation' }, 'compensation') : '',
      s.status === 'running' ? h('span', { class: 'tag current' }, 'current') : '',
    ),
    h('td', null, s.type),
    h('td', null, formatTime(s.entered_at)),
    h(
      'td',
      { class: 'num' },
      s.exited_at ? formatDuration(Date.parse(s.exited_at) - Date.parse(s.entered_at)) : '…',
    ),
    h(
      'td',
      { class: 'num' },
      s.attempts > 1 ? `${s.attempts} (${s.attempts - 1} retries)` : s.attempts ? '1' : '',
    ),
    h(
      'td',
      null,
      s.outcome === undefined ? '' : h('span', { class: 'tag outcome' }, `outcome: ${s.outcome}`),
      s.errors.map((e) =>
        h(
          'div',
          { class: 'error-line' },
          h('strong', null, e.error ?? 'error'),
          e.cause ? `: ${e.cause}` : '',
        ),
      ),
    ),
    h('td', null, details('input', s.input), details('output', s.output)),
  );
}

/** `arn:…:execution:machine:name` → `machine name…` (as the parent link). */
function holderName(arn: string): string {
  const [process, name] = arn.split(':').slice(-2);
  return `${process} ${shortName(name ?? '')}`;
}
