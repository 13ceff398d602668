/// <reference lib="dom" />
/**
 * Form controls for declared fields (process inputs, human-task forms): a control per type, the
 * value read back typed, and errors shown beside the field the API names.
 */
import { ApiFailure } from './api.ts';
import { h } from './dom.ts';
import type { Field } from './types.ts';

export interface FieldControl {
  field: Field;
  row: HTMLElement;
  /** The typed value, or undefined when left empty (the server applies the default). */
  read(): unknown;
  setError(message: string | undefined): void;
}

type Kind =
  | 'bool'
  | 'number'
  | 'integer'
  | 'date'
  | 'datetime'
  | 'uuid'
  | 'json'
  | 'text'
  | 'string'
  | 'enum'
  | 'email'
  | 'url';

/** The server's UUID check (lambdas/shared/fields.ts), as an HTML pattern. */
const UUID_PATTERN = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** `enum[a,b]` / `enum(a, "b")` → its values. */
function enumValues(type: string): string[] {
  const args = /^enum\s*[([](.*)[)\]]\s*$/i.exec(type.trim())?.[1] ?? '';
  return args
    .split(',')
    .map((v) => v.trim().replace(/^["']|["']$/g, ''))
    .filter(Boolean);
}

function kindOf(type: string): Kind {
  const t = type.toLowerCase();
  if (/^bool/.test(t)) return 'bool';
  if (/^(int|integer|bigint|smallint)\b/.test(t)) return 'integer';
  if (/^(decimal|float|double|number|money|numeric)/.test(t)) return 'number';
  if (/^(datetime|timestamp)/.test(t)) return 'datetime';
  if (/^date/.test(t)) return 'date';
  if (/^uuid/.test(t)) return 'uuid';
  if (/^(json|list|dict|map|object|array)/.test(t)) return 'json';
  if (/^enum/.test(t)) return 'enum';
  if (/^email/.test(t)) return 'email';
  if (/^url/.test(t)) return 'url';
  if (/^text/.test(t)) return 'text';
  return 'string';
}

export function fieldControl(field: Field, idPrefix: string): FieldControl {
  const kind = kindOf(field.type);
  // A required yes/no with no default needs an explicit answer: an unticked box would say "no".
  if (kind === 'bool' && field.required && field.default === undefined) return choiceControl(field, idPrefix);
  const id = `${idPrefix}-${field.name}`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const common = {
    id,
    name: field.name,
    'aria-describedby': `${hintId} ${errorId}`,
    'aria-required': field.required ? 'true' : null,
  };
  let control: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
  const extra: HTMLElement[] = [];
  switch (kind) {
    case 'bool':
      control = h('input', { ...common, type: 'checkbox', checked: field.default === 'true' });
      break;
    case 'integer':
    case 'number':
      control = h('input', {
        ...common,
        type: 'number',
        step: kind === 'integer' ? '1' : 'any',
        required: field.required,
        placeholder: field.default,
      });
      break;
    case 'date':
    case 'datetime':
      control = h('input', {
        ...common,
        type: kind === 'date' ? 'date' : 'datetime-local',
        required: field.required,
      });
      break;
    case 'json':
    case 'text':
      control = h('textarea', { ...common, rows: 2, required: field.required, placeholder: field.default });
      break;
    case 'uuid': {
      control = h('input', {
        ...common,
        type: 'text',
        required: field.required,
        pattern: UUID_PATTERN,
        placeholder: field.default ?? '00000000-0000-4000-8000-000000000000',
        spellcheck: 'false',
        class: 'mono',
      });
      const input = control;
      extra.push(
        h(
          'button',
          {
            type: 'button',
            class: 'btn small',
            'aria-label': `New UUID for ${field.name}`,
            onclick: () => {
              input.value = crypto.randomUUID();
            },
          },
          'New UUID',
        ),
      );
      break;
    }
    case 'enum':
      control = h(
        'select',
        { ...common, required: field.required },
        h(
          'option',
          { value: '' },
          field.default ? `(default: ${field.default})` : field.required ? 'choose…' : '—',
        ),
        enumValues(field.type).map((v) => h('option', { value: v }, v)),
      );
      break;
    case 'email':
    case 'url':
      control = h('input', { ...common, type: kind, required: field.required, placeholder: field.default });
      break;
    default: {
      const max = /^(?:str|string)\s*\((\d+)\)/i.exec(field.type)?.[1];
      control = h('input', {
        ...common,
        type: 'text',
        required: field.required,
        placeholder: field.default,
        maxlength: max,
      });
    }
  }
  const error = h('span', { id: errorId, class: 'field-error', role: 'alert' });
  const hint = h(
    'span',
    { id: hintId, class: 'hint' },
    `${field.type}${field.required ? ', required' : ''}${field.default !== undefined ? `, default ${field.default}` : ''}`,
    field.description ? ` — ${field.description}` : '',
  );
  const label = h(
    'label',
    { for: id },
    field.name,
    field.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : '',
  );
  const row = h(
    'div',
    { class: `field field-${kind}` },
    kind === 'bool'
      ? h('div', { class: 'check' }, control, label)
      : [label, h('div', { class: 'control' }, control, extra)],
    hint,
    error,
  );
  return {
    field,
    row,
    read() {
      if (control instanceof HTMLInputElement && control.type === 'checkbox') return control.checked;
      const text = control.value.trim();
      if (text === '') return undefined;
      switch (kind) {
        case 'integer':
        case 'number':
          return Number(text);
        case 'datetime':
          return new Date(text).toISOString();
        case 'json':
          try {
            return JSON.parse(text);
          } catch {
            throw new FieldError(field.name, 'is not valid JSON');
          }
        default:
          return text;
      }
    },
    setError(message) {
      error.textContent = message ?? '';
      if (message) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
    },
  };
}

/**
 * Yes / no radio buttons with neither chosen: reading it before a choice is a FieldError shown
 * beside it, so the form is not sent.
 */
function choiceControl(field: Field, idPrefix: string): FieldControl {
  const id = `${idPrefix}-${field.name}`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const option = (value: 'yes' | 'no') =>
    h(
      'label',
      null,
      h('input', {
        type: 'radio',
        name: id,
        value,
        id: `${id}-${value}`,
        required: true,
        'aria-describedby': `${hintId} ${errorId}`,
      }),
      value,
    );
  const yes = option('yes');
  const no = option('no');
  const group = h(
    'fieldset',
    { class: 'choice', id, role: 'radiogroup', 'aria-required': 'true' },
    h('legend', null, field.name, h('span', { class: 'req', 'aria-hidden': 'true' }, ' *')),
    h('div', { class: 'options' }, yes, no),
  );
  const error = h('span', { id: errorId, class: 'field-error', role: 'alert' });
  const hint = h(
    'span',
    { id: hintId, class: 'hint' },
    `${field.type}, required: choose yes or no`,
    field.description ? ` — ${field.description}` : '',
  );
  const radios = () => [...group.querySelectorAll<HTMLInputElement>('input[type=radio]')];
  return {
    field,
    row: h('div', { class: 'field field-choice' }, group, hint, error),
    read() {
      const chosen = radios().find((r) => r.checked);
      if (!chosen) throw new FieldError(field.name, 'is required: choose yes or no');
      return chosen.value === 'yes';
    },
    setError(message) {
      error.textContent = message ?? '';
      if (message) group.setAttribute('aria-invalid', 'true');
      else group.removeAttribute('aria-invalid');
    },
  };
}

export class FieldError extends Error {
  override readonly name = 'FieldError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The values of the filled-in controls. */
export function readControls(controls: readonly FieldControl[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of controls) {
    const v = c.read();
    if (v !== undefined) out[c.field.name] = v;
  }
  return out;
}

/**
 * Shows an error: beside its field when the API (or parsing) names one (`input.amount`,
 * `data.approved`, `amount`), and always in the form's alert line with its status.
 */
export function showError(error: unknown, controls: readonly FieldControl[], alert: HTMLElement): void {
  for (const c of controls) c.setError(undefined);
  let field: string | undefined;
  let text: string;
  if (error instanceof ApiFailure) {
    field = error.error.field;
    text = `${error.status} ${error.error.code}: ${error.error.message}`;
  } else if (error instanceof FieldError) {
    field = error.field;
    text = `${error.field} ${error.message}`;
  } else text = String(error);
  const name = field?.split('.').at(-1);
  const control = controls.find((c) => c.field.name === field || c.field.name === name);
  control?.setError(error instanceof FieldError ? error.message : (error as ApiFailure).error?.message);
  alert.textContent = text;
  alert.hidden = false;
}
