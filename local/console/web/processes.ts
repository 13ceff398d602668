/// <reference lib="dom" />
/** Processes and schedules: trigger, flow picture, declared inputs, and a start form for manual ones. */
import { api, cachedProcesses } from './api.ts';
import {
  type Child,
  executionHref,
  formatDuration,
  formatTime,
  h,
  relative,
  replaceChildren,
  table,
} from './dom.ts';
import { type FieldControl, fieldControl, readControls, showError } from './forms.ts';
import type { Schedule, Trigger, WorkflowView } from './types.ts';
import type { View } from './view.ts';

const param = (v: string | { param: string }) => (typeof v === 'string' ? v : `param(${v.param})`);

/** A schedule as written; a `param(…)` one with the values the dev server resolved it to. */
export function scheduleText(s: Schedule): string {
  if (s.resolved) {
    const from = [s.expression, s.timezone].filter((v) => typeof v !== 'string').map(param);
    return `${s.resolved.source} — ${s.resolved.expressions.join(' + ')}, ${s.resolved.timezone} (from ${from.join(', ')})`;
  }
  return `${s.source} — ${param(s.expression)}, ${param(s.timezone)}`;
}

export function triggerText(t: Trigger, w: WorkflowView): string {
  switch (t.kind) {
    case 'entity_event':
      return `when entity ${t.entity} is ${t.event_type}`;
    case 'entity_status_transition':
      return `when ${t.entity} status ${t.from_status ? `${t.from_status} ` : ''}→ ${t.to_status}`;
    case 'signal':
      return `on signal ${t.signal}`;
    case 'process_completed':
      return `when process ${t.process} completes`;
    case 'manual':
      return 'manual start';
    case 'schedule_cron':
    case 'schedule_interval': {
      const s = w.schedules.find((x) => x.id === t.schedule) ?? w.schedules[0];
      return s ? scheduleText(s) : t.kind;
    }
  }
}

export function workflowTriggers(w: WorkflowView): string {
  if (w.triggers.length > 0) return w.triggers.map((t) => triggerText(t, w)).join('; ');
  return w.schedules.map(scheduleText).join('; ') || 'no trigger';
}

export const isManual = (w: WorkflowView) => w.triggers.some((t) => t.kind === 'manual');

export function processesView(selected: string | undefined): View {
  const list = h('nav', { class: 'side', 'aria-label': 'Processes and schedules' });
  const detail = h('section', { class: 'detail', 'aria-live': 'off' });
  const el = h('div', { class: 'split' }, list, detail);
  let shown: string | undefined;
  return {
    el,
    title: 'Processes',
    async refresh() {
      const { workflows } = await cachedProcesses();
      // Selected by id (`#/processes/process-x`); a bare name from an older link still works.
      const chosen =
        workflows.find((w) => w.id === selected) ??
        workflows.find((w) => w.name === selected) ??
        (selected === undefined ? (workflows.find(isManual) ?? workflows[0]) : undefined);
      const name = chosen?.id;
      replaceChildren(
        list,
        (['process', 'schedule'] as const).map((kind) => [
          h(
            'h2',
            { class: 'side-title' },
            kind === 'process' ? 'Processes' : 'Schedules',
            h('span', { class: 'count-of' }, `(${workflows.filter((w) => w.kind === kind).length})`),
          ),
          h(
            'ul',
            null,
            workflows
              .filter((w) => w.kind === kind)
              .map((w) =>
                h(
                  'li',
                  null,
                  h(
                    'a',
                    {
                      href: `#/processes/${encodeURIComponent(w.id)}`,
                      'aria-current': w.id === name ? 'page' : null,
                      title: `${w.name}: ${workflowTriggers(w)}`,
                    },
                    h('span', { class: 'name' }, w.name),
                    isManual(w) ? h('span', { class: 'tag' }, 'manual') : '',
                    h('span', { class: 'sub' }, workflowTriggers(w)),
                  ),
                ),
              ),
          ),
        ]),
      );
      // The detail holds a form: draw it once per selection, not on every live refresh.
      const workflow = chosen;
      if (workflow && shown !== workflow.id) {
        shown = workflow.id;
        replaceChildren(detail, workflowDetail(workflow));
      } else if (!workflow)
        replaceChildren(detail, h('p', null, `No process or schedule named ${selected}.`));
    },
  };
}

