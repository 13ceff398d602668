import { type Diagnostic, diagnostic, type Location } from '../diagnostics/diagnostic.ts';

/**
 * Unix 5-field cron (`minute hour day-of-month month day-of-week`) → EventBridge Scheduler cron.
 *
 * Unix side (the croner / Vixie dialect): `*`, lists, ranges `a-b`, steps `*∕n` and `a-b/n`, names
 * JAN–DEC and SUN–SAT (case-insensitive), day-of-week 0–7 with 0 and 7 = Sunday, day-of-month `L`
 * (last day), `LW` (last weekday), `15W` (nearest weekday), day-of-week `5L` (last Friday) and
 * `MON#2` (second Monday), `?` as a synonym of `*` in the two day fields, and the nicknames
 * `@hourly @daily @midnight @weekly @monthly @yearly @annually`. When both day fields are restricted
 * (neither is exactly `*`) a day matches when either matches (Unix OR; croner and POSIX decide
 * "restricted" the same way, Vixie cron differs for fields starting with `*∕`).
 *
 * AWS side, per the EventBridge cron reference
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html) and the
 * Scheduler schedule types page
 * (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#cron-based):
 * six fields `cron(minutes hours day-of-month month day-of-week year)`; day-of-week is 1–7 with
 * 1 = SUN; you cannot use `*` in both day-of-month and day-of-week — exactly one of them must be
 * `?`; `/` is allowed in minutes, hours, day-of-month, month and year but not in day-of-week;
 * `L`, `W` (day-of-month) and `L`, `#` (day-of-week) exist. So:
 * - day-of-week numbers are shifted +1 (steps expanded into lists);
 * - `*∕n` becomes `<first>/n`, `a-b/n` an explicit list (AWS documents only `a/n`);
 * - the unrestricted day field becomes `?`; when both are restricted the OR cannot be written in
 *   one AWS expression, so it becomes two schedules (day-of-month with `?`, `?` with day-of-week)
 *   whose union is the Unix schedule — a day matching both fires both at the same instant, so the
 *   caller must make the start idempotent (execution named after the scheduled time) and reports
 *   the split (DZ512);
 * - `L`/`W`/`#` mixed with other values in one field have no AWS form (DZ513).
 */

export type CronFieldName = 'minute' | 'hour' | 'dayOfMonth' | 'month' | 'dayOfWeek';

/** One comma-separated item of a field, with Unix numbering (day-of-week 0–6, Sunday 0). */
export type CronElement =
  | { readonly kind: 'any'; readonly step?: number }
  | { readonly kind: 'range'; readonly from: number; readonly to: number; readonly step?: number }
  | { readonly kind: 'lastDayOfMonth' }
  | { readonly kind: 'lastWeekdayOfMonth' }
  | { readonly kind: 'nearestWeekday'; readonly day: number }
  | { readonly kind: 'lastWeekdayOf'; readonly weekday: number }
  | { readonly kind: 'nthWeekday'; readonly weekday: number; readonly nth: number };

export interface CronField {
  readonly name: CronFieldName;
  /** The field as written. */
  readonly text: string;
  readonly loc: Location;
  readonly elements: readonly CronElement[];
  /** True when the field is exactly `*` (or `?`): it does not restrict. */
  readonly unrestricted: boolean;
}

export interface CronExpr {
  /** The expression as written (a nickname stays a nickname). */
  readonly text: string;
  readonly minute: CronField;
  readonly hour: CronField;
  readonly dayOfMonth: CronField;
  readonly month: CronField;
  readonly dayOfWeek: CronField;
}

export interface AwsSchedules {
  /** One or two `cron(…)` expressions; their union is the Unix schedule. */
  readonly expressions: string[];
  /** True when day-of-month and day-of-week were both restricted and the OR became two schedules. */
  readonly split: boolean;
}

interface FieldSpec {
  readonly name: CronFieldName;
  readonly label: string;
  readonly min: number;
  /** Largest value written (day-of-week 7 = Sunday). */
  readonly max: number;
  readonly names?: readonly string[];
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', label: 'minute', min: 0, max: 59 },
  { name: 'hour', label: 'hour', min: 0, max: 23 },
  { name: 'dayOfMonth', label: 'day-of-month', min: 1, max: 31 },
  { name: 'month', label: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'dayOfWeek', label: 'day-of-week', min: 0, max: 7, names: WEEKDAYS },
];

