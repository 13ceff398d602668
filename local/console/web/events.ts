/// <reference lib="dom" />
/** Events: put an entity event or a signal on the local bus (`POST /events`); see what went by. */
import { ApiFailure, api, type BusEventView, cachedProcesses } from './api.ts';
import { executionHref, formatTime, h, json, reconcile, replaceChildren, shortName, table } from './dom.ts';
import type { WorkflowView } from './types.ts';
import type { View } from './view.ts';

const ENTITY_TYPES = ['EntityCreated', 'EntityUpdated', 'EntityStatusChanged', 'EntityDeleted'];
const STATUS_CHANGE = 'Step Functions Execution Status Change';

export function eventsView(): View {
  const entities = h('datalist', { id: 'known-entities' });
  const signals = h('datalist', { id: 'known-signals' });
  const includeStatus = h('input', { type: 'checkbox', id: 'include-status' });
  const body = h('tbody');
  let events: BusEventView[] = [];
  const draw = () => {
    const shown = events.filter((e) => includeStatus.checked || e['detail-type'] !== STATUS_CHANGE).reverse();
    reconcile(body, shown, (e) => e.id, eventRow);
  };
  includeStatus.addEventListener('change', draw);
  const el = h(
    'section',
    null,
    h('h1', null, 'Events'),
    entities,
    signals,
    h('div', { class: 'two' }, entityForm(), signalForm()),
    h('h2', null, 'On the bus'),
    h(
      'p',
      { class: 'filters' },
      includeStatus,
      h('label', { for: 'include-status' }, ' show execution status changes'),
    ),
    table('grid events', ['Time', 'Detail type', 'Source', 'Detail'], body),
  );
  return {
    el,
    title: 'Events',
    async refresh() {
      const [{ events: recent }, { workflows }] = await Promise.all([api.events(), cachedProcesses()]);
      events = recent;
      fill(entities, known(workflows, 'entity'));
      fill(signals, known(workflows, 'signal'));
      draw();
    },
  };
}

function known(workflows: WorkflowView[], what: 'entity' | 'signal'): string[] {
  const names = new Set<string>();
  for (const w of workflows) {
    for (const t of w.triggers) {
      if (what === 'entity' && 'entity' in t) names.add(t.entity);
      if (what === 'signal' && t.kind === 'signal') names.add(t.signal);
    }
    if (what === 'entity') for (const e of w.entities) names.add(e);
    if (what === 'signal') for (const s of w.signals) names.add(s.signal);
  }
  return [...names].sort();
}

function fill(list: HTMLDataListElement, values: string[]): void {
  if (list.options.length !== values.length)
    replaceChildren(
      list,
      values.map((v) => h('option', { value: v })),
    );
}

function eventRow(e: BusEventView): HTMLElement {
  const text = JSON.stringify(e.detail);
  return h(
    'tr',
    null,
    h('td', null, formatTime(e.time)),
    h('td', null, e['detail-type']),
    h('td', { class: 'mono' }, e.source),
    h(
      'td',
      null,
      text.length > 120
        ? h(
            'details',
            null,
            h('summary', { class: 'mono' }, `${text.slice(0, 100)}…`),
            h('pre', { class: 'code' }, json(e.detail)),
          )
        : h('code', null, text),
    ),
  );
}

function parseObject(text: string, what: string): Record<string, unknown> {
  if (!text.trim()) return {};
  const value = JSON.parse(text) as unknown;
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new Error(`${what} must be a JSON object`);
  return value as Record<string, unknown>;
}

/** A form that builds an event and puts it on the bus, reporting what it started. */
function busForm(
  title: string,
  fields: HTMLElement[],
  build: () => { 'detail-type': string; detail: Record<string, unknown> },
) {
  const alert = h('p', { class: 'alert', role: 'alert', hidden: true });
  const result = h('p', { class: 'result', role: 'status' });
  return h(
    'form',
    {
      class: 'card',
      'aria-label': title,
      onsubmit: async (event: Event) => {
        event.preventDefault();
        alert.hidden = true;
        result.textContent = '';
        try {
          const put = await api.putEvent(build());
          replaceChildren(
            result,
            `Put event ${shortName(put.id)}; `,
            put.started.length
              ? [
                  'started ',
                  put.started.map((arn, i) => [
                    i ? ', ' : '',
                    h('a', { href: executionHref(arn) }, arn.split(':').at(-2) ?? arn),
                  ]),
                ]
              : 'it started no execution',
            '.',
          );
        } catch (error) {
          alert.textContent =
            error instanceof ApiFailure
              ? `${error.status} ${error.error.code}: ${error.error.message}`
              : String(error);
          alert.hidden = false;
        }
      },
    },
    h('h2', null, title),
    fields,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary' }, 'Put on the bus')),
    alert,
    result,
  );
}

const row = (label: string, control: HTMLElement, hint?: string) =>
  h(
    'div',
    { class: 'field' },
    h('label', { for: control.id }, label),
    h('div', { class: 'control' }, control),
    hint ? h('span', { class: 'hint' }, hint) : '',
  );

function entityForm(): HTMLElement {
  const type = h(
    'select',
    { id: 'ev-type' },
    ENTITY_TYPES.map((t) => h('option', { value: t }, t)),
  );
  const entity = h('input', { id: 'ev-entity', list: 'known-entities', required: true, autocomplete: 'off' });
  const id = h('input', {
    id: 'ev-id',
    required: true,
    class: 'mono',
    autocomplete: 'off',
    value: crypto.randomUUID(),
  });
  const from = h('input', { id: 'ev-from', autocomplete: 'off' });
  const to = h('input', { id: 'ev-to', autocomplete: 'off' });
  const data = h('textarea', { id: 'ev-data', rows: 3, class: 'mono', placeholder: '{"field": "value"}' });
  const statusRows = [row('From status', from), row('To status', to)];
  const sync = () => {
    for (const r of statusRows) r.hidden = type.value !== 'EntityStatusChanged';
  };
  type.addEventListener('change', sync);
  sync();
  return busForm(
    'Entity event',
    [row('Event', type), row('Entity', entity), row('Id', id), ...statusRows, row('Data (JSON)', data)],
    () => {
      const detail: Record<string, unknown> = {
        entity: entity.value.trim(),
        id: id.value.trim(),
        data: parseObject(data.value, 'data'),
      };
      if (type.value === 'EntityStatusChanged') {
        if (from.value.trim()) detail.from_status = from.value.trim();
        detail.to_status = to.value.trim();
      }
      return { 'detail-type': type.value, detail };
    },
  );
}

function signalForm(): HTMLElement {
  const name = h('input', { id: 'sig-name', list: 'known-signals', required: true, autocomplete: 'off' });
  const correlation = h('input', { id: 'sig-correlation', autocomplete: 'off' });
  const payload = h('textarea', {
    id: 'sig-payload',
    rows: 3,
    class: 'mono',
    placeholder: '{"field": "value"}',
  });
  return busForm(
    'Signal',
    [
      row('Name', name),
      row('Correlation id', correlation, 'matches the waits with this correlation'),
      row('Payload (JSON)', payload),
    ],
    () => {
      const detail: Record<string, unknown> = {
        name: name.value.trim(),
        payload: parseObject(payload.value, 'payload'),
      };
      if (correlation.value.trim()) detail.correlation_id = correlation.value.trim();
      return { 'detail-type': 'Signal', detail };
    },
  );
}