function workflowDetail(w: WorkflowView): Child[] {
  const facts: [string, string | HTMLElement][] = [
    ['Trigger', workflowTriggers(w)],
    ['Type', `${w.workflow_type}, timeout ${formatDuration(w.timeout_seconds * 1000)}`],
  ];
  for (const s of w.schedules)
    if (s.next) facts.push(['Next run', `${formatTime(s.next)} (${relative(s.next)})`]);
  if (w.human_tasks.length)
    facts.push([
      'Human tasks',
      w.human_tasks.map((t) => `${t.title} (${t.step}${t.role ? `, role ${t.role}` : ''})`).join('; '),
    ]);
  if (w.signals.length)
    facts.push(['Waits for', w.signals.map((s) => `signal ${s.signal} (${s.step})`).join('; ')]);
  if (w.subprocesses.length) facts.push(['Subprocesses', w.subprocesses.join(', ')]);
  const emits = [
    w.emits.on_start,
    w.emits.on_complete,
    w.emits.on_failure,
    ...w.emits.messages.map((m) => m.message),
  ];
  if (emits.some(Boolean)) facts.push(['Emits', emits.filter(Boolean).join(', ')]);
  return [
    h('h1', null, w.title ?? w.name, w.title ? h('span', { class: 'sub' }, ` ${w.name}`) : ''),
    w.description ? h('p', { class: 'lead' }, w.description) : '',
    h(
      'dl',
      { class: 'facts' },
      facts.map(([k, v]) => [h('dt', null, k), h('dd', null, v)]),
    ),
    isManual(w) ? startForm(w) : '',
    w.inputs.length && !isManual(w) ? inputsTable(w) : '',
    flowFigure(w),
  ];
}

function inputsTable(w: WorkflowView): HTMLElement {
  return h(
    'section',
    null,
    h('h2', null, 'Inputs'),
    table(
      'grid',
      ['Name', 'Type', 'Required', 'Default', 'Description'],
      w.inputs.map((f) =>
        h(
          'tr',
          null,
          h('td', { class: 'mono' }, f.name),
          h('td', null, f.type),
          h('td', null, f.required ? 'yes' : ''),
          h('td', null, f.default ?? ''),
          h('td', null, f.description ?? ''),
        ),
      ),
    ),
  );
}

export function flowFigure(w: WorkflowView): HTMLElement {
  if (!w.diagram)
    return h('p', { class: 'muted' }, 'No flow picture (the dev server did not pass its DSL paths).');
  const picture = h('div', { class: 'flow', role: 'img', 'aria-label': `Flow of ${w.name}` });
  picture.innerHTML = w.diagram.svg;
  return h(
    'figure',
    { class: 'flow-figure' },
    h('figcaption', null, 'Flow'),
    picture,
    h('details', null, h('summary', null, 'Mermaid source'), h('pre', { class: 'code' }, w.diagram.mermaid)),
  );
}

function startForm(w: WorkflowView): HTMLElement {
  const controls: FieldControl[] = w.inputs.map((f) => fieldControl(f, `start-${w.name}`));
  const alert = h('p', { class: 'alert', role: 'alert', hidden: true });
  const result = h('p', { class: 'result', role: 'status' });
  const submit = h('button', { type: 'submit', class: 'btn primary' }, `Start ${w.name}`);
  return h(
    'form',
    {
      class: 'card start-form',
      'aria-label': `Start ${w.name}`,
      onsubmit: async (event: Event) => {
        event.preventDefault();
        alert.hidden = true;
        result.textContent = '';
        submit.disabled = true;
        try {
          const started = await api.start(w.name, readControls(controls));
          for (const c of controls) c.setError(undefined);
          replaceChildren(
            result,
            'Started ',
            h('a', { href: executionHref(started.executionId) }, started.name),
            '.',
          );
        } catch (error) {
          showError(error, controls, alert);
        } finally {
          submit.disabled = false;
        }
      },
    },
    h('h2', null, 'Start'),
    controls.length
      ? controls.map((c) => c.row)
      : h('p', { class: 'muted' }, 'This process takes no inputs.'),
    h('div', { class: 'actions' }, submit),
    alert,
    result,
  );
}