const NICKNAMES: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

class CronFieldError extends Error {
  constructor(
    readonly code: 'DZ511' | 'DZ513',
    message: string,
    /** Offset inside the field text, and length. */
    readonly offset: number,
    readonly length: number,
  ) {
    super(message);
  }
}

/**
 * Parses and validates a Unix cron expression. `at` is the location of its first character (inside
 * the quotes). Each bad field is one located diagnostic (DZ511, or DZ513 when only AWS cannot say
 * it); a wrong field count is DZ510. Never throws. Note `param("key")` values are resolved at
 * deploy time and must not be passed here.
 */
export function parseCron(text: string, at: Location): { cron?: CronExpr; diagnostics: Diagnostic[] } {
  const trimmed = text.trim();
  const lead = text.length - text.trimStart().length;
  if (trimmed.startsWith('@')) {
    const expansion = NICKNAMES[trimmed.toLowerCase()];
    if (expansion === undefined) {
      const names = Object.keys(NICKNAMES).join(' ');
      const loc = { ...at, column: at.column + lead, length: trimmed.length };
      return {
        diagnostics: [diagnostic('DZ510', `unknown cron nickname "${trimmed}" (known: ${names})`, loc)],
      };
    }
    const parsed = parseFields(expansion, { ...at, column: at.column + lead, length: trimmed.length }, true);
    return parsed.cron ? { cron: { ...parsed.cron, text }, diagnostics: [] } : parsed;
  }
  return parseFields(text, at, false);
}

function parseFields(
  text: string,
  at: Location,
  nickname: boolean,
): { cron?: CronExpr; diagnostics: Diagnostic[] } {
  const parts = [...text.matchAll(/\S+/g)];
  if (parts.length !== 5) {
    const hint =
      parts.length === 6 || parts.length === 7
        ? ' (write the Unix form "minute hour day-of-month month day-of-week"; the AWS six-field form and seconds are not accepted)'
        : ' ("minute hour day-of-month month day-of-week")';
    const loc = { ...at, length: Math.max(1, text.length) };
    return { diagnostics: [diagnostic('DZ510', `cron needs 5 fields, found ${parts.length}${hint}`, loc)] };
  }
  const diagnostics: Diagnostic[] = [];
  const fields: CronField[] = [];
  parts.forEach((part, index) => {
    const spec = FIELDS[index];
    const start = part.index ?? 0;
    const loc: Location = nickname ? at : { ...at, column: at.column + start, length: part[0].length };
    try {
      const elements = parseField(part[0], spec);
      fields.push({
        name: spec.name,
        text: part[0],
        loc,
        elements,
        unrestricted: part[0] === '*' || part[0] === '?',
      });
    } catch (error) {
      if (!(error instanceof CronFieldError)) throw error;
      const where = nickname ? loc : { ...loc, column: loc.column + error.offset, length: error.length };
      diagnostics.push(diagnostic(error.code, `${spec.label} "${part[0]}": ${error.message}`, where));
    }
  });
  if (diagnostics.length > 0) return { diagnostics };
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields;
  return { cron: { text, minute, hour, dayOfMonth, month, dayOfWeek }, diagnostics };
}

function parseField(text: string, spec: FieldSpec): CronElement[] {
  if (text === '?') {
    if (spec.name === 'dayOfMonth' || spec.name === 'dayOfWeek') return [{ kind: 'any' }];
    throw new CronFieldError('DZ511', '"?" is only allowed in day-of-month and day-of-week', 0, 1);
  }
  const elements: CronElement[] = [];
  let offset = 0;
  for (const item of text.split(',')) {
    if (item === '') throw new CronFieldError('DZ511', 'empty list item', offset, 1);
    elements.push(parseElement(item, spec, offset));
    offset += item.length + 1;
  }
  const special = elements.some((e) => e.kind !== 'any' && e.kind !== 'range');
  if (special && elements.length > 1) {
    throw new CronFieldError(
      'DZ513',
      'EventBridge Scheduler cannot combine L, W or # with other values in one field (use a separate schedule)',
      0,
      text.length,
    );
  }
  return elements;
}

