/// <reference lib="dom" />
/**
 * The human-task inbox of the chosen dev identity: `GET /tasks?status=open` and one button per
 * outcome posting `POST /tasks/{id}/complete`, with the API's errors beside the form.
 */
import { ApiFailure, api, identity } from './api.ts';
import { executionHref, formatTime, h, reconcile, relative, replaceChildren } from './dom.ts';
import { type FieldControl, fieldControl, readControls, showError } from './forms.ts';
import type { Outcome, Task } from './types.ts';
import type { View } from './view.ts';

export function inboxView(onCount: (n: number) => void): View {
  const who = h('p', { class: 'lead' });
  const list = h('div', { class: 'tasks' });
  const empty = h('p', { class: 'empty', hidden: true });
  const el = h('section', null, h('h1', null, 'Inbox'), who, list, empty);
  return {
    el,
    title: 'Inbox',
    async refresh() {
      const roles = identity.roles || 'no roles';
      replaceChildren(who, 'Open tasks for ', h('strong', null, identity.user), ` (${roles}).`);
      const { tasks } = await api.tasks();
      onCount(tasks.length);
      // Cards of open tasks are kept as they are (with what was typed into them). A card whose task
      // is no longer open stays, closed, while it shows an answer or holds typed data; else it goes.
      const open = new Set(tasks.map((t) => t.id));
      const kept = [...list.querySelectorAll<HTMLElement>('article[data-key]')]
        .filter(
          (a) =>
            !open.has(a.dataset.key ?? '') &&
            (a.dataset.settled !== undefined || a.dataset.dirty !== undefined),
        )
        .map((a) => a.dataset.key ?? '');
      const byId = new Map(tasks.map((t) => [t.id, t]));
      reconcile(
        list,
        [...tasks.map((t) => t.id), ...kept],
        (id) => id,
        (id) => taskCard(byId.get(id) as Task),
      );
      for (const id of kept)
        closeCard(list.querySelector<HTMLElement>(`article[data-key="${CSS.escape(id)}"]`));
      empty.hidden = tasks.length > 0;
      empty.textContent = `No open tasks for ${identity.user} with roles: ${roles}.`;
    },
  };
}

function taskCard(task: Task): HTMLElement {
  const controls: FieldControl[] = task.form.map((f) => fieldControl(f, `task-${task.id.slice(0, 8)}`));
  const alert = h('p', { class: 'alert', role: 'alert', hidden: true });
  const result = h('p', { class: 'result', role: 'status' });
  const buttons = task.outcomes.map((o) => outcomeButton(task, o, controls, alert, result));
  const headingId = `task-${task.id}-title`;
  const facts: [string, string | HTMLElement][] = [
    ['Process', h('a', { href: executionHref(task.execution.id) }, `${task.process} · ${task.step}`)],
  ];
  if (task.surface) facts.push(['Surface', task.surface]);
  if (task.entity) facts.push(['Entity', `${task.entity.name}${task.entity.id ? ` ${task.entity.id}` : ''}`]);
  if (task.role) facts.push(['Role', task.role]);
  if (task.assignee) facts.push(['Assignee', task.assignee]);
  if (task.deadline) {
    const overdue = Date.parse(task.deadline) < Date.now();
    facts.push([
      'Deadline',
      h(
        'span',
        { class: overdue ? 'overdue' : null },
        `${formatTime(task.deadline)} (${relative(task.deadline)})`,
      ),
    ]);
  }
  if (task.escalation_at)
    facts.push(['Escalates', `${formatTime(task.escalation_at)} (${relative(task.escalation_at)})`]);
  const article = h(
    'article',
    { class: 'card task', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, task.title),
    h(
      'dl',
      { class: 'facts' },
      facts.map(([k, v]) => [h('dt', null, k), h('dd', null, v)]),
    ),
    h(
      'form',
      {
        'aria-label': `Form for ${task.title}`,
        onsubmit: (e: Event) => e.preventDefault(),
        oninput: (e: Event) => {
          (e.currentTarget as HTMLElement).closest('article')?.setAttribute('data-dirty', '');
        },
      },
      controls.map((c) => c.row),
      h('div', { class: 'actions', role: 'group', 'aria-label': 'Outcomes' }, buttons),
      alert,
      result,
    ),
  );
  return article;
}

/** A card whose task left the open list: buttons off, a note unless it has an answer, and Dismiss. */
function closeCard(card: HTMLElement | null): void {
  if (!card || card.dataset.closed !== undefined) return;
  card.dataset.closed = '';
  for (const b of card.querySelectorAll<HTMLButtonElement>('.actions button')) b.disabled = true;
  const form = card.querySelector('form');
  if (card.dataset.settled === undefined)
    form?.append(
      h(
        'p',
        { class: 'alert', role: 'alert' },
        'This task is no longer open: someone else completed it, or it expired.',
      ),
    );
  form?.append(
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'btn', onclick: () => card.remove() }, 'Dismiss'),
    ),
  );
}

function outcomeButton(
  task: Task,
  outcome: Outcome,
  controls: FieldControl[],
  alert: HTMLElement,
  result: HTMLElement,
): HTMLButtonElement {
  const style = ['primary', 'danger', 'secondary', 'success', 'warning'].includes(outcome.style)
    ? outcome.style
    : 'secondary';
  const button = h(
    'button',
    { type: 'button', class: `btn ${style}`, 'data-outcome': outcome.name },
    outcome.label || outcome.name,
  );
  button.addEventListener('click', async () => {
    alert.hidden = true;
    let data: Record<string, unknown>;
    try {
      data = readControls(controls);
    } catch (error) {
      showError(error, controls, alert);
      return;
    }
    if (outcome.confirm && !window.confirm(outcome.confirm)) return;
    const all = button.parentElement?.querySelectorAll('button') ?? [];
    for (const b of all) b.disabled = true;
    try {
      await api.complete(task.id, outcome.name, data);
      for (const c of controls) c.setError(undefined);
      result.textContent = `Completed: ${outcome.label || outcome.name}.`;
      button.closest('article')?.setAttribute('data-settled', '');
    } catch (error) {
      showError(error, controls, alert);
      button.closest('article')?.setAttribute('data-settled', '');
      // 409 (already completed) and 410 (expired) are final: the buttons stay off.
      if (!(error instanceof ApiFailure && (error.status === 409 || error.status === 410)))
        for (const b of all) b.disabled = false;
    }
  });
  return button;
}