function parseElement(item: string, spec: FieldSpec, offset: number): CronElement {
  const fail = (message: string): never => {
    throw new CronFieldError('DZ511', message, offset, item.length);
  };
  const upper = item.toUpperCase();
  if (spec.name === 'dayOfMonth') {
    if (upper === 'L') return { kind: 'lastDayOfMonth' };
    if (upper === 'LW') return { kind: 'lastWeekdayOfMonth' };
    const weekday = /^(\d+)W$/.exec(upper);
    if (weekday) return { kind: 'nearestWeekday', day: value(weekday[1], spec, fail) };
  }
  if (spec.name === 'dayOfWeek') {
    const last = /^([A-Z]+|\d+)L$/.exec(upper);
    if (last) return { kind: 'lastWeekdayOf', weekday: value(last[1], spec, fail) % 7 };
    const nth = /^([A-Z]+|\d+)#(\d+)$/.exec(upper);
    if (nth) {
      const n = Number(nth[2]);
      if (n < 1 || n > 5) fail(`"#${nth[2]}": the occurrence must be 1 to 5`);
      return { kind: 'nthWeekday', weekday: value(nth[1], spec, fail) % 7, nth: n };
    }
  }
  if (/[LW#]/.test(upper) && !/^[A-Z]{3}(-[A-Z]{3})?(\/\d+)?$/.test(upper)) {
    const where =
      spec.name === 'dayOfMonth'
        ? 'L, LW and <day>W'
        : spec.name === 'dayOfWeek'
          ? '<day>L and <day>#<n>'
          : 'nothing in this field';
    fail(`unsupported form (L, W and # allow ${where})`);
  }
  const [base, stepText, extra] = item.split('/');
  if (extra !== undefined) fail('more than one "/"');
  const step = stepText === undefined ? undefined : stepOf(stepText, spec, fail);
  if (base === '*') return { kind: 'any', step };
  const [fromText, toText, more] = base.split('-');
  if (more !== undefined) fail('a range has one "-"');
  const from = value(fromText, spec, fail);
  if (toText === undefined) {
    if (step !== undefined)
      fail(`a step needs a range: write "${fromText}-${spec.max}/${stepText}" or "*/${stepText}"`);
    return { kind: 'range', from, to: from };
  }
  const to = value(toText, spec, fail);
  if (to < from) fail(`the range goes backwards (${from} > ${to})`);
  return { kind: 'range', from, to, step };
}

function value(text: string, spec: FieldSpec, fail: (message: string) => never): number {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return named + (spec.name === 'month' ? 1 : 0);
  if (!/^\d+$/.test(text)) {
    const names = spec.names ? ` or ${spec.names[0]}-${spec.names[spec.names.length - 1]}` : '';
    return fail(`"${text}" is not a number${names}`);
  }
  const n = Number(text);
  if (n < spec.min || n > spec.max) fail(`${n} is out of range (${spec.min}-${spec.max})`);
  return n;
}

function stepOf(text: string, spec: FieldSpec, fail: (message: string) => never): number {
  if (!/^\d+$/.test(text)) return fail(`step "${text}" is not a number`);
  const step = Number(text);
  const span = lastValue(spec) - spec.min + 1;
  if (step < 1 || step > span) fail(`step ${step} is out of range (1-${span})`);
  return step;
}

/** The last distinct value (day-of-week: 6, since 7 is Sunday again). */
const lastValue = (spec: FieldSpec): number => (spec.name === 'dayOfWeek' ? 6 : spec.max);

const specOf = (name: CronFieldName): FieldSpec => FIELDS.find((f) => f.name === name)!;

/** The EventBridge Scheduler expression(s) for a parsed Unix cron (see the module comment). */
export function toAwsSchedules(cron: CronExpr): AwsSchedules {
  const minute = renderSteppable(cron.minute);
  const hour = renderSteppable(cron.hour);
  const month = renderSteppable(cron.month);
  const dom = renderSteppable(cron.dayOfMonth);
  const dow = renderDayOfWeek(cron.dayOfWeek);
  const expression = (d: string, w: string) => `cron(${minute} ${hour} ${d} ${month} ${w} *)`;
  const domFree = cron.dayOfMonth.unrestricted;
  const dowFree = cron.dayOfWeek.unrestricted;
  if (domFree && dowFree) return { expressions: [expression('*', '?')], split: false };
  if (dowFree) return { expressions: [expression(dom, '?')], split: false };
  if (domFree) return { expressions: [expression('?', dow)], split: false };
  return { expressions: [expression(dom, '?'), expression('?', dow)], split: true };
}

/**
 * Parses, converts and reports: DZ510/511/513 errors, or the schedules plus a DZ512 warning when the
 * day-of-month/day-of-week OR had to become two schedules.
 */
export function compileCron(
  text: string,
  at: Location,
): { schedules?: AwsSchedules; diagnostics: Diagnostic[] } {
  let compiled = compiledCrons.get(text);
  if (!compiled) {
    const { cron, diagnostics } = parseCron(text, at);
    if (!cron) return { diagnostics };
    compiled = { ...toAwsSchedules(cron), dayOfMonth: cron.dayOfMonth.text, dayOfWeek: cron.dayOfWeek.text };
    compiledCrons.set(text, compiled);
  }
  const schedules: AwsSchedules = { expressions: [...compiled.expressions], split: compiled.split };
  if (!schedules.split) return { schedules, diagnostics: [] };
  const message =
    `day-of-month "${compiled.dayOfMonth}" and day-of-week "${compiled.dayOfWeek}" are both restricted, so ` +
    `Unix cron runs on either; EventBridge Scheduler cannot say "or", so this becomes two schedules ` +
    `(${schedules.expressions.join(' and ')})`;
  return {
    schedules,
    diagnostics: [diagnostic('DZ512', message, { ...at, length: Math.max(1, text.length) })],
  };
}

/**
 * What each valid cron text compiles to (the validator and the manifest both compile every cron of
 * every build; a result holds no location, so it depends on the text alone).
 */
const compiledCrons = new Map<string, AwsSchedules & { dayOfMonth: string; dayOfWeek: string }>();

/** Minutes, hours, day-of-month, month: AWS allows `,` `-` `*` `/` there. */
function renderSteppable(field: CronField): string {
  const spec = specOf(field.name);
  if (field.elements.some((e) => e.kind === 'any' && e.step === undefined)) return '*';
  return field.elements
    .map((element) => {
      switch (element.kind) {
        case 'any':
          return `${spec.min}/${element.step}`;
        case 'range':
          if (element.step !== undefined) return expand(element.from, element.to, element.step).join(',');
          return element.from === element.to ? `${element.from}` : `${element.from}-${element.to}`;
        case 'lastDayOfMonth':
          return 'L';
        case 'lastWeekdayOfMonth':
          return 'LW';
        case 'nearestWeekday':
          return `${element.day}W`;
        case 'lastWeekdayOf':
        case 'nthWeekday':
          throw new Error(`day-of-week element in ${field.name}`);
        default: {
          const never: never = element;
          return never;
        }
      }
    })
    .join(',');
}

/** Day-of-week: AWS 1–7 = SUN–SAT, no `/`; `L` and `#` stand alone (checked by the parser). */
function renderDayOfWeek(field: CronField): string {
  const [first] = field.elements;
  if (first.kind === 'lastWeekdayOf') return `${first.weekday + 1}L`;
  if (first.kind === 'nthWeekday') return `${first.weekday + 1}#${first.nth}`;
  const days = new Set<number>();
  for (const element of field.elements) {
    const [from, to] = element.kind === 'range' ? [element.from, element.to] : [0, 6];
    const step = element.kind === 'range' || element.kind === 'any' ? (element.step ?? 1) : 1;
    for (const day of expand(from, to, step)) days.add(day % 7);
  }
  if (days.size === 7) return '*';
  return compact([...days].map((d) => d + 1).sort((a, b) => a - b));
}

function expand(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let v = from; v <= to; v += step) values.push(v);
  return values;
}

/** Sorted distinct numbers as `1,3-5,7` (runs of three or more become ranges). */
function compact(values: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < values.length; ) {
    let j = i;
    while (j + 1 < values.length && values[j + 1] === values[j] + 1) j++;
    if (j - i >= 2) parts.push(`${values[i]}-${values[j]}`);
    else for (let k = i; k <= j; k++) parts.push(`${values[k]}`);
    i = j + 1;
  }
  return parts.join(',');
}
